/**
 * Which values of a multi-valued attribute a PATCH value denotes, in time linear in the number of values.
 * Comparing every existing value with every new one made a 10,000-operation PATCH take 30 s (issue 11).
 *
 * A candidate denotes an existing value when it says nothing the existing one does not already say: every
 * sub-attribute it names holds an equal value (`{ "value": "x" }` denotes `{ "value": "x", "type": "work" }`).
 * Where `value` is immutable it names the referenced resource (Group members), so an equal `value` is enough.
 * A value that is not an object must equal the existing one. So each candidate is looked up by its *shape* —
 * the sub-attributes it names — and a key, the canonical JSON of those sub-attributes; an existing value is
 * keyed once per shape a request uses, and a shape is a subset of the attribute's sub-attributes, so few occur.
 */
import type { AttributeDefinition } from '../schemas/definition.js';
import { findAttribute, isObject } from '../schemas/resource-schema.js';

/** Units of work done (values keyed or visited), so tests can pin linear cost without timing anything. */
export interface WorkMeter {
  steps: number;
}

interface Shape {
  id: string;
  /** The sub-attributes compared, or `undefined` when whole values are compared. */
  names: readonly string[] | undefined;
}

const WHOLE: Shape = { id: '', names: undefined };

/** How candidates for one attribute are shaped and keyed. */
export class ElementKeys {
  /** The immutable `value` sub-attribute, when there is one (Group `members`). */
  private readonly identity: string | undefined;

  constructor(attribute: AttributeDefinition) {
    const valueSub = findAttribute(attribute.subAttributes ?? [], 'value');
    this.identity = valueSub?.mutability === 'immutable' ? valueSub.name : undefined;
  }

  /** The shape and key under which `candidate` finds what it denotes; undefined when it denotes nothing (`{}`). */
  probe(candidate: unknown): { shape: Shape; key: string } | undefined {
    if (!isObject(candidate)) return { shape: WHOLE, key: canonical(candidate) };
    const assigned = this.identity !== undefined && candidate[this.identity] !== undefined && candidate[this.identity] !== null;
    const names = assigned ? [this.identity!] : Object.keys(candidate).sort();
    if (names.length === 0) return undefined;
    const shape = { id: JSON.stringify(names), names };
    return { shape, key: this.keyOf(candidate, shape)! };
  }

  /** `element`'s key in `shape`; undefined when it lacks one of the shape's sub-attributes, so denotes no candidate of it. */
  keyOf(element: unknown, shape: Shape): string | undefined {
    if (shape.names === undefined) return canonical(element);
    if (!isObject(element)) return undefined;
    const parts: string[] = [];
    for (const name of shape.names) {
      const value = element[name];
      if (value === undefined) return undefined;
      parts.push(canonical(value));
    }
    return parts.join(',');
  }
}

/**
 * The values of one attribute as a PATCH `add` builds them: `denotes` answers whether a candidate duplicates a
 * value already there, `push` appends one. The index owns `list` while it is in use: nothing else may change it.
 */
export class ValueIndex {
  private readonly shapes = new Map<string, { shape: Shape; keys: Set<string> }>();

  constructor(
    private readonly keys: ElementKeys,
    readonly list: unknown[],
    private readonly meter: WorkMeter,
  ) {}

  denotes(candidate: unknown): boolean {
    const probe = this.keys.probe(candidate);
    this.meter.steps += 1;
    if (!probe) return false;
    return this.keysFor(probe.shape).has(probe.key);
  }

  push(element: unknown): void {
    this.list.push(element);
    for (const { shape, keys } of this.shapes.values()) this.remember(keys, element, shape);
  }

  /** Keys of every value in `shape`, computed once per shape and kept up to date by `push`. */
  private keysFor(shape: Shape): Set<string> {
    let entry = this.shapes.get(shape.id);
    if (!entry) {
      entry = { shape, keys: new Set() };
      for (const element of this.list) this.remember(entry.keys, element, shape);
      this.shapes.set(shape.id, entry);
    }
    return entry.keys;
  }

  private remember(keys: Set<string>, element: unknown, shape: Shape): void {
    this.meter.steps += 1;
    const key = this.keys.keyOf(element, shape);
    if (key !== undefined) keys.add(key);
  }
}

/** A list of candidates (Okta's `remove` with a `value` list), asked whether an existing value denotes any of them. */
export class CandidateSet {
  private readonly shapes = new Map<string, { shape: Shape; keys: Set<string> }>();

  constructor(
    private readonly keys: ElementKeys,
    candidates: readonly unknown[],
    private readonly meter: WorkMeter,
  ) {
    for (const candidate of candidates) {
      this.meter.steps += 1;
      const probe = keys.probe(candidate);
      if (!probe) continue;
      let entry = this.shapes.get(probe.shape.id);
      if (!entry) this.shapes.set(probe.shape.id, (entry = { shape: probe.shape, keys: new Set() }));
      entry.keys.add(probe.key);
    }
  }

  /** Whether one of the candidates denotes `element`. */
  denoted(element: unknown): boolean {
    for (const { shape, keys } of this.shapes.values()) {
      this.meter.steps += 1;
      const key = this.keys.keyOf(element, shape);
      if (key !== undefined && keys.has(key)) return true;
    }
    return false;
  }
}

/** JSON with object members in sorted order, so equal values (as `deepEqual` sees them) have equal text. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    const members = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
