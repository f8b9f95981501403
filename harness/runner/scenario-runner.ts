/**
 * Runs one scenario: opens its target, learns what the target declares (for schema-driven checks and for the
 * scenario's needs: one it lacks makes the scenario not applicable), executes the steps in order (raw requests
 * here, IdP actions through the mock-IdP profile, outcome expectations against the target), runs every spec
 * check on every exchange, removes what it created from an external target whatever happened, and returns a
 * `ScenarioResult`. Failures are values in the result; only bugs in the harness throw.
 */
import { idpProfile } from '../../mock-idp/index.js';
import { Directory } from '../../mock-idp/directory.js';
import { newIdpState, type IdpAction, type IdpContext, type IdpProfile, type IdpState } from '../../mock-idp/profile.js';
import type { Check, ExchangeHints } from '../checks/check.js';
import { CHECKS } from '../checks/catalogue.js';
import { findAnyCheck, outcomeFinding, type OutcomeName } from '../checks/outcome.js';
import { SCHEMA } from '../../vocabulary/constants.js';
import type { Area, CleanupResult, Exchange, Finding, ScenarioResult, StepResult, Unmet } from '../model.js';
import {
  lowerCaseKeys,
  matchExpectations,
  renderAttributes,
  renderExpectation,
  renderMatchers,
  renderRequest,
  saveValues,
  stepLabel,
  matchValue,
  type AdminStep,
  type ExpectStep,
  type RequestStep,
  type ResponseExpectation,
  type Scenario,
  type Step,
} from '../scenario/index.js';
import { readPath, TemplateError, type TemplateContext } from '../scenario/template.js';
import { CheckTally } from './aggregate.js';
import { cleanUp } from './cleanup.js';
import { runMarker, taggedGroupName } from './identity.js';
import { discoverTarget, type TargetDiscovery, type TargetFailure } from './target-discovery.js';
import { Session } from './session.js';
import type { ExchangeLogOptions } from './exchange-log.js';
import { Consequences, failingExchange, type ExpectMiss } from './consequences.js';
import { injectFaults } from './faults.js';
import { judgeFullSync } from './full-sync.js';
import { BatchReader, slices } from './batch-read.js';
import { DEFAULT_OFFLOAD_AFTER, ExchangeJudge, type Judging } from './exchange-judge.js';
import { ActionTraffic, LifecycleJudge } from './lifecycle.js';
import { answerOf, groupPath, userPath, type Verdicts } from './verdicts.js';
import { openTarget, type ScenarioTarget, type TargetSpec } from './target.js';

export interface ScenarioRunOptions {
  target: TargetSpec;
  /** Used when the scenario's directory names no seed. */
  seed: number;
  requestTimeoutMs: number;
  scenarioTimeoutMs: number;
  /** The run's id and this scenario's tag (harness/runner/identity.ts): in every name it creates. */
  runId: string;
  tag: string;
  /** Put before every group name the run creates (`--group-prefix`), for targets with a naming rule. */
  groupPrefix?: string;
  /** How long an IdP may wait on `Retry-After` (shortened so runs stay fast). */
  maxRetryWaitMs: number;
  /** External target: what it declared, read once for the run. The embedded provider is read per scenario. */
  discovery?: TargetDiscovery;
  /** Features whose absence fails the scenario instead of making it not applicable (`--require`). */
  required?: readonly string[];
  /** `--keep`: leave what the scenario created on the external target, and list it. */
  keep?: boolean;
  /** Aborted when the run is interrupted: the scenario stops sending and cleans up. */
  signal?: AbortSignal;
  /** What to keep of the scenario's exchanges (harness/runner/exchange-log.ts) and where every one goes first. */
  exchanges?: ExchangeLogOptions;
  /** Exchanges judged inline before the rest go to a worker thread (harness/runner/exchange-judge.ts); default {@link DEFAULT_OFFLOAD_AFTER}. */
  offloadChecksAfter?: number;
}

export interface ScenarioOutcome {
  result: ScenarioResult;
  targetFailure: TargetFailure | undefined;
}

class StepFailure extends Error {}

export function runScenario(scenario: Scenario, options: ScenarioRunOptions): Promise<ScenarioOutcome> {
  return new ScenarioRun(scenario, options).execute();
}

