/**
 * Judges each recorded exchange with the spec checks: inline for an ordinary scenario, and for a long one (a
 * 10,000-user sync) in a worker thread beside the traffic, so the checks no longer take turns with the IdP,
 * the provider and the harness on one core (issue 12: they were about a third of a long run's time).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Check, CheckContext } from '../checks/check.js';
import { runChecks } from '../checks/catalogue.js';
import type { Exchange, Finding } from '../model.js';
import type { CheckTally } from './aggregate.js';

/** What a scenario's exchanges are judged by: its context and the checks that apply to its target. */
export interface Judging {
  context: CheckContext;
  checks: readonly Check[];
  /** Checks depending on a feature the target lacks, with why: marked not applicable where they would apply. */
  notApplicable: { check: Check; reason: string }[];
}

/** One exchange's verdict, in a form a worker can send cheaply: passing checks only by id. */
export interface ExchangeVerdict {
  passes: string[];
  failures: Finding[];
  /** Not-applicable checks that would have applied to this exchange. */
  notApplicable: string[];
}

/** Every applicable check's verdict on one exchange (the same whether judged inline or in the worker). */
export function judgeExchange(exchange: Exchange, ctx: CheckContext, checks: readonly Check[], notApplicable: readonly Check[]): ExchangeVerdict {
  const verdict: ExchangeVerdict = { passes: [], failures: [], notApplicable: [] };
  for (const found of runChecks(exchange, ctx, checks)) {
    if (found.passed) verdict.passes.push(found.checkId);
    else verdict.failures.push(found);
  }
  if (!exchange.response) return verdict;
  for (const check of notApplicable) if (safeApplies(check, exchange, ctx)) verdict.notApplicable.push(check.id);
  return verdict;
}

function safeApplies(check: Check, exchange: Exchange, ctx: CheckContext): boolean {
  try {
    return check.applies(exchange, ctx);
  } catch {
    return false;
  }
}

/** Messages to the worker (judge-worker.ts). */
export type ToWorker =
  | { kind: 'setup'; checks: string[]; notApplicable: string[] }
  | { kind: 'context'; id: number; context: CheckContext }
  | { kind: 'judge'; seq: number; context: number; exchange: Exchange };

/** The worker's answer to one `judge` message. */
export interface FromWorker {
  seq: number;
  verdict: ExchangeVerdict;
}

/**
 * Judged exchanges the worker may lag behind by before the sender waits: well inside the exchange log's
 * window (64), so a failing finding still finds its exchange held and keeps it as evidence.
 */
const MAX_IN_FLIGHT = 32;
/** The sender goes on once the worker has caught up to this. */
const RESUME_AT = 8;

/**
 * Exchanges judged inline before a worker takes over: twice the largest ordinary scenario (a 50-user sync sends
 * ~250), so only syncs of hundreds of users and more pay for a worker's start (~0.2 s) and gain from it.
 */
export const DEFAULT_OFFLOAD_AFTER = 2_000;

/** Where a scenario's exchanges are judged; `offloadAfter` exchanges in, the rest go to a worker thread. */
export class ExchangeJudge {
  private readonly reasons: Map<string, string>;
  private judged = 0;
  private worker: Worker | undefined;
  /** A worker failed once: the scenario is judged inline from then on. */
  private workerFailed = false;
  private seq = 0;
  private readonly inFlight = new Map<number, { exchange: Exchange; ctx: CheckContext }>();
  private readonly contextIds = new WeakMap<CheckContext, number>();
  private nextContextId = 0;
  private waiting: (() => void)[] = [];
  private draining: (() => void)[] = [];

  constructor(
    private readonly judging: Judging,
    private readonly tally: CheckTally,
    /** Exchanges judged inline before a worker takes over; Infinity (the default) never starts one. */
    private readonly offloadAfter = Infinity,
  ) {
    this.reasons = new Map(judging.notApplicable.map(({ check, reason }) => [check.id, reason]));
  }

  /** Whether exchanges are being judged in a worker thread now. */
  get offloaded(): boolean {
    return this.worker !== undefined;
  }

  /**
   * Judges the exchange (its findings reach the tally now, or when the worker answers). A promise means the
   * worker is behind: the caller should wait for it before sending more.
   */
  judge(exchange: Exchange, ctx: CheckContext): Promise<void> | undefined {
    this.judged += 1;
    if (this.worker === undefined && this.judged > this.offloadAfter && !this.workerFailed && availableParallelism() > 1) this.start();
    if (this.worker === undefined) {
      this.apply(judgeExchange(exchange, ctx, this.judging.checks, this.judging.notApplicable.map((n) => n.check)));
      return undefined;
    }
    this.post(this.worker, exchange, ctx);
    return this.inFlight.size >= MAX_IN_FLIGHT ? new Promise((resolve) => this.waiting.push(resolve)) : undefined;
  }

  /** Resolves once every exchange handed over so far is judged and in the tally. */
  flush(): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.draining.push(resolve));
  }

  /** Flushes, then stops the worker. */
  async close(): Promise<void> {
    await this.flush();
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): void {
    const here = import.meta.url;
    // From the sources (tests, tsx) the worker is TypeScript too and needs tsx's loader; the package runs dist/.
    const typescript = here.endsWith('.ts');
    const worker = new Worker(new URL(typescript ? './judge-worker.ts' : './judge-worker.js', here), {
      execArgv: typescript ? ['--import', 'tsx'] : [],
    });
    worker.on('message', (message: FromWorker) => this.answered(message));
    // A worker that fails is not a failed target: what it had not judged is judged here, and so is the rest.
    worker.on('error', () => this.fallBack(worker));
    worker.on('exit', () => this.fallBack(worker));
    const setup: ToWorker = { kind: 'setup', checks: this.judging.checks.map((c) => c.id), notApplicable: this.judging.notApplicable.map((n) => n.check.id) };
    worker.postMessage(setup);
    this.worker = worker;
  }

  private post(worker: Worker, exchange: Exchange, ctx: CheckContext): void {
    let contextId = this.contextIds.get(ctx);
    if (contextId === undefined) {
      contextId = this.nextContextId++;
      this.contextIds.set(ctx, contextId);
      worker.postMessage({ kind: 'context', id: contextId, context: ctx } satisfies ToWorker);
    }
    this.seq += 1;
    this.inFlight.set(this.seq, { exchange, ctx });
    // The parsed bodies are not sent: the worker parses the text again, which costs less than cloning them.
    const bare: Exchange = { ...exchange, requestJson: undefined, responseJson: undefined };
    worker.postMessage({ kind: 'judge', seq: this.seq, context: contextId, exchange: bare } satisfies ToWorker);
  }

  private answered(message: FromWorker): void {
    if (!this.inFlight.delete(message.seq)) return;
    this.apply(message.verdict);
    this.settle();
  }

  private fallBack(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.workerFailed = true;
    void worker.terminate();
    const pending = [...this.inFlight.values()];
    this.inFlight.clear();
    for (const { exchange, ctx } of pending) this.apply(judgeExchange(exchange, ctx, this.judging.checks, this.judging.notApplicable.map((n) => n.check)));
    this.settle();
  }

  private settle(): void {
    if (this.inFlight.size <= RESUME_AT) for (const resume of this.waiting.splice(0)) resume();
    if (this.inFlight.size === 0) for (const done of this.draining.splice(0)) done();
  }

  private apply(verdict: ExchangeVerdict): void {
    this.tally.addPasses(verdict.passes);
    this.tally.add(verdict.failures);
    for (const id of verdict.notApplicable) this.tally.notApplicable(id, this.reasons.get(id) ?? 'not offered by the target');
  }
}
