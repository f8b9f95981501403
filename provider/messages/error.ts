/**
 * A SCIM error as a value: status, the RFC 7644 §3.12 `scimType` where one applies, and a detail a person
 * can act on. Core code throws it; the handler turns it into the wire body at one boundary.
 */
import { MESSAGE, type ScimType } from '../../vocabulary/constants.js';

export class ScimError extends Error {
  readonly status: number;
  readonly scimType: ScimType | undefined;
  readonly detail: string;
  /** Extra response headers, e.g. `WWW-Authenticate` on 401 or `Allow` on 405. */
  readonly headers: Record<string, string>;

  constructor(status: number, scimType: ScimType | undefined, detail: string, headers: Record<string, string> = {}) {
    super(detail);
    this.name = 'ScimError';
    this.status = status;
    this.scimType = scimType;
    this.detail = detail;
    this.headers = headers;
  }

  toBody(): ScimErrorBody {
    return {
      schemas: [MESSAGE.error],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.detail,
    };
  }
}

export interface ScimErrorBody {
  schemas: string[];
  status: string;
  scimType?: ScimType;
  detail: string;
}

export const badRequest = (scimType: ScimType, detail: string) => new ScimError(400, scimType, detail);
export const notFound = (detail: string) => new ScimError(404, undefined, detail);
/** A request outside the SCIM base path, in the same words from every adapter. */
export const outsideBasePath = (path: string, basePath: string) => notFound(`Nothing at '${path}'; the SCIM API is at '${basePath}'.`);