/** One scenario's run, from opening its target to the clean-up, and the result it adds up to. */
class ScenarioRun {
  private readonly started = performance.now();
  private readonly steps: { result: StepResult; range: ExchangeRange }[] = [];
  /** A failing finding kept as evidence keeps its exchange whole. */
  private readonly tally = new CheckTally(findAnyCheck, (finding) => this.session?.log.pin(finding.exchangeId));
  private target: ScenarioTarget | undefined;
  private session: Session | undefined;
  private judge: ExchangeJudge | undefined;
  private error: string | undefined;
  private targetFailure: TargetFailure | undefined;
  private unmet: Unmet[] = [];
  private cleanup: CleanupResult | undefined;
  /** Interrupted while its steps ran (not after they were done): it gets no verdict. */
  private interrupted = false;
  private stepsDone = false;
  private readonly onAbort = () => {
    if (this.stepsDone) return;
    this.interrupted = true;
    this.session?.stop('the run was interrupted');
  };

  constructor(
    private readonly scenario: Scenario,
    private readonly options: ScenarioRunOptions,
  ) {}

  async execute(): Promise<ScenarioOutcome> {
    this.options.signal?.addEventListener('abort', this.onAbort);
    const running = this.body();
    try {
      await withTimeout(running, this.options.scenarioTimeoutMs, `Scenario exceeded its timeout of ${this.options.scenarioTimeoutMs} ms.`);
    } catch (caught) {
      this.error = caught instanceof StepFailure || caught instanceof TimeoutFailure ? caught.message : `Harness error: ${describeError(caught)}`;
      if (caught instanceof TimeoutFailure) {
        // Nothing more goes out; the step in flight ends (within the request timeout) before the clean-up starts,
        // or a create landing after it would be left behind.
        this.session?.stop('the scenario timed out');
        await running.catch(() => undefined);
      }
    } finally {
      this.options.signal?.removeEventListener('abort', this.onAbort);
      // Every exchange judged before the exchange log closes: a failing finding keeps its exchange as evidence.
      await this.judge?.close();
      if (this.session && this.options.target.kind === 'external') this.cleanup = await cleanUp(this.session, this.options.keep ?? false);
      await this.target?.close();
    }
    return { targetFailure: this.targetFailure, result: this.result() };
  }

  private async body(): Promise<void> {
    const { scenario, options } = this;
    const target = await openTarget(options.target, {
      profile: scenario.provider.profile,
      verifiedDomains: scenario.provider.verifiedDomains,
      wrapHandler: injectFaults(scenario.faults),
      faults: scenario.faults,
    });
    this.target = target;
    const discovery = options.discovery ?? (await discoverTarget(new Session(target.baseUrl, target.token, target.transport, options.requestTimeoutMs, `${scenario.file}#discovery`), true));
    if (discovery.failure) {
      this.targetFailure = discovery.failure.kind;
      throw new StepFailure(discovery.failure.message);
    }
    this.unmet = unmetNeeds(scenario, discovery);
    if (this.unmet.length > 0) return;
    const session = new Session(target.baseUrl, target.token, target.transport, options.requestTimeoutMs, scenario.file, runMarker(options.runId), options.exchanges);
    this.session = session;
    if (options.signal?.aborted) this.onAbort();
    const judging: Judging = { ...applicableChecks(discovery), context: discovery.context };
    this.judge = new ExchangeJudge(judging, this.tally, options.offloadChecksAfter ?? DEFAULT_OFFLOAD_AFTER, session.log);
    this.judge.foresee(foreseenExchanges(scenario));
    const runner = new StepRunner(scenario, session, target, options, judging, this.judge, this.tally);
    for (const step of scenario.steps) this.steps.push(await runner.run(step));
    this.stepsDone = true;
  }

  /** Each step with the ids of its exchanges that were kept, and how many were not. */
  private stepResults(): StepResult[] {
    const log = this.session?.log;
    return this.steps.map(({ result, range }) => {
      if (!log || range.to < range.from) return { ...result, exchangeIds: [] };
      const { ids, omitted } = log.range(range.from, range.to);
      return { ...result, exchangeIds: ids, ...(omitted > 0 ? { omittedExchanges: omitted } : {}) };
    });
  }

