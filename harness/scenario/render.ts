/**
 * Rendering a step's templates just before it runs, with the types the sender needs: text where HTTP
 * wants text (path, query, headers), raw values in JSON bodies and matchers.
 */
import { renderTemplate, renderText, type TemplateContext } from './template.js';
import type { DirectoryAttributes, HttpMethod, Matcher, RequestStep, ResponseExpectation } from './types.js';

export interface RenderedRequest {
  method: HttpMethod;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** `default`, `none` or the Authorization value. */
  auth: string;
  /** JSON value to serialise; undefined when there is none. */
  body: unknown;
  rawBody: string | undefined;
}

/** Throws `TemplateError` when a reference does not resolve. */
export function renderRequest(step: RequestStep, context: TemplateContext): RenderedRequest {
  const text = (value: string | number | boolean) => (typeof value === 'string' ? renderText(value, context) : String(value));
  return {
    method: step.method,
    path: renderText(step.path, context),
    query: mapValues(step.query, text),
    headers: mapValues(step.headers, text),
    auth: renderText(step.auth, context),
    body: step.body === undefined ? undefined : renderTemplate(step.body, context),
    rawBody: step.rawBody === undefined ? undefined : renderText(step.rawBody, context),
  };
}

/** In `context`, `response` should be the response being checked. */
export function renderExpectation(expect: ResponseExpectation, context: TemplateContext): ResponseExpectation {
  return { status: expect.status, headers: renderMatchers(expect.headers, context), body: renderMatchers(expect.body, context) };
}

export function renderMatchers(matchers: Record<string, Matcher>, context: TemplateContext): Record<string, Matcher> {
  return mapValues(matchers, (matcher): Matcher =>
    matcher.kind === 'literal'
      ? { kind: 'literal', value: renderTemplate(matcher.value, context) }
      : { kind: 'operators', operators: mapValues(matcher.operators, (value) => renderTemplate(value, context)) },
  );
}

export function renderAttributes(set: DirectoryAttributes, context: TemplateContext): DirectoryAttributes {
  return mapValues(set, (value) => (typeof value === 'string' ? renderText(value, context) : value));
}

function mapValues<T, U>(record: Partial<Record<string, T>>, map: (value: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = map(value);
  return out;
}
