/** Outcome findings as a judge makes them, a message per failure for the step's result, and how a judge reads back and reads an answer. */
import { outcomeFinding, type OutcomeName } from '../checks/outcome.js';
import type { Exchange, Finding } from '../model.js';

export type Detail = { subject: string; expected: unknown; actual: unknown; message: string };
export type Add = (name: OutcomeName, exchange: Exchange | undefined, ok: boolean, detail: Detail) => void;

/** A judge's findings and failure messages; with a sink, findings go there as they are made instead of being kept. */
export class Verdicts {
  readonly findings: Finding[] = [];
  readonly messages: string[] = [];

  constructor(private readonly sink?: (finding: Finding) => void) {}

  readonly add: Add = (name, exchange, ok, detail) => {
    const finding = outcomeFinding(name, exchange, ok, detail);
    if (this.sink) this.sink(finding);
    else this.findings.push(finding);
    if (!ok) this.messages.push(detail.message);
  };
}

/** Where a judge reads a resource back, by the id the IdP holds. */
export const userPath = (id: string) => `/Users/${encodeURIComponent(id)}`;
export const groupPath = (id: string) => `/Groups/${encodeURIComponent(id)}`;

/** The answer's status, or why there was none, for outcome messages (`answered 404`). */
export function answerOf(exchange: Exchange): string {
  return exchange.response ? String(exchange.response.status) : (exchange.transportError?.message ?? 'nothing');
}

/** The JSON object a 200 answered, if it did. */
export function readable(exchange: Exchange): Record<string, unknown> | undefined {
  const body = exchange.response?.status === 200 ? exchange.responseJson : undefined;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}