  private result(): ScenarioResult {
    const { scenario, unmet } = this;
    this.session?.log.finish();
    const steps = this.stepResults();
    // What an interrupted scenario's last steps say is the harness refusing to send, not the target: no verdict.
    // (One that never got to send, being not applicable, keeps that status.)
    const interrupted = this.interrupted && this.session !== undefined;
    const error = interrupted ? (this.error ?? 'The run was interrupted before this scenario finished; its checks are not judged.') : this.error;
    const checks = interrupted ? [] : this.tally.list();
    const required = unmet.filter((u) => this.options.required?.includes(u.feature));
    const failed = steps.some((s) => s.status !== 'passed') || checks.some((c) => c.status === 'failed') || required.length > 0;
    const status: ScenarioResult['status'] = error ? 'error' : unmet.length > 0 && required.length === 0 ? 'not-applicable' : failed ? 'failed' : 'passed';
    const requiredError = required.length > 0 ? `Required by --require but not offered: ${required.map((u) => `${u.feature} (${u.reason})`).join('; ')}` : undefined;
    return {
      name: scenario.name,
      file: scenario.file,
      idp: scenario.idp,
      tags: scenario.tags,
      status,
      error: error ?? requiredError,
      durationMs: Math.round(performance.now() - this.started),
      steps,
      exchanges: this.session?.exchanges ?? [],
      ...(this.session && this.session.log.omitted > 0 ? { exchangeCount: { total: this.session.log.total, omitted: this.session.log.omitted } } : {}),
      checks,
      ...(unmet.length > 0 ? { notApplicable: unmet } : {}),
      ...(this.cleanup ? { cleanup: this.cleanup } : {}),
    };
  }
}

/** Positions (ExchangeLog) of the first and last exchange a step recorded; `to < from` when it sent none. */
interface ExchangeRange {
  from: number;
  to: number;
}

/** Each need of the scenario the target does not offer, with the target's reason and where the need comes from. */
function unmetNeeds(scenario: Scenario, discovery: TargetDiscovery): Unmet[] {
  return scenario.requires.flatMap(({ feature, why }) => {
    const reason = discovery.features.unmet(feature);
    return reason === undefined ? [] : [{ feature, reason, needed: why }];
  });
}

/** The checks this target can be judged by, and those depending on a feature it does not offer, with why. */
function applicableChecks(discovery: TargetDiscovery): { checks: readonly Check[]; notApplicable: { check: Check; reason: string }[] } {
  const notApplicable: { check: Check; reason: string }[] = [];
  const checks = CHECKS.filter((check) => {
    const reason = check.requires === undefined ? undefined : discovery.features.unmet(check.requires);
    if (reason !== undefined) notApplicable.push({ check, reason });
    return reason === undefined;
  });
  return { checks, notApplicable };
}

/** At least how many exchanges the scenario's IdP actions send: a lookup and a write per user assigned or synced. */
function foreseenExchanges(scenario: Scenario): number {
  let count = 0;
  for (const step of scenario.steps) {
    if (step.kind === 'fullSync') count += 2 * (step.assigned?.length ?? 0);
    else if (step.kind === 'assign') count += 2 * step.users.length;
  }
  return count;
}

class StepRunner {
  private readonly directory: Directory;
  private readonly state: IdpState = newIdpState();
  /**
   * Directory key → the last id the IdP held for it at the target. An IdP forgets a user it deleted, so this
   * is how a full sync still judges the users it deprovisioned by DELETE.
   */
  private readonly heldIds = new Map<string, string>();
  private lifecycle: LifecycleJudge | undefined;
  private readonly vars: Record<string, unknown> = {};
  private lastResponse: TemplateContext['response'];
  /** Which steps could not do their work because an earlier one failed (harness/runner/consequences.ts). */
  private readonly consequences: Consequences;
  /** What the current `expect` step found missing, for attributing its failure. */
  private expectMiss: ExpectMiss | undefined;
  /** The harness's own reads of many users at once, while the target answers them (harness/runner/batch-read.ts). */
  private readonly batches: BatchReader;
  /** Judges hand each finding over as they make it, while the exchange it points at is still held whole. */
  private readonly sink = (finding: Finding) => this.tally.add([finding]);

