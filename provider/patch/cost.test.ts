/**
 * Issue 11, finding 2: a PATCH costs work linear in its size. Work is counted (`PatchResult.steps`: values
 * visited), never timed; the duplicate index must answer exactly what comparing every pair answered; and the
 * caps on operations and values are 400 invalidValue naming the cap.
 */
import { describe, expect, it } from 'vitest';
import { MESSAGE, SCHEMA } from '../../vocabulary/constants.js';
import { ScimError } from '../messages/error.js';
import { findAttribute, isObject, type ScimObject } from '../schemas/resource-schema.js';
import { profileModel } from '../schemas/profiles.js';
import { MAX_PATCH_OPERATIONS, MAX_VALUES } from '../types/limits.js';
import type { AttributeDefinition } from '../schemas/definition.js';
import { applyPatch } from './apply.js';
import { CandidateSet, ElementKeys, ValueIndex } from './element-index.js';
import { deepEqual, isAssigned } from './json.js';

const model = profileModel('full');
const USER = model.resourceTypes.find((t) => t.type.name === 'User')!;
const GROUP = model.resourceTypes.find((t) => t.type.name === 'Group')!;
const EMAILS = findAttribute(USER.type.schema.attributes, 'emails')!;
const MEMBERS = findAttribute(GROUP.type.schema.attributes, 'members')!;

const patch = (...Operations: unknown[]) => ({ schemas: [MESSAGE.patchOp], Operations });
const email = (i: number, type = 'work') => ({ value: `u${i}@example.com`, type });
const userWith = (emails: number): ScimObject => ({
  schemas: [SCHEMA.user],
  userName: 'bjensen',
  ...(emails > 0 ? { emails: Array.from({ length: emails }, (_, i) => email(i)) } : {}),
});

function refused(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError');
}

describe('work is linear in the request (counted, not timed)', () => {
  const n = MAX_PATCH_OPERATIONS;

  it(`${n} "add emails" operations of one value each: a few steps per value, not one per pair`, () => {
    const ops = Array.from({ length: n }, (_, i) => ({ op: 'add', path: 'emails', value: [email(i)] }));
    const { resource, steps } = applyPatch(userWith(0), patch(...ops), USER);
    expect((resource.emails as unknown[]).length).toBe(n);
    // Comparing with every earlier value would be n²/2 = 500,000 steps.
    expect(steps).toBeLessThanOrEqual(5 * n);
  });

  it('a run of adds still skips duplicates, including ones added earlier in the same request', () => {
    // Each value twice within the one request, then all of them again in a second one.
    const ops = Array.from({ length: n }, (_, i) => ({ op: 'add', path: 'emails', value: [email(i % (n / 2))] }));
    const { resource, steps } = applyPatch(userWith(0), { schemas: [MESSAGE.patchOp], Operations: ops }, USER);
    expect((resource.emails as unknown[]).length).toBe(n / 2);
    const again = applyPatch(resource, patch(...ops), USER);
    expect(again.changed).toBe(false);
    expect(steps + again.steps).toBeLessThanOrEqual(10 * n);
  });

  it(`one "add" carrying ${n} values: linear`, () => {
    const { steps } = applyPatch(userWith(0), patch({ op: 'add', path: 'emails', value: Array.from({ length: n }, (_, i) => email(i)) }), USER);
    expect(steps).toBeLessThanOrEqual(5 * n);
  });

  it('a value filter matching every value removes them all in one pass', () => {
    const { resource, steps } = applyPatch(userWith(n), patch({ op: 'remove', path: 'emails[type eq "work"]' }), USER);
    expect(resource.emails).toBeUndefined();
    // `matches.includes` per element made this n² = 1,000,000.
    expect(steps).toBeLessThanOrEqual(5 * n);
  });

  it('removing a listed value set (Okta, Entra) keys each value once', () => {
    const listed = Array.from({ length: n }, (_, i) => ({ value: `member-${i}` }));
    const group = { schemas: [SCHEMA.group], displayName: 'g', members: listed.map((m) => ({ ...m, type: 'User' })) };
    const { resource, steps } = applyPatch(group, patch({ op: 'remove', path: 'members', value: listed }), GROUP);
    expect(resource.members).toBeUndefined();
    expect(steps).toBeLessThanOrEqual(5 * n);
  });

  it('each value-filter operation costs one pass over the list: bounded by operations × list length', () => {
    const ops = Array.from({ length: n }, (_, i) => ({ op: 'remove', path: `emails[value eq "u${i}@example.com"]` }));
    const { resource, steps } = applyPatch(userWith(n), patch(...ops), USER);
    expect(resource.emails).toBeUndefined();
    // One pass per operation over a list of at most n values; a second scan per match would be n³.
    expect(steps).toBeLessThanOrEqual(2 * n * n + n);
  });
});

