/**
 * The end state an IdP relies on after each lifecycle action, judged without the scenario having to ask:
 * the IdP's own record (whom it provisioned, deactivated, deleted or reactivated, by which id) says what the
 * target must now hold. A newly provisioned user reads back active, with the values the IdP mapped when it
 * created it. After a deactivation (Okta Deactivate Users, Entra soft delete, OneLogin Suspend) the user still
 * reads back with `active: false`; after a delete it answers 404; after a reactivation it is active again
 * and keeps the attributes it had when it was deactivated; after a profile update the IdP pushed, it holds
 * the values the update changed (a changed Docker role under its own check); after a group push, the group
 * holds exactly the members the IdP pushed (or is gone, when it deleted it). A scenario's `expect` steps add
 * to these.
 */
import type { IdpAction, IdpState, PushedGroup } from '../../mock-idp/profile.js';
import type { OutcomeName } from '../checks/outcome.js';
import type { Area, Exchange, Finding } from '../model.js';
import { isSuccess, method } from '../checks/exchange-view.js';
import { SCHEMA } from '../../vocabulary/constants.js';
import { describeDifferences, mappedDifferences, type MappedDifference } from '../../vocabulary/mapped.js';
import { answerOf, groupPath, readable, userPath, Verdicts, type Add, type Detail } from './verdicts.js';

type Json = Record<string, unknown>;

/** What the IdP held for one user before the action. */
interface Before {
  id: string | undefined;
  deactivated: boolean;
}

export interface LifecycleDeps {
  /** GET a path below the base URL (`/Users/{id}`, `/Groups/{id}`), recorded like any harness request. */
  read(path: string, label: string, area: Area): Promise<Exchange>;
  /** What the IdP maps for the user now (`IdpProfile.mappedUser`), if the profile says. */
  mapped(key: string): Json | undefined;
  /** The IdP's record of who is provisioned, deactivated, assigned. */
  state: IdpState;
  /** Where findings go as they are made (else they are returned in the verdicts). */
  sink?: (finding: Finding) => void;
}

/**
 * What the IdP's requests during one action did to users, as the judges need it: the ids its creates got (a
 * 201 to a POST on /Users) and the users it pushed to (a 2xx to a PUT or PATCH of /Users/{id}). Two sets
 * instead of the action's exchanges, so a 10,000-user sync is not held in memory to be judged.
 */
export class ActionTraffic {
  private readonly created = new Set<string>();
  private readonly pushed = new Set<string>();

  add(exchange: Exchange): void {
    if (!isSuccess(exchange)) return;
    // The path as text, not parsed: the harness wrote the URL itself, and a URL parse per exchange was most of this.
    const path = pathOf(exchange.request.url);
    const verb = method(exchange);
    const id = (exchange.responseJson as Json | undefined)?.id;
    if (verb === 'POST' && exchange.response?.status === 201 && path.endsWith('/Users') && typeof id === 'string') this.created.add(id);
    const segment = /\/Users\/([^/]+)$/.exec(path)?.[1];
    if ((verb === 'PUT' || verb === 'PATCH') && segment !== undefined) this.pushed.add(decodeSegment(segment));
  }

  /** The IdP's POST created the user with this id (and the target answered 201). */
  createdUser(id: string): boolean {
    return this.created.has(id);
  }

  /** The IdP's PUT or PATCH of the user with this id succeeded. */
  pushedTo(id: string): boolean {
    return this.pushed.has(id);
  }
}

/** The path of a URL the harness wrote (`scheme://host/path?query#fragment`), without query or fragment. */
function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  const upTo = end < 0 ? url : url.slice(0, end);
  const host = upTo.indexOf('//');
  const slash = upTo.indexOf('/', host < 0 ? 0 : host + 2);
  return slash < 0 ? '/' : upTo.slice(slash);
}

/** A path segment as the id it names, however the IdP encoded it. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Actions that change whether a user is provisioned or active. */
const LIFECYCLE = new Set<IdpAction['kind']>(['assign', 'reassign', 'unassign', 'delete']);

export class LifecycleJudge {
  /** Per user: the target's copy when the IdP deactivated it, and what the IdP mapped then. */
  private readonly atDeactivation = new Map<string, { resource: Json; mapped: Json | undefined }>();