  constructor(
    private readonly scenario: Scenario,
    private readonly session: Session,
    private readonly target: ScenarioTarget,
    private readonly options: ScenarioRunOptions,
    private readonly judging: Judging,
    private readonly judge: ExchangeJudge,
    private readonly tally: CheckTally,
  ) {
    const spec = scenario.directory;
    this.directory = new Directory({ seed: spec.seed ?? options.seed, users: spec.users, domain: spec.domain, roles: spec.roles, overrides: spec.overrides, tag: options.tag });
    this.consequences = new Consequences(scenario.steps, this.state, (name) => this.groupName(name));
    this.batches = new BatchReader((request, label, area) => this.session.send(request, { label, area, idp: this.scenario.idp, probe: true }));
  }

  async run(step: Step): Promise<{ result: StepResult; range: ExchangeRange }> {
    const label = stepLabel(step, this.scenario.idp);
    const from = this.session.log.total + 1;
    const hints = step.kind === 'request' ? hintsFor(step) : undefined;
    const ctx = hints ? { ...this.judging.context, hints } : this.judging.context;
    let ownFailure = false;
    const stopChecking = this.session.observe((exchange, sent) => {
      if (sent.probe) return undefined;
      if (failingExchange(exchange)) ownFailure = true;
      return this.judge.judge(exchange, ctx);
    });
    this.expectMiss = undefined;
    let messages: string[];
    let status: StepResult['status'] = 'passed';
    let consequenceOf: StepResult['consequenceOf'];
    let threw = false;
    try {
      messages = await this.execute(step);
      if (messages.length > 0) status = 'failed';
    } catch (caught) {
      if (!(caught instanceof TemplateError) && !(caught instanceof StepError)) throw caught;
      messages = [caught.message];
      status = 'error';
      threw = true;
      // A value an earlier, failed step should have saved: this step is that failure's consequence.
      const missing = caught instanceof TemplateError ? this.consequences.missingVar(step, caught, this.vars, this.session.log.total >= from) : undefined;
      if (missing) {
        messages = [missing.message];
        consequenceOf = missing.consequenceOf;
      }
    } finally {
      stopChecking();
    }
    if (status !== 'passed') this.session.log.pinLast();
    const result: StepResult = { index: step.index, label, kind: step.kind, status, messages: capMessages(messages), exchangeIds: [] };
    const doing = { step, result, ownFailure, expectMiss: this.expectMiss };
    // A step that could not even be carried out (a template or scenario error) is not put down to a missing resource.
    if (!threw) consequenceOf ??= this.consequences.resourceCause(doing);
    if (consequenceOf) result.consequenceOf = consequenceOf;
    this.consequences.record(doing);
    return { result, range: { from, to: this.session.log.total } };
  }

  private context(): TemplateContext {
    return {
      users: this.directory.toTemplateContext() as unknown as Record<string, Record<string, unknown>>,
      vars: this.vars,
      response: this.lastResponse,
      run: { seed: this.directory.seed, id: this.options.runId, tag: this.options.tag, groupPrefix: this.options.groupPrefix ?? '' },
    };
  }

  private async execute(step: Step): Promise<string[]> {
    switch (step.kind) {
      case 'request':
        return this.request(step);
      case 'expect':
        return this.expect(step);
      case 'admin':
        return this.admin(step);
      default:
        return this.idpAction(step);
    }
  }

  private async request(step: RequestStep): Promise<string[]> {
    const rendered = renderRequest(step, this.context());
    const exchange = await this.session.send(
      { method: rendered.method, path: rendered.path, query: rendered.query, headers: rendered.headers, body: rendered.body, rawBody: rendered.rawBody, auth: rendered.auth, spaceAs: step.spaceAs },
      { label: step.name ?? `${rendered.method} ${rendered.path}`, area: areaOfRequest(rendered.method, rendered.path, rendered.query), idp: this.scenario.idp },
    );
    if (!exchange.response) return [`No response: ${exchange.transportError?.message ?? 'transport failure'}`];
    const view = { status: exchange.response.status, headers: exchange.response.headers, json: exchange.responseJson };
    this.lastResponse = { status: view.status, headers: lowerCaseKeys(view.headers), body: view.json };
    const messages = step.expect ? matchExpectations(this.expectationFor(step.expect, view.status), view) : [];
    const saved = saveValues(step.save, view);
    Object.assign(this.vars, saved.values);
    return [...messages, ...saved.errors];
  }

