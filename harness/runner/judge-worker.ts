/** The worker thread of exchange-judge.ts: judges the exchanges posted to it, in the order posted, and answers each. */
import { parentPort } from 'node:worker_threads';
import type { Check, CheckContext } from '../checks/check.js';
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

function answer(message: FromWorker): void {
  try {
    parentPort!.postMessage(message);
  } catch {
    // A finding's expected/actual that cannot be cloned (a value no check should hold) goes as its JSON.
    parentPort!.postMessage(JSON.parse(JSON.stringify(message)) as FromWorker);
  }
}

parentPort!.on('message', (message: ToWorker) => {
  switch (message.kind) {
    case 'setup':
      checks = known(message.checks);
      notApplicable = known(message.notApplicable);
      break;
    case 'context':
      contexts.set(message.id, message.context);
      break;
    case 'judge': {
      const ctx = contexts.get(message.context);
      if (!ctx) throw new Error(`judge worker: no context ${message.context}`);
      answer({ seq: message.seq, verdict: judgeExchange(message.exchange, ctx, checks, notApplicable) });
      break;
    }
  }
});
