/** Outcome findings as a judge makes them, and a message per failure for the step's result. */
import { outcomeFinding, type OutcomeName } from '../checks/outcome.js';
import type { Exchange, Finding } from '../model.js';

export type Detail = { subject: string; expected: unknown; actual: unknown; message: string };
export type Add = (name: OutcomeName, exchange: Exchange | undefined, ok: boolean, detail: Detail) => void;

export class Verdicts {
  readonly findings: Finding[] = [];
  readonly messages: string[] = [];
  readonly add: Add = (name, exchange, ok, detail) => {
    this.findings.push(outcomeFinding(name, exchange, ok, detail));
    if (!ok) this.messages.push(detail.message);
  };
}
