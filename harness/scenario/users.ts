/** User lists as scenarios write them (keys, inclusive ranges `user1..user5000`, `all`), checked and expanded to directory keys. */

/** `assigned: all`: every directory user, user1 … userN. */
export const ALL_USERS = 'all';

const KEY = /^user([1-9][0-9]*)$/;
const RANGE = /^user([1-9][0-9]*)\.\.user([1-9][0-9]*)$/;

/** A written list item as the numbers it covers; undefined when it is neither a key nor a range. */
function bounds(item: string): { from: number; to: number } | undefined {
  const key = KEY.exec(item);
  if (key !== null) return { from: Number(key[1]), to: Number(key[1]) };
  const range = RANGE.exec(item);
  return range === null ? undefined : { from: Number(range[1]), to: Number(range[2]) };
}

export function isUserRange(item: string): boolean {
  return RANGE.test(item);
}

function keysBetween(from: number, to: number): string[] {
  const keys: string[] = [];
  for (let n = from; n <= to; n += 1) keys.push(`user${n}`);
  return keys;
}

/** Every key of the directory, in directory order. */
export function allUsers(directorySize: number): string[] {
  return keysBetween(1, directorySize);
}

/** The keys a checked list names, in the order written (a range in ascending order). */
export function expandUsers(items: readonly string[]): string[] {
  return items.flatMap((item) => {
    const b = bounds(item);
    return b === undefined ? [item] : keysBetween(b.from, b.to);
  });
}

/** `all` or a list, as keys; `except` taken out. */
export function expandSelection(selection: string | readonly string[], directorySize: number, except: readonly string[] = []): string[] {
  const keys = selection === ALL_USERS ? allUsers(directorySize) : expandUsers(typeof selection === 'string' ? [selection] : selection);
  if (except.length === 0) return keys;
  const left = new Set(expandUsers(except));
  return keys.filter((key) => !left.has(key));
}

/** What the directory holds, for messages: `(the directory has user1..user3)`. */
export function directoryHas(count: number): string {
  if (count === 0) return '(the directory has no users: set `directory.users`)';
  return count === 1 ? '(the directory has user1)' : `(the directory has user1..user${count})`;
}

/**
 * Problems of a written list, by item: a key outside the directory, a range that runs backwards or past the
 * directory, a user named twice (within a range too, which the schema's `uniqueItems` cannot see).
 */
export function userListProblems(items: readonly string[], directorySize: number): { index: number; message: string }[] {
  const problems: { index: number; message: string }[] = [];
  // Number → the item that first named it; bounded by the directory size because items past it are refused first.
  const firstNamedBy = new Map<number, string>();
  items.forEach((item, index) => {
    const problem = itemProblem(item, directorySize, firstNamedBy);
    if (problem !== undefined) problems.push({ index, message: problem });
  });
  return problems;
}

function itemProblem(item: string, directorySize: number, firstNamedBy: Map<number, string>): string | undefined {
  const b = bounds(item);
  if (b === undefined) return undefined; // the schema's pattern has already said why
  if (KEY.test(item)) {
    if (b.from > directorySize) return `unknown user '${item}' ${directoryHas(directorySize)}`;
  } else if (b.from > b.to) {
    return `range '${item}' runs backwards: write user${b.to}..user${b.from}`;
  } else if (b.to > directorySize) {
    return `range '${item}' goes past the directory ${directoryHas(directorySize)}`;
  }
  for (let n = b.from; n <= b.to; n += 1) {
    const earlier = firstNamedBy.get(n);
    if (earlier !== undefined) return `lists user${n} twice${earlier === `user${n}` ? '' : ` (also in ${earlier})`}`;
    firstNamedBy.set(n, item);
  }
  return undefined;
}

/** Keys for a label: a run of three or more consecutive keys shown as a range, so 10,000 users stay one short line. */
export function compactUsers(keys: readonly string[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < keys.length) {
    const start = Number(KEY.exec(keys[i] ?? '')?.[1] ?? NaN);
    let j = i;
    while (j + 1 < keys.length && Number.isInteger(start) && keys[j + 1] === `user${start + (j + 1 - i)}`) j += 1;
    if (j - i >= 2) parts.push(`${keys[i]}..${keys[j]}`);
    else for (let k = i; k <= j; k += 1) parts.push(keys[k] ?? '');
    i = j + 1;
  }
  return parts.join(', ');
}
