/**
 * The end state after a full sync (Okta "Reapply Mappings", Entra's initial cycle, OneLogin "Reapply
 * Mappings"), judged from the IdP's own record of whom it provisioned and deprovisioned.
 */
import type { Directory } from '../../mock-idp/directory.js';
import type { IdpState } from '../../mock-idp/profile.js';
import type { OutgoingRequest } from './session.js';
import type { Exchange, Finding } from '../model.js';
import { describeDifferences, mappedDifferences } from '../../vocabulary/mapped.js';
import { answerOf, readable, userPath, Verdicts } from './verdicts.js';
import { batchKey, slices, type BatchAnswer } from './batch-read.js';

export interface FullSyncDeps {
  state: IdpState;
  directory: Directory;
  /** Every SCIM id the IdP held for a user before the action: a deleted user is read back by it. */
  heldIds: ReadonlyMap<string, string>;
  /** What the IdP maps for the user (`IdpProfile.mappedUser`), if the profile says. */
  mapped(key: string): Record<string, unknown> | undefined;
  /** The user as the target returns it (by the id the IdP holds, else by userName), or why it could not be read. */
  readUser(key: string, userName: string): Promise<{ exchange: Exchange | undefined; resource: Record<string, unknown> | undefined; error?: string }>;
  /** A harness request in the full-sync area. */
  send(request: OutgoingRequest, label: string): Promise<Exchange>;
  /** Many users by userName in one read (harness/runner/batch-read.ts), when the target answers such reads. */
  readUsers?(userNames: readonly string[], label: string): Promise<BatchAnswer | undefined>;
  /** Where findings go as they are made (else they are returned in the verdicts). */
  sink?: (finding: Finding) => void;
}

/**
 * After a full sync the target holds exactly what the IdP pushed: every assigned user the IdP counts as
 * provisioned exists once and is active (an assignment the IdP keeps pending, e.g. with Create Users
 * off, is not the target's to hold), with the attribute values the IdP maps; and every user the IdP
 * deprovisioned (deactivated, or deleted: read by the id it had) is inactive or gone. Users the target had
 * on its own are not the IdP's business.
 */
export async function judgeFullSync(deps: FullSyncDeps): Promise<Verdicts> {
  const verdicts = new Verdicts(deps.sink);
  const judge = verdicts.add;
  const assigned = [...deps.state.assigned].filter((k) => deps.state.provisioned.has(k)).sort();
  for (const slice of slices(assigned, 'userName', (key) => deps.directory.get(key).userName)) {
    const batch = await deps.readUsers?.(slice.map((key) => deps.directory.get(key).userName), `full sync: users ${slice[0]}…${slice.at(-1)} at once`);
    for (const key of slice) await judgeAssigned(deps, judge, key, batch);
  }
  for (const key of [...deps.state.deactivated].filter((k) => !deps.state.assigned.has(k)).sort()) {
    const user = deps.directory.get(key);
    const { exchange, resource, error } = await deps.readUser(key, user.userName);
    const ok = error === undefined && (resource === undefined || resource.active === false);
    judge('fullSyncDeprovisioned', exchange, ok, {
      subject: key,
      expected: 'inactive or gone',
      actual: error ?? (resource === undefined ? 'absent' : `active: ${JSON.stringify(resource.active)}`),
      message: ok
        ? `${key} is not active.`
        : error !== undefined
          ? `${key} (${user.userName}) could not be read after the full sync: ${error}`
          : `${key} (${user.userName}) was deprovisioned by the IdP but is still active after the full sync.`,
    });
  }
  const deleted = [...deps.heldIds].filter(([key]) => !deps.state.assigned.has(key) && !deps.state.provisioned.has(key));
  for (const [key, id] of deleted.sort(([a], [b]) => a.localeCompare(b))) {
    const user = deps.directory.get(key);
    const exchange = await deps.send({ method: 'GET', path: userPath(id) }, `full sync: ${key} deleted by the IdP`);
    const resource = readable(exchange);
    // Gone is a 404; any other failure to read says nothing about whether the delete happened.
    const ok = exchange.response?.status === 404 || resource?.active === false;
    judge('fullSyncDeprovisioned', exchange, ok, {
      subject: key,
      expected: 'gone (or inactive)',
      actual: resource === undefined ? `GET /Users/${id} answered ${answerOf(exchange)}` : `active: ${String(resource.active)}`,
      message: ok
        ? `${key} is not active.`
        : resource === undefined
          ? `${key} (${user.userName}, id ${id}) was deleted by the IdP; reading it back answered ${answerOf(exchange)}, not 404.`
          : `${key} (${user.userName}, id ${id}) was deleted by the IdP but is still active after the full sync.`,
    });
  }
  return verdicts;
}

/** What a lookup by userName finds: how many users, the one with the id the IdP holds, or why it could not tell. */
interface Copies {
  exchange: Exchange;
  count: number;
  resource?: Record<string, unknown>;
  error?: string;
}

