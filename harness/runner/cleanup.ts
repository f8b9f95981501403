/**
 * Leaves nothing behind on an external target: after every scenario, whatever happened, each resource in its
 * ledger is deleted (groups first), a user whose DELETE is refused is deactivated instead, and what could not
 * be removed is reported with the target's answer. At the end of the run a sweep removes anything carrying the
 * run's marker that no ledger knew (a create that timed out at the client but landed at the server).
 */
import { isObject } from '../../vocabulary/json.js';
import type { CleanupResult, Exchange, Leftover, RunCleanup } from '../model.js';
import { MESSAGE } from '../../vocabulary/constants.js';
import type { LedgerEntry } from './ledger.js';
import type { Session } from './session.js';
import { answerOf, groupPath, readable, userPath } from './verdicts.js';

const LABEL = { label: 'cleanup', area: 'delete', idp: undefined } as const;

export async function cleanUp(session: Session, keep: boolean): Promise<CleanupResult> {
  const live = session.ledger.live();
  // What the scenario deleted itself counts as removed: created = deleted + leftovers.
  const result: CleanupResult = { created: session.ledger.createdCount, deleted: session.ledger.createdCount - live.length, leftovers: [] };
  for (const entry of live) {
    if (keep) {
      result.leftovers.push(leftover(entry, 'kept', 'kept for inspection (--keep)'));
      continue;
    }
    const removed = await remove(session, entry);
    if (removed === undefined) result.deleted += 1;
    else result.leftovers.push(removed);
  }
  return result;
}

/** Undefined when the resource is gone; otherwise what became of it. */
async function remove(session: Session, entry: LedgerEntry): Promise<Leftover | undefined> {
  const path = entry.type === 'User' ? userPath(entry.id) : groupPath(entry.id);
  const deleted = await session.send({ method: 'DELETE', path, cleanup: true }, LABEL);
  if (gone(deleted)) return undefined;
  const why = `DELETE answered ${answerOf(deleted)}`;
  if (entry.type === 'Group') return leftover(entry, 'left', why);
  const deactivated = await deactivate(session, path);
  return deactivated === undefined
    ? leftover(entry, 'deactivated', `${why}; set active to false instead`)
    : leftover(entry, 'left', `${why}; deactivating failed too (${deactivated})`);
}

/** A PATCH of `active`, or where PATCH is refused, the user read back and PUT with `active: false`. */
async function deactivate(session: Session, path: string): Promise<string | undefined> {
  const patch = await session.send(
    { method: 'PATCH', path, cleanup: true, body: { schemas: [MESSAGE.patchOp], Operations: [{ op: 'replace', path: 'active', value: false }] } },
    LABEL,
  );
  if (ok(patch)) return undefined;
  const read = await session.send({ method: 'GET', path, cleanup: true }, LABEL);
  const resource = readable(read);
  if (!resource) return `PATCH answered ${answerOf(patch)}, GET ${answerOf(read)}`;
  const { meta: _meta, ...rest } = resource;
  const put = await session.send({ method: 'PUT', path, cleanup: true, body: { ...rest, active: false } }, LABEL);
  return ok(put) ? undefined : `PATCH answered ${answerOf(patch)}, PUT answered ${answerOf(put)}`;
}

/**
 * Finds what carries the run's marker and no ledger removed. Only resources whose userName or displayName really
 * contains the marker are touched: a target that ignores the filter and answers with everything loses nothing.
 */
export async function sweep(session: Session, marker: string, offers: { filter: boolean; groups: boolean }): Promise<RunCleanup['sweep'] & { leftovers: Leftover[] }> {
  if (!offers.filter) return { ran: false, found: 0, deleted: 0, note: 'skipped: the target does not advertise filtering, so what the run created cannot be searched for', leftovers: [] };
  const found: LedgerEntry[] = [];
  const notes: string[] = [];
  const kinds = [['Group', 'Groups', 'displayName'], ['User', 'Users', 'userName']] as const;
  for (const [type, endpoint, attribute] of kinds.filter(([type]) => type === 'User' || offers.groups)) {
    const listed = await session.send({ method: 'GET', path: `/${endpoint}`, cleanup: true, query: { filter: `${attribute} co "${marker}"`, count: 200 } }, { ...LABEL, label: 'sweep' });
    if (!ok(listed)) {
      notes.push(`${endpoint}: the search answered ${answerOf(listed)}`);
      continue;
    }
    for (const resource of resourcesOf(listed)) {
      const name = resource[attribute];
      if (typeof resource.id === 'string' && typeof name === 'string' && name.includes(marker)) found.push({ type, id: resource.id, name });
    }
  }
  const leftovers: Leftover[] = [];
  for (const entry of found) {
    session.ledger.adopt(entry);
    const removed = await remove(session, entry);
    if (removed) leftovers.push(removed);
  }
  const deleted = found.length - leftovers.length;
  const note = notes.length > 0 ? `incomplete: ${notes.join('; ')}` : found.length === 0 ? 'nothing left over' : `removed ${deleted} of ${found.length} left over`;
  return { ran: notes.length === 0, found: found.length, deleted, note, leftovers };
}

function resourcesOf(exchange: Exchange): Record<string, unknown>[] {
  const body = exchange.responseJson;
  return isObject(body) && Array.isArray(body.Resources) ? body.Resources.filter(isObject) : [];
}

function leftover(entry: LedgerEntry, outcome: Leftover['outcome'], reason: string): Leftover {
  return { type: entry.type, id: entry.id, name: entry.name, outcome, reason };
}

const ok = (exchange: Exchange) => exchange.response !== undefined && exchange.response.status >= 200 && exchange.response.status < 300;
const gone = (exchange: Exchange) => ok(exchange) || exchange.response?.status === 404;
