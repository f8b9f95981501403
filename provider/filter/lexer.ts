/**
 * Splits a SCIM filter into tokens with their character offsets. We lex before `scim2-parse-filter`
 * does because its tokenizer mangles JSON string escapes (`"a\\"` is rejected, `"\u0041"` stays
 * literal), rejects a negative number followed by a space, and cannot read `$ref`; and because errors
 * that name a position need offsets it does not keep.
 */
import { invalidFilter } from './errors.js';

export const COMPARE_OPS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le'] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

/** A comparison value as RFC 7644 §3.4.2.2 allows it: a JSON string, number, `true`, `false` or `null`. */
export type Literal = string | number | boolean | null;

interface At {
  /** Zero-based offset of the token's first character in the filter text. */
  position: number;
  /** The token as written. */
  text: string;
}

export type Token =
  | (At & { kind: '(' | ')' | '[' | ']' | 'and' | 'or' | 'not' | 'pr' })
  | (At & { kind: 'compare'; op: CompareOp })
  | (At & { kind: 'value'; value: Literal })
  | (At & { kind: 'path' });

const compareOps: ReadonlySet<string> = new Set(COMPARE_OPS);
const logical: ReadonlySet<string> = new Set(['and', 'or', 'not', 'pr']);
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const SPACE = /\s/;

/** `\s` as the RegExp reads it, without a RegExp test for the ASCII characters nearly every filter is made of. */
function isSpace(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return SPACE.test(c);
}

/** Where a word (a path, keyword or bare value) ends: `[\s()[\]"]`. */
function endsWord(c: string): boolean {
  return c === '(' || c === ')' || c === '[' || c === ']' || c === '"' || isSpace(c);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (isSpace(c)) {
      i += 1;
    } else if (c === '(' || c === ')' || c === '[' || c === ']') {
      tokens.push({ kind: c, position: i, text: c });
      i += 1;
    } else if (c === '"') {
      const end = closingQuote(text, i);
      const raw = text.slice(i, end + 1);
      tokens.push({ kind: 'value', value: decodeString(raw, i), position: i, text: raw });
      i = end + 1;
    } else {
      let end = i + 1;
      while (end < text.length && !endsWord(text[end]!)) end += 1;
      tokens.push(word(text.slice(i, end), i));
      i = end;
    }
  }
  return tokens;
}

function word(text: string, position: number): Token {
  // Keywords are case-insensitive: RFC 5234 quoted strings, so `AND`, `Eq` and `TRUE` are all valid.
  const lower = text.toLowerCase();
  if (compareOps.has(lower)) return { kind: 'compare', op: lower as CompareOp, position, text };
  if (logical.has(lower)) return { kind: lower as 'and' | 'or' | 'not' | 'pr', position, text };
  if (lower === 'true' || lower === 'false') return { kind: 'value', value: lower === 'true', position, text };
  if (lower === 'null') return { kind: 'value', value: null, position, text };
  if (JSON_NUMBER.test(text)) return { kind: 'value', value: Number(text), position, text };
  return { kind: 'path', position, text };
}

function closingQuote(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i;
    else i += 1;
  }
  throw invalidFilter(`the string starting at character ${start + 1} is not closed with '"'.`);
}

function decodeString(raw: string, position: number): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    throw invalidFilter(`the string ${raw} at character ${position + 1} is not a valid JSON string (check its escapes).`);
  }
}