  constructor(private readonly deps: LifecycleDeps) {}

  /** The IdP's record of the users the action names, taken before it runs. */
  before(action: IdpAction): Map<string, Before> {
    const before = new Map<string, Before>();
    if (!LIFECYCLE.has(action.kind) || !('users' in action)) return before;
    for (const key of action.users) before.set(key, { id: this.deps.state.provisioned.get(key), deactivated: this.deps.state.deactivated.has(key) });
    return before;
  }

  /**
   * After a profile update of `key`: when the IdP pushed it (a 2xx to its PUT or PATCH of the user), the user
   * reads back with every mapped value the update changed. Values it did not change are not judged: an IdP
   * that pushes only what changed leaves older drift where it was.
   */
  async judgeUpdate(key: string, mappedBefore: Json | undefined, sent: ActionTraffic): Promise<Verdicts> {
    const verdicts = new Verdicts(this.deps.sink);
    const id = this.deps.state.provisioned.get(key);
    const mappedAfter = this.deps.mapped(key);
    if (id === undefined || mappedBefore === undefined || mappedAfter === undefined || !sent.pushedTo(id)) return verdicts;
    const changed = Object.keys(mappedAfter).filter((name) => JSON.stringify(mappedAfter[name]) !== JSON.stringify(mappedBefore[name]));
    if (changed.length === 0) return verdicts;
    const exchange = await this.deps.read(userPath(id), `${key} after the IdP pushed its update`, 'update');
    const resource = readable(exchange);
    const expected = Object.fromEntries(changed.map((name) => [name, mappedAfter[name]]));
    const role = roleOf(mappedAfter) !== roleOf(mappedBefore) ? roleOf(mappedAfter) : undefined;
    judgePushed(verdicts.add, { key, id, exchange, resource, expected, role, when: 'the update' });
    return verdicts;
  }

  /**
   * A user the IdP newly provisioned (created, or linked to an existing one) reads back by its id, active; one it
   * created in this action (a 201 to its POST carrying that id) holds every value the IdP mapped. A linked user
   * is not judged on attributes: the IdP did not push them (Okta links without a push).
   */
  private async judgeProvisioned(key: string, id: string, sent: ActionTraffic, add: Add): Promise<void> {
    const exchange = await this.deps.read(userPath(id), `${key} after the IdP provisioned it`, 'create');
    const resource = readable(exchange);
    const ok = resource !== undefined && resource.active !== false;
    add('provisioned', exchange, ok, {
      subject: key,
      expected: 'present and active',
      actual: resource === undefined ? answerOf(exchange) : `active: ${JSON.stringify(resource.active)}`,
      message: ok
        ? `${key} exists.`
        : resource === undefined
          ? `${key} was provisioned by the IdP (id ${id}) but GET /Users/${id} answered ${answerOf(exchange)}.`
          : `${key} was provisioned by the IdP but reads back with active ${JSON.stringify(resource.active)}.`,
    });
    const mapped = this.deps.mapped(key);
    if (!resource || !sent.createdUser(id) || mapped === undefined) return;
    judgePushed(add, { key, id, exchange, resource, expected: mapped, role: roleOf(mapped), when: 'its create' });
  }

