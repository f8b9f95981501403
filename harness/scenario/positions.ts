/**
 * From a path in the loaded value (as ajv and the semantic checks name it) back to where it is written
 * in the YAML source, so every message can say `file:line:column`.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export type PathSegment = string | number;

export interface SourcePosition {
  line: number;
  column: number;
}

export interface Locator {
  /** Where the value at `path` starts; with `key: true`, where its key is written. Falls back to the nearest ancestor that exists. */
  position(path: readonly PathSegment[], options?: { key?: boolean }): SourcePosition;
}

export function createLocator(document: Document, lineCounter: LineCounter): Locator {
  const at = (offset: number | undefined): SourcePosition => {
    if (offset === undefined) return { line: 1, column: 1 };
    const { line, col } = lineCounter.linePos(offset);
    // linePos answers line 0 for offsets before the first newline it has seen.
    return { line: Math.max(line, 1), column: Math.max(col, 1) };
  };
  return {
    position(path, options = {}) {
      let node: unknown = document.contents;
      let keyNode: unknown;
      let found: unknown = node;
      for (const segment of path) {
        node = resolveAlias(node, document);
        const step = child(node, segment);
        if (step === undefined) break;
        keyNode = step.key;
        node = step.value;
        // An empty value (`testConnection:`) has no node of its own: its key stands in for it.
        found = hasRange(node) ? node : step.key;
      }
      const target = options.key === true && hasRange(keyNode) ? keyNode : found;
      return at(hasRange(target) ? target.range[0] : undefined);
    },
  };
}

function child(node: unknown, segment: PathSegment): { key: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (String(key) === String(segment)) return { key: pair.key, value: pair.value };
    }
    return undefined;
  }
  if (isSeq(node)) {
    const index = typeof segment === 'number' ? segment : Number(segment);
    const item: unknown = Number.isInteger(index) ? node.items[index] : undefined;
    return item === undefined ? undefined : { key: undefined, value: item };
  }
  return undefined;
}

function resolveAlias(node: unknown, document: Document): unknown {
  return isAlias(node) ? node.resolve(document) : node;
}

function hasRange(node: unknown): node is Node & { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && 'range' in node && Array.isArray((node as { range: unknown }).range);
}

/** `steps[2].assign`, `expect.body["Resources.0.userName"]` */
export function displayPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** ajv's instancePath (JSON Pointer) as segments; array indexes become numbers. */
export function pointerSegments(pointer: string, root: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let value: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      const index = Number(segment);
      segments.push(index);
      value = value[index];
    } else {
      segments.push(segment);
      value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[segment] : undefined;
    }
  }
  return segments;
}