describe('caps: 400 invalidValue naming the cap', () => {
  it(`more than ${MAX_PATCH_OPERATIONS} operations`, () => {
    const ops = Array.from({ length: MAX_PATCH_OPERATIONS + 1 }, (_, i) => ({ op: 'add', path: 'emails', value: [email(i)] }));
    const error = refused(() => applyPatch(userWith(0), patch(...ops), USER));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(error.detail).toContain(`at most ${MAX_PATCH_OPERATIONS} (maxPatchOperations)`);
  });

  it(`one operation carrying more than ${MAX_VALUES} values`, () => {
    const value = Array.from({ length: MAX_VALUES + 1 }, (_, i) => email(i));
    const error = refused(() => applyPatch(userWith(0), patch({ op: 'add', path: 'emails', value }), USER));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(error.detail).toContain(`at most ${MAX_VALUES} (maxValues)`);
  });

  it('an operation growing a list past the cap names the operation and the cap', () => {
    const error = refused(() => applyPatch(userWith(MAX_VALUES), patch({ op: 'add', path: 'emails', value: email(MAX_VALUES) }), USER));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(error.detail).toMatch(new RegExp(`^Operations\\[0\\] \\(add "emails"\\): "emails" would hold ${MAX_VALUES + 1} values`));
  });

  it('an add that finds its value already there does not count against the cap', () => {
    expect(applyPatch(userWith(MAX_VALUES), patch({ op: 'add', path: 'emails', value: email(7) }), USER).changed).toBe(false);
  });

  it('a filter add creating a value past the cap is refused too', () => {
    const path = `emails[type eq "home" and value eq "new@example.com"]`;
    const error = refused(() => applyPatch(userWith(MAX_VALUES), patch({ op: 'add', path, value: { display: 'x' } }), USER));
    expect(error.detail).toContain('(maxValues)');
  });

  it('a list stored longer than the cap may still shrink', () => {
    const { resource } = applyPatch(userWith(MAX_VALUES + 5), patch({ op: 'remove', path: 'emails[value eq "u0@example.com"]' }), USER);
    expect((resource.emails as unknown[]).length).toBe(MAX_VALUES + 4);
  });
});

/** What comparing every pair answered before the index (operations.ts `sameElement`, until issue 11). */
function pairwise(attribute: AttributeDefinition, existing: unknown, candidate: unknown): boolean {
  if (!isObject(existing) || !isObject(candidate)) return deepEqual(existing, candidate);
  const valueSub = findAttribute(attribute.subAttributes ?? [], 'value');
  if (valueSub?.mutability === 'immutable' && isAssigned(candidate[valueSub.name])) {
    return deepEqual(existing[valueSub.name], candidate[valueSub.name]);
  }
  const keys = Object.keys(candidate);
  return keys.length > 0 && keys.every((k) => deepEqual(existing[k], candidate[k]));
}

/** A small pseudo-random generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Values drawn from a tiny domain so that overlaps, subsets and equal values are frequent. */
function element(next: () => number): unknown {
  if (next() < 0.1) return ['a', 'b', 1, true][Math.floor(next() * 4)];
  const out: ScimObject = {};
  for (const [key, choices] of Object.entries({ value: ['a', 'b', 'A'], type: ['work', 'home'], primary: [true, false], display: ['x'] })) {
    if (next() < 0.5) out[key] = choices[Math.floor(next() * choices.length)];
  }
  return out;
}

describe('the index answers what comparing every pair answered', () => {
  for (const [name, attribute] of [
    ['emails', EMAILS],
    ['members (immutable value)', MEMBERS],
  ] as const) {
    it(`${name}: denotes and denoted agree with the pairwise rule on 2,000 random lists`, () => {
      const next = random(name.length);
      for (let round = 0; round < 2000; round++) {
        const list = Array.from({ length: Math.floor(next() * 6) }, () => element(next));
        const candidates = Array.from({ length: 1 + Math.floor(next() * 4) }, () => element(next));
        const index = new ValueIndex(new ElementKeys(attribute), [...list], { steps: 0 });
        const seen = [...list];
        for (const candidate of candidates) {
          expect(index.denotes(candidate), JSON.stringify({ seen, candidate })).toBe(seen.some((e) => pairwise(attribute, e, candidate)));
          index.push(candidate);
          seen.push(candidate);
        }
        const set = new CandidateSet(new ElementKeys(attribute), candidates, { steps: 0 });
        for (const existing of list) {
          expect(set.denoted(existing), JSON.stringify({ existing, candidates })).toBe(candidates.some((c) => pairwise(attribute, existing, c)));
        }
      }
    });
  }
});
