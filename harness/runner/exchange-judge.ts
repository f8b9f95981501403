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

/** Where the exchanges being judged are held whole until their verdict is in (the scenario's exchange log). */
export interface ExchangeHolds {
  hold(exchangeId: string): void;
  settle(exchangeId: string): void;
}

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
  /** Exchanges to judge, in the order sent (batched: a message per exchange cost more than cloning it). */
  | { kind: 'judge'; items: { seq: number; context: number; exchange: Exchange }[] }
  | { kind: 'close' };

/**
 * From the worker: `ready` once it has loaded and has its checks; then, for the next `judged` exchanges posted,
 * their failures in full (with the exchange's sequence number) and their passes and not-applicable marks only
 * counted — neither depends on order, and ids per exchange cost more to send than to count.
 */
export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'judged'; judged: number; failures: { seq: number; finding: Finding }[]; passes: Record<string, number>; notApplicable: string[] };

/** Exchanges the main thread gathers before posting them to the worker. */
const POST_BATCH = 8;
/**
 * Exchanges handed to the worker and not answered beyond which the main thread judges the next ones itself:
 * enough that a worker collecting garbage is not taken for one that cannot keep up, and few enough, under
 * {@link MAX_UNJUDGED}, that when the checks are the slower side the main thread shares them instead of waiting.
 * Counted above the fewest the worker had waiting since it was ready: see {@link ExchangeJudge.lowestBacklog}.
 */
const WORKER_QUEUE = 512;
/**
 * Exchanges handed over and not yet in the tally beyond which the sender waits: what bounds the memory they
 * hold (each is held whole by the exchange log until it is judged). Room for what a 10,000-user sync sends
 * while the worker loads (~0.3 s of traffic once the sync starts, ~1,500 exchanges), so it does not wait.
 */
const MAX_UNJUDGED = 3_072;
/** How long a worker asked to close may take before it is stopped. */
const CLOSE_GRACE_MS = 2_000;

/**
 * Exchanges judged inline before a worker takes over (or foreseen, see {@link ExchangeJudge.foresee}): ten times
 * the largest ordinary scenario (a 50-user sync sends ~250). A worker's start (loading the checks, ~0.5 s of a
 * core) is repaid only over thousands of exchanges: a 1,000-user sync (2,100) ran 0.3–0.5 s slower with one, a
 * 10,000-user sync (21,000) 1.4× faster.
 */
export const DEFAULT_OFFLOAD_AFTER = 2_500;

/**
 * The worker holds the checks, the contexts and a few batches; left to V8's defaults its heap grew to
 * hundreds of MB of garbage on a long run. A worker that hits the cap exits, and what it had not judged is
 * judged here (fallBack).
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 };

/**
 * The worker beside this module: the package runs dist/'s JavaScript; from the sources (tests, tsx) the worker
 * is TypeScript too, and registers tsx's loader before importing it (`--import tsx` in a worker's execArgv
 * does not reach its module loading).
 */
function startWorker(here: string): Worker {
  if (!here.endsWith('.ts')) return new Worker(new URL('./judge-worker.js', here), { resourceLimits: WORKER_LIMITS });
  const entry = new URL('./judge-worker.ts', here).href;
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, resourceLimits: WORKER_LIMITS });
}

/** An exchange handed over; `failures` is set once it is judged (it reaches the tally in order after that). */
interface Held {
  exchange: Exchange;
  ctx: CheckContext;
  failures?: Finding[];
}

/**
 * Where a scenario's exchanges are judged: inline, and `offloadAfter` exchanges in by a worker thread — as many
 * as keep it busy, the rest here (so neither thread waits for the other while there is work). Exchanges handed
 * over while it loads wait in its port. Failures reach the tally in the order the exchanges were sent, whoever
 * judged them, so a report is the same as a wholly inline run's.
 */