  /**
   * The step's expectation rendered against the response. When the status is already wrong, a body expectation that
   * refers to the response (`{{ response.body.meta.version }}`) cannot render against an error body: the status
   * mismatch is the failure to report, not the template's unknown reference.
   */
  private expectationFor(expect: ResponseExpectation, status: number): ResponseExpectation {
    try {
      return renderExpectation(expect, this.context());
    } catch (caught) {
      if (caught instanceof TemplateError && expect.status !== undefined && !expect.status.includes(status)) return { status: expect.status, headers: {}, body: {} };
      throw caught;
    }
  }

  /** A profile change in the directory, pushed (or not) by the IdP user by user, each push judged. */
  private async update(step: Extract<IdpStep, { kind: 'update' }>, profile: IdpProfile, idp: string): Promise<string[]> {
    const set = renderAttributes(step.set, this.context());
    const ctx = this.idpContext(idp);
    const lifecycle = this.lifecycleJudge(profile, ctx);
    const messages: string[] = [];
    let failed = false;
    for (const user of step.users) {
      const mappedBefore = profile.mappedUser?.(user, ctx);
      this.directory.update(user, set);
      const traffic = this.watch();
      const outcome = await profile.perform({ kind: 'update', user, set }, ctx).finally(traffic.stop);
      if (!outcome.ok) {
        failed = true;
        messages.push(...outcome.messages);
        continue;
      }
      if (step.expectFailure) continue;
      messages.push(...this.record(await lifecycle.judgeUpdate(user, mappedBefore, traffic)));
    }
    if (step.expectFailure) return failed ? [] : [`Expected ${idp} to report update as failed, but it succeeded.`];
    return messages;
  }

  /** What the IdP's requests do to users from now until `stop` (the ids it creates and pushes to), for the judges. */
  private watch(): ActionTraffic & { stop: () => void } {
    const traffic = new ActionTraffic();
    const stop = this.session.observe((exchange) => traffic.add(exchange));
    return Object.assign(traffic, { stop: () => void stop() });
  }

  /** Tallies a judge's findings; its messages say why the step failed. */
  private record(verdicts: Verdicts): string[] {
    this.tally.add(verdicts.findings);
    return verdicts.messages;
  }

  /** One judge for the scenario: it remembers each user as it was when the IdP deactivated it. */
  private lifecycleJudge(profile: IdpProfile, ctx: IdpContext): LifecycleJudge {
    this.lifecycle ??= new LifecycleJudge({
      state: this.state,
      mapped: (key) => profile.mappedUser?.(key, ctx),
      read: (path, label, area) => this.session.send({ method: 'GET', path }, { label, area, idp: this.scenario.idp }),
      sink: this.sink,
    });
    return this.lifecycle;
  }

