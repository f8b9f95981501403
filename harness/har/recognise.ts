/** Which IdP sent a request, told from what the registered mock-IdP profiles declare they send. */
// Derived from the declarations (User-Agent, query encoding), so a newly registered IdP is recognised without changes here.
import { IDP_PROFILES } from '../../mock-idp/index.js';
import type { IdpDeclaration } from '../../mock-idp/declaration.js';
import { headerValue } from './har.js';

/** What a request is recognised by. */
export interface IdpSignature {
  idp: string;
  /** The declared User-Agent, e.g. `Okta SCIM Client 1.0.0`. */
  userAgent: string | undefined;
  /** The User-Agent without versions or comments (`Okta SCIM Client`), which a newer client version still carries. */
  product: string | undefined;
  spaceAs: '%20' | '+';
}

export interface RecognisableRequest {
  method: string;
  url: string;
  /** Header name → value (names in any case). */
  headers: Record<string, string> | readonly { name: string; value: string }[];
  body?: string | undefined;
}

/** The User-Agent a declaration sends: its traffic headers, else the default of a `userAgent` setting. */
function declaredUserAgent(declaration: IdpDeclaration): string | undefined {
  const fromHeaders = Object.entries(declaration.traffic.headers).find(([name]) => name.toLowerCase() === 'user-agent')?.[1];
  if (fromHeaders) return fromHeaders;
  const setting = declaration.settings['userAgent']?.default;
  return typeof setting === 'string' ? setting : undefined;
}

/** `Okta SCIM Client 1.0.0` → `Okta SCIM Client`; `Microsoft-Entra-Provisioning/1.0 (…)` → `Microsoft-Entra-Provisioning`. */
function productOf(userAgent: string): string | undefined {
  const product = userAgent
    .replace(/\([^)]*\)/g, ' ')
    .split(/\s+/)
    .map((word) => word.replace(/\/.*$/, ''))
    .filter((word) => word !== '' && !/^v?\d[\d.]*$/.test(word))
    .join(' ');
  return product.length >= 4 ? product : undefined;
}

export function signaturesOf(declarations: readonly IdpDeclaration[]): IdpSignature[] {
  return declarations.map((d) => {
    const userAgent = declaredUserAgent(d);
    return { idp: d.name, userAgent, product: userAgent ? productOf(userAgent) : undefined, spaceAs: d.traffic.spaceAs };
  });
}

let registered: IdpSignature[] | undefined;

/** The signatures of every profile registered in mock-idp/index.ts. */
export function idpSignatures(): IdpSignature[] {
  registered ??= signaturesOf(IDP_PROFILES.map((p) => p.declaration));
  return registered;
}

/** PATCH ops written `Replace`/`Add`/`Remove`: RFC 7644 §3.5.2 spells them lower-case, Entra capitalises (audit E7). */
function capitalisedPatchOps(body: string | undefined): boolean {
  if (!body) return false;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return false;
    const ops = (parsed as Record<string, unknown>)['Operations'];
    return Array.isArray(ops) && ops.some((op) => typeof op === 'object' && op !== null && /^(Add|Replace|Remove)$/.test(String((op as Record<string, unknown>)['op'])));
  } catch {
    return false;
  }
}

/**
 * The IdP that sent the request, or undefined when it cannot be told. First the User-Agent (exactly as
 * declared, then the declared product name in it, then the IdP's own name in it), then the secondary clues
 * of a profile that form-encodes spaces (Entra: `filter=userName+eq+%22…%22`) and Entra's capitalised PATCH ops.
 */
export function recogniseIdp(request: RecognisableRequest, signatures: readonly IdpSignature[] = idpSignatures()): string | undefined {
  const userAgent = headerValue(request.headers, 'user-agent')?.trim();
  if (userAgent) {
    const lower = userAgent.toLowerCase();
    const exact = signatures.find((s) => s.userAgent?.toLowerCase() === lower);
    if (exact) return exact.idp;
    const product = signatures.find((s) => s.product !== undefined && lower.includes(s.product.toLowerCase()));
    if (product) return product.idp;
    const named = signatures.find((s) => new RegExp(`\\b${s.idp.replace(/[^a-z0-9]/gi, '')}\\b`, 'i').test(userAgent));
    if (named) return named.idp;
  }
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  // Only a clue when exactly one registered profile encodes spaces as '+': otherwise it tells nothing apart.
  const plusEncoders = signatures.filter((s) => s.spaceAs === '+');
  if (plusEncoders.length === 1 && /(?:^|&)filter=[^&]*\+(?:eq|ne|co|sw|ew|pr|gt|ge|lt|le)\+/i.test(query)) return plusEncoders[0]!.idp;
  if (request.method.toUpperCase() === 'PATCH' && capitalisedPatchOps(request.body)) {
    if (signatures.some((s) => s.idp === 'entra')) return 'entra';
  }
  return undefined;
}