/** One assigned user after the sync: present once, active, as mapped. */
async function judgeAssigned(deps: FullSyncDeps, judge: Verdicts['add'], key: string, batch: BatchAnswer | undefined): Promise<void> {
  const user = deps.directory.get(key);
  const mapped = deps.mapped(key);
  // A user the batch shows well is judged from it; anything else by its own `userName eq`, as without batches.
  const copies = (batch && shownWell(batch, user.userName, deps.state.provisioned.get(key), mapped)) ?? (await findByUserName(deps, key, user.userName));
  // No further read when the filter's answer (the batch's or the user's own) already shows the IdP's user once,
  // active, as mapped; anything else is confirmed by the id the IdP holds before it is reported, so a list view
  // that trims attributes never fails a user its own read shows well.
  const clean = copies.resource !== undefined && copies.resource.active === true && (mapped === undefined || mappedDifferences(mapped, copies.resource).length === 0);
  const read = clean ? { exchange: copies.exchange, resource: copies.resource } : await deps.readUser(key, user.userName);
  const { exchange, resource, error } = read;
  // `active` may be left out (RFC 7643 §4.1.1 makes it optional); a string such as "False" is not a boolean the IdP can read.
  const active = resource?.active;
  const activeOk = active === undefined || active === true;
  const ok = error === undefined && copies.error === undefined && resource !== undefined && activeOk && copies.count <= 1;
  const actual =
    error ?? copies.error ?? (resource === undefined ? 'absent' : copies.count > 1 ? `${copies.count} users` : `active: ${JSON.stringify(active)}`);
  const message = ok
    ? `${key} provisioned once and active.`
    : error !== undefined
      ? `${key} (${user.userName}) could not be read after the full sync: ${error}`
      : resource === undefined
        ? `${key} (${user.userName}) is assigned but missing after the full sync.`
        : copies.error !== undefined
          ? `${key} (${user.userName}): copies could not be counted after the full sync: ${copies.error}`
          : copies.count > 1
            ? `${key} (${user.userName}) is held ${copies.count} times after the full sync (userName eq finds ${copies.count}).`
            : typeof active === 'boolean'
              ? `${key} is assigned but inactive after the full sync.`
              : `${key} is assigned but its active is ${JSON.stringify(active)}, not a boolean, after the full sync.`;
  judge('fullSync', copies.count > 1 || copies.error !== undefined ? copies.exchange : exchange, ok, { subject: key, expected: 'present once and active', actual, message });
  if (resource === undefined || mapped === undefined) return;
  const differences = mappedDifferences(mapped, resource);
  const first = differences[0];
  judge('fullSyncAttributes', exchange, first === undefined, {
    subject: first === undefined ? key : `${key}.${first.path}`,
    expected: first === undefined ? mapped : first.expected,
    actual: first === undefined ? 'as mapped' : first.actual,
    message:
      first === undefined
        ? `${key} holds every mapped attribute.`
        : `${key} after the full sync: ${describeDifferences(differences)}.`,
  });
}

/** The user as a batch read shows it, when it shows it once, with the held id, active and as mapped. */
function shownWell(batch: BatchAnswer, userName: string, held: string | undefined, mapped: Record<string, unknown> | undefined): Copies | undefined {
  const copies = batch.found.get(batchKey('userName', userName)) ?? [];
  const resource = copies[0];
  if (copies.length !== 1 || resource === undefined || resource.id !== held || resource.active !== true) return undefined;
  if (mapped !== undefined && mappedDifferences(mapped, resource).length > 0) return undefined;
  return { exchange: batch.exchange, count: 1, resource };
}

/**
 * What a `userName eq` filter finds (case-insensitive, RFC 7643 §4.1.1): how many users (a duplicate shows
 * here) and, among them, the one with the id the IdP holds.
 */
async function findByUserName(
  deps: FullSyncDeps,
  key: string,
  userName: string,
): Promise<Copies> {
  const exchange = await deps.send({ method: 'GET', path: '/Users', query: { filter: `userName eq ${JSON.stringify(userName)}` } }, `full sync: copies of ${key}`);
  const body = exchange.responseJson as { totalResults?: unknown; Resources?: unknown } | undefined;
  const total = body?.totalResults;
  if (exchange.response?.status === 200 && typeof total === 'number') {
    const held = deps.state.provisioned.get(key);
    const resources = Array.isArray(body?.Resources) ? (body.Resources as unknown[]) : [];
    const resource = resources.find((r): r is Record<string, unknown> => typeof r === 'object' && r !== null && (r as { id?: unknown }).id === held);
    return { exchange, count: total, ...(resource === undefined ? {} : { resource }) };
  }
  const answer = exchange.response ? `${exchange.response.status}${typeof total === 'number' ? '' : ' without a numeric totalResults'}` : exchange.transportError?.message;
  return { exchange, count: 0, error: `GET /Users?filter=userName eq ${JSON.stringify(userName)} answered ${answer}.` };
}