  private idpContext(idp: string): IdpContext {
    return {
      directory: this.directory,
      state: this.state,
      settings: this.scenario.settings as Record<string, unknown>,
      http: {
        send: (request, area: Area, label: string, behaviour?: string) => this.session.send(request, { label: `${idp} ${label}`, area, idp, behaviour }),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, this.options.maxRetryWaitMs))),
      },
    };
  }

  /** Docker Hub's organization security settings, on the embedded provider. */
  private admin(step: AdminStep): string[] {
    const provider = this.target.provider;
    if (!provider) throw new StepError(`admin ${step.action} needs the embedded provider; it cannot be done to an external --target.`);
    switch (step.action) {
      case 'regenerateToken':
        this.session.setToken(provider.access.regenerate());
        break;
      case 'regenerateTokenKeepOld':
        // The admin regenerated the token but the IdP still holds the old one.
        provider.access.regenerate();
        break;
      case 'disableScim':
        provider.access.setEnabled(false);
        break;
      case 'enableScim':
        provider.access.setEnabled(true);
        break;
    }
    return [];
  }

  private async idpAction(step: IdpStep): Promise<string[]> {
    const idp = this.scenario.idp;
    if (!idp) throw new StepError(`Step ${step.kind} needs the scenario to name an idp.`);
    const profile = idpProfile(idp);
    if (!profile) throw new StepError(`No mock-IdP profile '${idp}' is available yet.`);
    // `fullSync: { provisioned: [...] }`: those users were provisioned before the sync, by earlier assignments.
    if (step.kind === 'fullSync' && step.provisioned) {
      const before = step.provisioned.filter((key) => !this.state.provisioned.has(key));
      if (before.length > 0) {
        const setup = await profile.perform({ kind: 'assign', users: before }, this.idpContext(idp));
        if (!setup.ok) return setup.messages;
      }
    }
    if (step.kind === 'update') return this.update(step, profile, idp);
    const action = toAction(step, (name) => this.groupName(name));
    const ctx = this.idpContext(idp);
    for (const [key, id] of this.state.provisioned) this.heldIds.set(key, id);
    const lifecycle = this.lifecycleJudge(profile, ctx);
    const before = lifecycle.before(action);
    const groupBefore = action.kind === 'pushGroup' ? this.state.groups.get(action.name) : undefined;
    const traffic = this.watch();
    const outcome = await profile.perform(action, ctx).finally(traffic.stop);
    if (step.expectFailure) {
      return outcome.ok ? [`Expected ${idp} to report ${step.kind} as failed, but it succeeded: ${outcome.messages.join(' ') || 'no message'}`] : [];
    }
    const messages = outcome.ok ? [] : [...outcome.messages];
    messages.push(...this.record(await lifecycle.judge(before, traffic)));
    if (action.kind === 'pushGroup' && outcome.ok) {
      const name = action.renameTo ?? action.name;
      const deleted = action.delete && groupBefore !== undefined && !this.state.groups.has(action.name) ? groupBefore : undefined;
      messages.push(...this.record(await lifecycle.judgeGroup(name, deleted, deleted === undefined ? profile.pushedGroup?.(name, ctx) : undefined)));
    }
    if (action.kind === 'fullSync') {
      const judgedSync = await judgeFullSync({
        state: this.state,
        directory: this.directory,
        heldIds: this.heldIds,
        mapped: (key) => profile.mappedUser?.(key, ctx),
        readUser: (key, userName) => this.readUser(key, userName),
        send: (request, label) => this.session.send(request, { label, area: 'full-sync', idp: this.scenario.idp }),
        readUsers: (userNames, label) => this.batches.read('/Users', 'userName', userNames, label, 'full-sync'),
        sink: this.sink,
      });
      messages.push(...this.record(judgedSync));
    }
    return messages;
  }

  /**
   * The target's view of a directory user (or pushed group), read as the IdP's admin would check it.
   * Each assertion is also an outcome check (harness/checks/outcome.ts) in the report.
   */
  private async expect(step: ExpectStep): Promise<string[]> {
    if (step.subject.type === 'created') return this.expectCreated(step.subject);
    if (step.subject.type === 'group') return this.expectGroup(step, step.subject.group);
    const user = this.directory.get(step.subject.user);
    const { exchange, resource, error } = await this.readUser(user.key, user.userName);
    if (error) return [error];
    const messages: string[] = [];
    const judge = (name: OutcomeName, ok: boolean, subject: string, expected: unknown, actual: unknown, message: string) => {
      this.tally.add([outcomeFinding(name, exchange, ok, { subject, expected, actual, message })]);
      if (!ok) messages.push(message);
    };
    if (!step.exists) {
      judge('gone', resource === undefined, user.key, 'absent', resource === undefined ? 'absent' : 'present', resource === undefined ? `${user.key} is gone.` : `${user.key} (${user.userName}) still exists at the target; expected it gone.`);
      return messages;
    }
    // A user expected to be (in)active but gone fails the check about its state, not the one about creation.
    const existence: OutcomeName = step.active === false ? 'deactivatedReadable' : step.active === true ? 'reactivated' : 'provisioned';
    if (resource === undefined) {
      this.expectMiss = { user: user.key };
      judge(existence, false, user.key, 'present', 'absent', `${user.key} (${user.userName}) does not exist at the target.`);
      return messages;
    }
    if (existence === 'provisioned') judge('provisioned', true, user.key, 'present', 'present', `${user.key} exists.`);
    if (step.active !== undefined) {
      const ok = resource.active === step.active;
      judge(step.active ? 'reactivated' : 'deactivatedReadable', ok, `${user.key}.active`, step.active, resource.active, ok ? `active is ${step.active}.` : `active: expected ${step.active}, got ${JSON.stringify(resource.active)}.`);
    }
    if (step.dockerRole !== undefined) {
      const ext = resource[SCHEMA.dockerUser] as Record<string, unknown> | undefined;
      const ok = ext?.dockerRole === step.dockerRole;
      judge('dockerRole', ok, `${user.key}.dockerRole`, step.dockerRole, ext?.dockerRole, ok ? `dockerRole is ${step.dockerRole}.` : `dockerRole: expected ${step.dockerRole}, got ${JSON.stringify(ext?.dockerRole)}.`);
    }
    for (const [path, matcher] of Object.entries(renderMatchers(step.attributes, this.context()))) {
      const problems = matchValue(path, matcher, readPath(resource, path));
      judge('attributes', problems.length === 0, `${user.key}.${path}`, matcher.kind === 'literal' ? matcher.value : matcher.operators, readPath(resource, path), problems[0] ?? `${path} as expected.`);
      messages.push(...problems.slice(1));
    }
    return messages;
  }

  /** GET by the id the IdP holds, else find by userName: the user as the target returns it, if it exists. */
  private async readUser(key: string, userName: string): Promise<{ exchange: Exchange | undefined; resource: Record<string, unknown> | undefined; error?: string }> {
    const knownId = this.state.provisioned.get(key);
    if (knownId) {
      const exchange = await this.session.send({ method: 'GET', path: userPath(knownId) }, { label: `expect ${key}`, area: 'read', idp: this.scenario.idp });
      if (exchange.response?.status === 200) return { exchange, resource: exchange.responseJson as Record<string, unknown> };
      if (exchange.response?.status === 404) return { exchange, resource: undefined };
      return { exchange, resource: undefined, error: `GET /Users/${knownId} answered ${answerOf(exchange)}.` };
    }
    const exchange = await this.session.send(
      { method: 'GET', path: '/Users', query: { filter: `userName eq ${JSON.stringify(userName)}` } },
      { label: `expect ${key}`, area: 'filter', idp: this.scenario.idp },
    );
    if (exchange.response?.status !== 200) return { exchange, resource: undefined, error: `Looking up ${userName} answered ${answerOf(exchange)}.` };
    const list = exchange.responseJson as { Resources?: Record<string, unknown>[] } | undefined;
    return { exchange, resource: list?.Resources?.[0] };
  }

  /**
   * Counts what this scenario created that still exists, each read back by the id the ledger holds: never what
   * else a shared target holds. A resource the scenario deleted is not read again.
   */
  private async expectCreated(expected: { users: number | undefined; groups: number | undefined }): Promise<string[]> {
    const messages: string[] = [];
    for (const [type, want] of [['User', expected.users], ['Group', expected.groups]] as const) {
      if (want === undefined) continue;
      const { present, unreadable } = await this.readBackCreated(type);
      const noun = type === 'User' ? 'users' : 'groups';
      if (unreadable.length > 0) messages.push(`Reading back the ${noun} this scenario created failed: ${unreadable.join('; ')}.`);
      else if (present.length !== want) {
        messages.push(`Expected ${want} ${noun} created by this scenario to exist at the target, found ${present.length}${present.length > 0 ? ` (${present.join(', ')})` : ''}.`);
      }
    }
    return messages;
  }

  /**
   * Which of the users or groups this scenario created still exist: many at once by id where the target answers
   * that (harness/runner/batch-read.ts), the rest one by one; and which could not be read (neither 200 nor 404).
   */
  private async readBackCreated(type: 'User' | 'Group'): Promise<{ present: string[]; unreadable: string[] }> {
    const present: string[] = [];
    const unreadable: string[] = [];
    const endpoint = type === 'User' ? '/Users' : '/Groups';
    const area = type === 'User' ? 'read' : 'groups';
    const label = `expect created ${type.toLowerCase()}s`;
    for (const slice of slices(this.session.ledger.live().filter((e) => e.type === type), 'id', (e) => e.id)) {
      const batch = await this.batches.read(endpoint, 'id', slice.map((e) => e.id), `${label} (${slice.length} at once)`, area, 'id');
      for (const entry of slice) {
        const read = batch?.found.has(entry.id) ? undefined : await this.session.send({ method: 'GET', path: type === 'User' ? userPath(entry.id) : groupPath(entry.id) }, { label, area, idp: this.scenario.idp });
        if (read === undefined || read.response?.status === 200) present.push(entry.name ?? entry.id);
        else if (read.response?.status !== 404) unreadable.push(`${entry.id} answered ${answerOf(read)}`);
      }
    }
    return { present, unreadable };
  }

  /** The name a scenario's group has at the target: tagged, so runs never share a group. */
  private groupName(name: string): string {
    return taggedGroupName(name, this.options.tag, this.options.groupPrefix);
  }

  private async expectGroup(step: ExpectStep, scenarioName: string): Promise<string[]> {
    const group = this.groupName(scenarioName);
    const exchange = await this.session.send(
      { method: 'GET', path: '/Groups', query: { filter: `displayName eq ${JSON.stringify(group)}` } },
      { label: `expect group ${group}`, area: 'groups', idp: this.scenario.idp },
    );
    const found = (exchange.responseJson as { Resources?: Record<string, unknown>[] } | undefined)?.Resources?.[0];
    let message: string | undefined;
    if (!step.exists) message = found ? `Group ${group} still exists at the target.` : undefined;
    else if (!found) {
      message = `Group ${group} does not exist at the target.`;
      this.expectMiss = { group: scenarioName };
    }
    else if (step.members !== undefined) {
      const ids = new Set(((found.members as { value?: string }[] | undefined) ?? []).map((m) => m.value));
      const missing = step.members.filter((key) => !ids.has(this.state.provisioned.get(key)));
      if (missing.length > 0) {
        message = `Group ${group} lacks members ${missing.join(', ')}.`;
        this.expectMiss = { members: missing };
      }
      else if (ids.size !== step.members.length) message = `Group ${group} has ${ids.size} members; expected ${step.members.length}.`;
    }
    this.tally.add([outcomeFinding('groupMembers', exchange, message === undefined, { subject: `group ${group}`, expected: step.members, actual: found?.members, message: message ?? `Group ${group} as expected.` })]);
    return message ? [message] : [];
  }
}

