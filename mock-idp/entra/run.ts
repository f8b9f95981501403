/**
 * One Entra activity (Test Connection, a provision on demand or a provisioning cycle): the clients with Entra's
 * headers, encoding and retry policy, the PATCH shapes that apply to this activity, the directory user as Entra
 * maps it, and what Entra logs (failures first, as the runner shows them).
 */
import type { Area, Exchange } from '../../vocabulary/exchange.js';
import { ActionRun, clientOptions } from '../action-run.js';
import type { DirectoryUser } from '../directory.js';
import type { ActionOutcome, IdpContext } from '../profile.js';
import { IdpScimClient, statusOf, type IdpClientOptions } from '../scim-client.js';
import { ENTRA, ENTRA_DECLARATION, type EntraBehaviour } from './declaration.js';
import { desiredView, patchBody, wireOperations, type MappingOptions, type PatchOperation, type UserView } from './mapping.js';
import { memoryOf, type EntraMemory } from './memory.js';
import type { EntraSettings } from './settings.js';

/**
 * `testConnection`: the admin's button; `onDemand`: "Provision on demand" (outside the job: the flag does not
 * apply, E1); `cycle`: the provisioning job's initial or incremental cycle.
 */
export type Activity = 'testConnection' | 'onDemand' | 'cycle';

/** What a failure was about: an object (user) or a reference (manager, member), which E17 counts apart. */
export type FailureKind = 'object' | 'reference';

/**
 * Entra's log lists failures first: `messages` (the base's) holds the failures, in order, and the notes are kept
 * apart until `outcome()`.
 */
export class EntraRun extends ActionRun<EntraBehaviour> {
  /** Test Connection's client: no User-Agent (E12). */
  readonly probeClient: IdpScimClient;
  readonly memory: EntraMemory;
  readonly mapping: MappingOptions;
  /** Whether this activity sends the aadOptscim062020 shapes: the flag is set and this is not provision on demand. */
  readonly flag: boolean;
  /** Users this activity already worked on: each is attempted once per activity. */
  readonly attempted = new Set<string>();
  /** Set by a full sync: this cycle is the initial one (Restart provisioning), its requests report as full-sync. */
  initialCycle = false;
  private readonly notes: string[] = [];
  /** The kind of each failure in `messages`, in the same order. */
  private readonly failureKinds: FailureKind[] = [];
  private flagNoted = false;

  constructor(
    ctx: IdpContext,
    readonly settings: EntraSettings,
    readonly activity: Activity,
  ) {
    const options = entraClientOptions(settings);
    super(ctx, options);
    // E12 (kortix-ai/suna #7297): Test Connection came without a User-Agent, which a WAF then refused.
    this.probeClient = new IdpScimClient(ctx.http, { ...options, headers: {}, bodyHeaders: {} });
    this.memory = memoryOf(ctx.state);
    this.mapping = { mappings: settings.attributeMappings, mapDockerRoles: settings.mapDockerRoles, externalIdFrom: settings.externalIdFrom };
    this.flag = settings.aadOptscim062020 && activity !== 'onDemand';
  }

  /** A PATCH with the operations as this activity sends them; with the flag it enacts the flag's behaviour. */
  sendPatch(path: string, operations: PatchOperation[], area: Area, label: string, behaviour: EntraBehaviour): Promise<Exchange> {
    if (!this.flag && this.settings.aadOptscim062020 && !this.flagNoted) {
      this.flagNoted = true;
      this.note('Provision on demand ignores the aadOptscim062020 flag (E1): its PATCH keeps capitalized ops and "True"/"False" strings.');
    }
    const body = patchBody(wireOperations(operations, this.flag));
    return this.send({ method: 'PATCH', path, body }, area, label, this.flag ? ENTRA.patchFlag : behaviour);
  }

  /** Booleans as this activity writes them: strings unless the flag applies or the tenant sends real ones. */
  get booleanStrings(): boolean {
    return this.settings.booleanStrings && !this.flag;
  }

  // --- what Entra logs -----------------------------------------------------------------------------------

  override note(message: string): void {
    // The same conclusion reached twice in one activity (a manager unresolved for the check and the PATCH) is logged once.
    if (!this.notes.includes(message)) this.notes.push(message);
  }

  /** A failure Entra shows in its provisioning logs (and the admin's tasks); the action fails. */
  fail(message: string, kind: FailureKind = 'object'): void {
    this.failureKinds.push(kind);
    this.failWithTask(message);
  }

  /** How many failures of that kind were logged so far (to tell whether one object's work failed). */
  failureCount(kind?: FailureKind): number {
    return kind === undefined ? this.failureKinds.length : this.failureKinds.filter((k) => k === kind).length;
  }

  lastFailure(): string | undefined {
    return this.messages.at(-1);
  }

  /** What went wrong first: the runner shows the messages of a failed step in order. */
  override outcome(): ActionOutcome {
    return { ok: this.ok, messages: [...this.messages, ...this.notes] };
  }

  describe(exchange: Exchange): string {
    const detail = (exchange.responseJson as { detail?: unknown } | undefined)?.detail;
    return `${statusOf(exchange)}${typeof detail === 'string' ? ` (${detail})` : ''}`;
  }

  // --- the directory as Entra maps it ---------------------------------------------------------------------

  user(key: string): DirectoryUser {
    return this.ctx.directory.get(key);
  }

  /** What Entra would push for the user now; `quiet` leaves out the note about an unresolved manager. */
  desired(key: string, quiet = false): UserView {
    const { manager, id } = managerOf(key, this.ctx);
    if (!quiet && manager !== undefined && id === undefined) {
      this.note(`Entra could not resolve the manager of ${key} (${manager} is not provisioned); it leaves the manager out.`);
    }
    return desiredView(this.user(key), id, this.mapping);
  }
}

/** Entra's client: its User-Agent from the settings; E13: with `nextCycle` a 429 is an ordinary failure, retried from escrow by the next cycle. */
function entraClientOptions(settings: EntraSettings): IdpClientOptions {
  const { traffic } = ENTRA_DECLARATION;
  const retry = settings.throttling === 'retryAfter' ? traffic.retry : { ...traffic.retry, retryOn: [] };
  return clientOptions(traffic, { headers: { ...traffic.headers, 'User-Agent': settings.userAgent }, retry });
}

/**
 * The user's manager (a directory key: the directory's, or the one an update set) and its id at the target,
 * which Entra knows only when it provisioned that manager.
 */
export function managerOf(key: string, ctx: IdpContext): { manager: string | undefined; id: string | undefined } {
  const memory = memoryOf(ctx.state);
  const fromDirectory = ctx.directory.get(key).manager;
  const set = memory.managers.has(key) ? memory.managers.get(key) : fromDirectory;
  const manager = typeof set === 'string' && set !== '' ? set : undefined;
  return { manager, id: manager === undefined ? undefined : ctx.state.provisioned.get(manager) };
}