export class ExchangeJudge {
  private readonly reasons: Map<string, string>;
  private readonly notApplicableChecks: readonly Check[];
  private worker: Worker | undefined;
  /** The worker has loaded its modules and has its checks. */
  private ready = false;
  /** A worker failed once: the scenario is judged inline from then on. */
  private workerFailed = false;
  private nextSeq = 1;
  /** The lowest sequence number whose failures are not in the tally yet. */
  private applyFrom = 1;
  private readonly held = new Map<number, Held>();
  /** Sequence numbers posted to the worker and not answered, oldest first. */
  private posted: number[] = [];
  /**
   * The fewest exchanges awaiting the worker's answer since it became ready. The main thread judges the next ones
   * itself only when the backlog is {@link WORKER_QUEUE} above that: the worker is falling behind. What piled up
   * while it loaded is not a sign of that, and nothing is judged here while it loads: the traffic is this thread's
   * work, and a 10,000-user sync judged 50–1,200 exchanges here because the worker was ready with ~600 to catch up
   * on (0.3–0.5 s of this thread, with the validators compiled then on first use).
   */
  private lowestBacklog = Infinity;
  private batch: { seq: number; context: number; exchange: Exchange }[] = [];
  private readonly contextIds = new WeakMap<CheckContext, number>();
  private nextContextId = 0;
  private waiting: (() => void)[] = [];
  private draining: (() => void)[] = [];
  /** Resolved with whether a worker became ready (false: it failed first). */
  private readyWaiters: ((ready: boolean) => void)[] = [];
  /** One core: a worker would only take turns with the traffic. */
  private readonly canOffload = availableParallelism() > 1;

  constructor(
    private readonly judging: Judging,
    private readonly tally: CheckTally,
    /**
     * Exchanges judged inline before a worker takes over; Infinity (the default) never starts one. With 0 every
     * exchange waits for it to load (tests, so the worker surely judges).
     */
    private readonly offloadAfter = Infinity,
    /** Holds each exchange whole until it is judged, so a failing finding can keep it as evidence. */
    private readonly holds?: ExchangeHolds,
  ) {
    this.reasons = new Map(judging.notApplicable.map(({ check, reason }) => [check.id, reason]));
    this.notApplicableChecks = judging.notApplicable.map((n) => n.check);
  }

  /** How many exchanges were judged here and how many by the worker (the tests read the share). */
  readonly judgedBy = { here: 0, worker: 0 };

  /** Whether a worker thread is judging exchanges now. */
  get offloaded(): boolean {
    return this.worker !== undefined && this.ready;
  }

  /**
   * Judges the exchange (its findings reach the tally now, or when the worker answers). A promise means too
   * much is still unjudged: the caller should wait for it before sending more.
   */
  judge(exchange: Exchange, ctx: CheckContext): Promise<void> | undefined {
    const seq = this.nextSeq++;
    const entry: Held = { exchange, ctx };
    this.holds?.hold(exchange.id);
    this.held.set(seq, entry);
    if (seq > this.offloadAfter && this.mayStart()) {
      this.start();
      if (this.offloadAfter === 0) return this.whenReady().then(() => this.dispatch(seq, entry));
    }
    return this.dispatch(seq, entry);
  }

  /**
   * The scenario is about to send at least `exchanges` (a full sync of thousands of users): when that is past
   * the point a worker takes over, it is started now, so it has loaded by the time the traffic needs it.
   */
  foresee(exchanges: number): void {
    if (exchanges > this.offloadAfter && this.mayStart()) this.start();
  }

  /** No worker yet, none failed, and more than one core for it. */
  private mayStart(): boolean {
    return this.worker === undefined && !this.workerFailed && this.canOffload;
  }

  /** Resolves with true once the worker is ready, false when it failed first or none was started. */
  whenReady(): Promise<boolean> {
    if (this.ready && this.worker) return Promise.resolve(true);
    if (!this.worker) return Promise.resolve(false);
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  private dispatch(seq: number, entry: Held): Promise<void> | undefined {
    const { exchange, ctx } = entry;
    const worker = this.worker;
    if (worker && this.posted.length < this.lowestBacklog + WORKER_QUEUE) this.post(worker, seq, exchange, ctx);
    else {
      // The worker is falling behind: what it has gathered goes now, and this exchange is judged here.
      if (worker) this.send(worker);
      this.judgeHere(entry);
    }
    this.release();
    if (this.held.size < MAX_UNJUDGED) return undefined;
    if (this.worker) this.send(this.worker);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Resolves once every exchange handed over so far is judged and in the tally. */
  flush(): Promise<void> {
    if (this.held.size === 0) return Promise.resolve();
    if (this.worker) this.send(this.worker);
    return new Promise((resolve) => this.draining.push(resolve));
  }

  /** Flushes, then lets the worker end (it closes its port and exits, as a profiler run needs). */
  async close(): Promise<void> {
    await this.flush();
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ kind: 'close' } satisfies ToWorker);
    const timer = setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }

  private start(): void {
    const worker = startWorker(import.meta.url);
    worker.on('message', (message: FromWorker) => this.answered(message));
    // A worker that fails is not a failed target: what it had not judged is judged here, and so is the rest.
    worker.on('error', () => this.fallBack(worker));
    worker.on('exit', () => this.fallBack(worker));
    const setup: ToWorker = { kind: 'setup', checks: this.judging.checks.map((c) => c.id), notApplicable: this.notApplicableChecks.map((c) => c.id) };
    worker.postMessage(setup);
    this.worker = worker;
  }

  private judgeHere(entry: Held): void {
    this.judgedBy.here += 1;
    const verdict = judgeExchange(entry.exchange, entry.ctx, this.judging.checks, this.notApplicableChecks);
    this.tally.addPasses(verdict.passes);
    for (const id of verdict.notApplicable) this.markNotApplicable(id);
    entry.failures = verdict.failures;
  }

  private post(worker: Worker, seq: number, exchange: Exchange, ctx: CheckContext): void {
    let contextId = this.contextIds.get(ctx);
    if (contextId === undefined) {
      contextId = this.nextContextId++;
      this.contextIds.set(ctx, contextId);
      worker.postMessage({ kind: 'context', id: contextId, context: ctx } satisfies ToWorker);
    }
    this.posted.push(seq);
    // The parsed bodies are not sent: the worker parses the text again, which costs less than cloning them.
    this.batch.push({ seq, context: contextId, exchange: { ...exchange, requestJson: undefined, responseJson: undefined } });
    if (this.batch.length >= POST_BATCH) this.send(worker);
  }

  private send(worker: Worker): void {
    if (this.batch.length === 0) return;
    worker.postMessage({ kind: 'judge', items: this.batch } satisfies ToWorker);
    this.batch = [];
  }

  private answered(message: FromWorker): void {
    if (message.kind === 'ready') {
      this.ready = true;
      this.lowestBacklog = this.posted.length;
      for (const resolve of this.readyWaiters.splice(0)) resolve(true);
      return;
    }
    this.judgedBy.worker += message.judged;
    for (const seq of this.posted.splice(0, message.judged)) {
      const entry = this.held.get(seq);
      if (entry) entry.failures = [];
    }
    this.lowestBacklog = Math.min(this.lowestBacklog, this.posted.length);
    for (const { seq, finding } of message.failures) this.held.get(seq)?.failures?.push(finding);
    this.tally.addCounts(message.passes);
    for (const id of message.notApplicable) this.markNotApplicable(id);
    this.release();
  }

  private fallBack(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.workerFailed = true;
    void worker.terminate();
    for (const resolve of this.readyWaiters.splice(0)) resolve(false);
    this.batch = [];
    for (const seq of this.posted.splice(0)) {
      const entry = this.held.get(seq);
      if (entry && entry.failures === undefined) this.judgeHere(entry);
    }
    this.release();
  }

  /** Puts the failures of every judged exchange into the tally, in the order sent, as far as all before it are judged. */
  private release(): void {
    for (let entry = this.held.get(this.applyFrom); entry?.failures !== undefined; entry = this.held.get(this.applyFrom)) {
      this.tally.add(entry.failures);
      this.holds?.settle(entry.exchange.id);
      this.held.delete(this.applyFrom);
      this.applyFrom += 1;
    }
    if (this.held.size < MAX_UNJUDGED) for (const resume of this.waiting.splice(0)) resume();
    if (this.held.size === 0) for (const done of this.draining.splice(0)) done();
  }

  private markNotApplicable(id: string): void {
    this.tally.notApplicable(id, this.reasons.get(id) ?? 'not offered by the target');
  }
}