class StepError extends Error {}

/** A step failing for 10,000 users says so in the first 50 messages and a count. */
const MAX_STEP_MESSAGES = 50;

function capMessages(messages: string[]): string[] {
  if (messages.length <= MAX_STEP_MESSAGES) return messages;
  return [...messages.slice(0, MAX_STEP_MESSAGES), `… and ${messages.length - MAX_STEP_MESSAGES} more like these.`];
}

type IdpStep = Exclude<Step, RequestStep | ExpectStep | AdminStep>;

/** Updates go user by user through `StepRunner.update`. */
function toAction(step: Exclude<IdpStep, { kind: 'update' }>, groupName: (name: string) => string): IdpAction {
  switch (step.kind) {
    case 'testConnection':
      return { kind: 'testConnection' };
    case 'fullSync':
      return { kind: 'fullSync', assigned: step.assigned };
    case 'pushGroup':
      return { kind: 'pushGroup', name: groupName(step.group), members: step.members, renameTo: step.renameTo === undefined ? undefined : groupName(step.renameTo), delete: step.delete };
    default:
      return { kind: step.kind, users: step.users };
  }
}

function hintsFor(step: RequestStep): ExchangeHints | undefined {
  const scimType = step.expect?.body.scimType;
  if (scimType?.kind === 'literal' && scimType.value === 'invalidFilter') return { invalidFilter: true };
  return undefined;
}

/** The matrix area a raw request belongs to, from what it does. */
export function areaOfRequest(method: string, path: string, query: Record<string, string>): Area {
  const segments = path.replace(/^https?:\/\/[^/]+/, '').split('?')[0]!.split('/').filter(Boolean);
  if (['ServiceProviderConfig', 'Schemas', 'ResourceTypes'].some((d) => segments.includes(d))) return 'discovery';
  if (segments.includes('Bulk')) return 'bulk';
  if (segments.at(-1) === '.search' || query.filter !== undefined) return 'filter';
  if (query.startIndex !== undefined || query.count !== undefined || query.sortBy !== undefined) return 'pagination';
  if (segments.includes('Groups')) return 'groups';
  switch (method.toUpperCase()) {
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return 'delete';
    default:
      return 'read';
  }
}

class TimeoutFailure extends Error {}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutFailure(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}


function describeError(error: unknown): string {
  return error instanceof Error ? `${error.message}${error.stack ? `\n${error.stack.split('\n').slice(1, 4).join('\n')}` : ''}` : String(error);
}
