/** The worker thread of exchange-judge.ts: judges the exchanges posted to it, in the order posted, and answers each. */
import { parentPort } from 'node:worker_threads';
import type { Check, CheckContext } from '../checks/check.js';
import type { Exchange } from '../model.js';
import { findCheck } from '../checks/catalogue.js';
import { judgeExchange, type FromWorker, type ToWorker } from './exchange-judge.js';

let checks: Check[] = [];
let notApplicable: Check[] = [];
const contexts = new Map<number, CheckContext>();

function known(ids: string[]): Check[] {
  return ids.flatMap((id) => {
    const check = findCheck(id);
    // The main thread runs the same catalogue: an unknown id is a harness bug, and failing here hands the work back.
    if (!check) throw new Error(`judge worker: unknown check '${id}'`);
    return [check];
  });
}

/** Verdicts since the last answer (one answer per batch). */
type Judged = Extract<FromWorker, { kind: 'judged' }>;
const nothingYet = (): Judged => ({ kind: 'judged', judged: 0, failures: [], passes: {}, notApplicable: [] });
let pending = nothingYet();

function answer(): void {
  const message = pending;
  pending = nothingYet();
  try {
    parentPort!.postMessage(message);
  } catch {
    // A finding's expected/actual that cannot be cloned (a value no check should hold) goes as its JSON.
    parentPort!.postMessage(JSON.parse(JSON.stringify(message)) as Judged);
  }
}

function judge(seq: number, exchange: Exchange, ctx: CheckContext): void {
  const verdict = judgeExchange(exchange, ctx, checks, notApplicable);
  pending.judged += 1;
  for (const id of verdict.passes) pending.passes[id] = (pending.passes[id] ?? 0) + 1;
  for (const finding of verdict.failures) pending.failures.push({ seq, finding });
  for (const id of verdict.notApplicable) if (!pending.notApplicable.includes(id)) pending.notApplicable.push(id);
}

parentPort!.on('message', (message: ToWorker) => {
  switch (message.kind) {
    case 'setup':
      checks = known(message.checks);
      notApplicable = known(message.notApplicable);
      parentPort!.postMessage({ kind: 'ready' } satisfies FromWorker);
      break;
    case 'context':
      contexts.set(message.id, message.context);
      break;
    case 'judge':
      for (const { seq, context, exchange } of message.items) {
        const ctx = contexts.get(context);
        if (!ctx) throw new Error(`judge worker: no context ${context}`);
        judge(seq, exchange, ctx);
      }
      // Answered batch by batch: the main thread hands over more only as answers come back, and judges the rest
      // itself meanwhile (answering once all queued batches were judged left it judging while this thread idled).
      answer();
      break;
    case 'close':
      parentPort!.close();
      break;
  }
});