  /**
   * After a group push the IdP reported done: a group it deleted (`deletedId`) answers 404; otherwise the group
   * as the IdP believes it (`pushed`) reads back under `name` with exactly the members the IdP pushed.
   */
  async judgeGroup(name: string, deletedId: string | undefined, pushed: PushedGroup | undefined): Promise<Verdicts> {
    const verdicts = new Verdicts(this.deps.sink);
    const add = (exchange: Exchange, ok: boolean, detail: Detail) => verdicts.add('groupMembers', exchange, ok, detail);
    if (deletedId !== undefined) {
      const exchange = await this.deps.read(groupPath(deletedId), `group ${name} after the IdP deleted it`, 'groups');
      const ok = exchange.response?.status === 404;
      add(exchange, ok, {
        subject: `group ${name}`,
        expected: 404,
        actual: answerOf(exchange),
        message: ok ? `Group ${name} is gone.` : `Group ${name} was deleted by the IdP but GET /Groups/${deletedId} answered ${answerOf(exchange)}, not 404.`,
      });
      return verdicts;
    }
    if (pushed === undefined) return verdicts;
    const exchange = await this.deps.read(groupPath(pushed.id), `group ${name} after the IdP pushed it`, 'groups');
    const group = readable(exchange);
    const ids = new Map<string, string>();
    for (const key of pushed.members) {
      const id = this.deps.state.provisioned.get(key);
      if (id !== undefined) ids.set(id, key);
    }
    const held = Array.isArray(group?.members) ? (group.members as unknown[]).map((m) => (typeof m === 'object' && m !== null ? String((m as Json).value) : String(m))) : [];
    const missing = [...ids].filter(([id]) => !held.includes(id)).map(([, key]) => key);
    const extra = held.filter((id) => !ids.has(id));
    const displayName = group?.displayName;
    const renamed = typeof displayName !== 'string' || displayName.toLowerCase() !== name.toLowerCase();
    const ok = group !== undefined && !renamed && missing.length === 0 && extra.length === 0;
    add(exchange, ok, {
      subject: `group ${name}`,
      expected: { displayName: name, members: pushed.members.filter((key) => this.deps.state.provisioned.has(key)) },
      actual: group === undefined ? answerOf(exchange) : { displayName, members: held },
      message: ok
        ? `Group ${name} holds the members the IdP pushed.`
        : group === undefined
          ? `Group ${name} was pushed by the IdP but GET /Groups/${pushed.id} answered ${answerOf(exchange)}.`
          : `Group ${name} ${[
              renamed ? `reads back as ${JSON.stringify(displayName)}` : '',
              missing.length > 0 ? `lacks the pushed members ${missing.join(', ')}` : '',
              extra.length > 0 ? `holds ${extra.length} member(s) the IdP did not push (${extra.join(', ')})` : '',
            ].filter(Boolean).join('; ')}.`,
    });
    return verdicts;
  }

  /** Reads back each user whose state the action changed; the findings, and a message per failure. */
  async judge(before: Map<string, Before>, sent: ActionTraffic): Promise<Verdicts> {
    const verdicts = new Verdicts(this.deps.sink);
    const { state } = this.deps;
    for (const [key, was] of before) {
      const id = state.provisioned.get(key);
      const deactivated = state.deactivated.has(key);
      if (was.id === undefined) {
        if (id !== undefined) await this.judgeProvisioned(key, id, sent, verdicts.add);
      } else if (id === undefined) await this.judgeDeleted(key, was.id, verdicts.add);
      else if (!was.deactivated && deactivated) await this.judgeDeactivated(key, id, verdicts.add);
      else if (was.deactivated && !deactivated) await this.judgeReactivated(key, id, verdicts.add);
    }
    return verdicts;
  }

  /** Deactivated (Okta Deactivate Users, Entra soft delete, OneLogin Suspend): kept, with `active: false`. */
  private async judgeDeactivated(key: string, id: string, add: Add): Promise<void> {
    const exchange = await this.deps.read(userPath(id), `${key} after the IdP deactivated it`, 'deactivate');
    const resource = readable(exchange);
    const ok = resource?.active === false;
    if (resource) this.atDeactivation.set(key, { resource, mapped: this.deps.mapped(key) });
    add('deactivatedReadable', exchange, ok, {
      subject: `${key}.active`,
      expected: false,
      actual: resource ? resource.active : answerOf(exchange),
      message: ok
        ? `${key} reads back with active false.`
        : resource
          ? `${key} was deactivated by the IdP but reads back with active ${JSON.stringify(resource.active)}.`
          : `${key} was deactivated by the IdP but GET /Users/${id} answered ${answerOf(exchange)}; the IdP expects the user kept with active false.`,
    });
  }

  /** Deleted: read by the id the IdP held, it answers 404. */
  private async judgeDeleted(key: string, id: string, add: Add): Promise<void> {
    const exchange = await this.deps.read(userPath(id), `${key} after the IdP deleted it`, 'delete');
    const ok = exchange.response?.status === 404;
    add('gone', exchange, ok, {
      subject: key,
      expected: 404,
      actual: answerOf(exchange),
      message: ok ? `${key} is gone.` : `${key} was deleted by the IdP but GET /Users/${id} answered ${answerOf(exchange)}, not 404.`,
    });
  }

  /** Reactivated: active again, with the attributes it had when it was deactivated. */
  private async judgeReactivated(key: string, id: string, add: Add): Promise<void> {
    const exchange = await this.deps.read(userPath(id), `${key} after the IdP reactivated it`, 'deactivate');
    const resource = readable(exchange);
    const ok = resource?.active === true;
    add('reactivated', exchange, ok, {
      subject: `${key}.active`,
      expected: true,
      actual: resource ? resource.active : answerOf(exchange),
      message: ok ? `${key} is active again.` : `${key} was reactivated by the IdP but reads back with ${resource ? `active ${JSON.stringify(resource.active)}` : answerOf(exchange)}.`,
    });
    const kept = this.atDeactivation.get(key);
    this.atDeactivation.delete(key);
    if (!resource || !kept) return;
    const differences = mappedDifferences(keptAttributes(kept, this.deps.mapped(key)), resource);
    const first = differences[0];
    add('reactivatedAttributes', exchange, first === undefined, {
      subject: first === undefined ? key : `${key}.${first.path}`,
      expected: first === undefined ? 'as when deactivated' : first.expected,
      actual: first === undefined ? 'as when deactivated' : first.actual,
      message: first === undefined ? `${key} keeps its attributes.` : `${key} lost attributes on reactivation: ${describeDifferences(differences, ['was', 'now'])}.`,
    });
  }
}

const ROLE_PATH = `${SCHEMA.dockerUser}.dockerRole`.toLowerCase();

/** The Docker role a mapped user carries, if the IdP maps one. */
function roleOf(mapped: Json): string | undefined {
  const role = (mapped[SCHEMA.dockerUser] as Json | undefined)?.dockerRole;
  return typeof role === 'string' ? role : undefined;
}

/**
 * The values the IdP pushed (`expected`) against the user read back: a Docker role the push set is judged by
 * idp.roles.docker-role, every other value by idp.update.attributes.
 */
function judgePushed(add: Add, p: { key: string; id: string; exchange: Exchange; resource: Json | undefined; expected: Json; role: string | undefined; when: string }): void {
  const differences = p.resource ? mappedDifferences(p.expected, p.resource) : [];
  const isRole = (d: MappedDifference) => d.path.toLowerCase() === ROLE_PATH;
  const one = (name: OutcomeName, found: MappedDifference[], what: string) => {
    const first = found[0];
    const ok = p.resource !== undefined && first === undefined;
    add(name, p.exchange, ok, {
      subject: first === undefined ? p.key : `${p.key}.${first.path}`,
      expected: first === undefined ? what : first.expected,
      actual: p.resource === undefined ? answerOf(p.exchange) : first === undefined ? what : first.actual,
      message: ok
        ? `${p.key} holds the ${what} ${p.when} pushed.`
        : p.resource === undefined
          ? `${p.key}: after ${p.when}, GET /Users/${p.id} answered ${answerOf(p.exchange)}.`
          : `${p.key} after ${p.when}: ${describeDifferences(found)}.`,
    });
  };
  if (p.role !== undefined) one('dockerRole', differences.filter(isRole), `dockerRole ${p.role}`);
  const docker = (p.expected[SCHEMA.dockerUser] as Json | undefined) ?? {};
  const otherValues = Object.keys(p.expected).some((name) => name !== SCHEMA.dockerUser) || Object.keys(docker).some((name) => name !== 'dockerRole');
  const others = differences.filter((d) => !isRole(d));
  if (otherValues || others.length > 0) one('attributes', others, 'values');
}

/**
 * What the reactivated user must still hold: the target's own values at deactivation, for the attributes
 * the IdP maps and has not changed since (a changed one may be pushed anew with the reactivation).
 */
function keptAttributes(kept: { resource: Json; mapped: Json | undefined }, mappedNow: Json | undefined): Json {
  const out: Json = {};
  for (const [name, value] of Object.entries(kept.resource)) {
    if (kept.mapped !== undefined) {
      const mappedName = Object.keys(kept.mapped).find((k) => k.toLowerCase() === name.toLowerCase());
      if (mappedName === undefined || JSON.stringify(kept.mapped[mappedName]) !== JSON.stringify(mappedNow?.[mappedName])) continue;
    }
    out[name] = value;
  }
  return out;
}


