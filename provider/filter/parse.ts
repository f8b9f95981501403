/**
 * Text → filter tree. Our own pass checks the RFC 7644 §3.4.2.2 grammar over the lexed tokens (so every
 * error names a position) and hands `scim2-parse-filter` a rewritten text in which attribute paths and
 * values are placeholders; the library then only has to get grouping and precedence right, which it
 * does. Placeholders also keep the library's tokenizer away from strings, numbers and `$ref`, which it
 * misreads (see lexer.ts).
 */
import { parse, type Filter } from 'scim2-parse-filter';
import { invalidFilter } from './errors.js';
import { tokenize, type CompareOp, type Literal, type Token } from './lexer.js';

export type { CompareOp, Literal } from './lexer.js';

/** An attribute path as written, with where it was written for error messages. */
export interface PathRef {
  text: string;
  /** Zero-based offset in the filter text. */
  position: number;
}

export type FilterNode =
  | { op: CompareOp; path: PathRef; value: Literal }
  | { op: 'pr'; path: PathRef }
  | { op: 'and' | 'or'; filters: FilterNode[] }
  | { op: 'not'; filter: FilterNode }
  /** `path[filter]`: `filter` holds for one and the same value of the complex attribute at `path`. */
  | { op: '[]'; path: PathRef; filter: FilterNode };

/** Both the library and our checker recurse per nesting level; a bound keeps hostile input from overflowing the stack. */
const MAX_DEPTH = 32;
const MAX_LENGTH = 64 * 1024;

export function parseFilter(text: string): FilterNode {
  if (text.trim() === '') throw invalidFilter('the filter is empty.');
  if (text.length > MAX_LENGTH) throw invalidFilter(`the filter is longer than ${MAX_LENGTH} characters.`);
  const tokens = tokenize(text);
  const flat = comparisonsOred(tokens);
  if (flat !== undefined) return flat;
  const rewritten = new Rewriter(tokens).run();
  let ast: Filter;
  try {
    ast = parse(rewritten.text);
  } catch (error) {
    // Unreachable if our grammar check is right; still a client-facing 400, never a 500.
    throw invalidFilter(`the filter could not be parsed (${error instanceof Error ? error.message : String(error)}).`);
  }
  return convert(ast, rewritten);
}

/**
 * The filter every IdP sends before a create or update, `attr op value` (or `attr pr`) and nothing else, read
 * straight from its tokens: the tree the rewrite and the library would build for it (the library would only
 * see `p0 eq "0"`), without either (issue 12: they were most of a `userName eq` lookup's parse).
 */
function singleComparison(tokens: Token[]): FilterNode | undefined {
  const [path, op, value] = tokens;
  if (path?.kind !== 'path') return undefined;
  if (tokens.length === 2 && op?.kind === 'pr') return { op: 'pr', path: { text: path.text, position: path.position } };
  if (tokens.length !== 3 || op?.kind !== 'compare' || value?.kind !== 'value') return undefined;
  return { op: op.op, path: { text: path.text, position: path.position }, value: value.value };
}

/**
 * One comparison, or `a eq "x" or b eq "y" or …` — comparisons joined by `or` alone, as a client reading many
 * users at once sends them — read straight from its tokens too: the flat `or` node the library builds for such a
 * chain (precedence cannot matter with one operator), without the rewrite and the library's tokenizer, which were
 * most of a 20-user read (issue 12). Anything else (an `and`, a group, a `not`) takes the long way.
 */
function comparisonsOred(tokens: Token[]): FilterNode | undefined {
  const filters: FilterNode[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (filters.length > 0) {
      if (tokens[i]?.kind !== 'or') return undefined;
      i += 1;
    }
    const width = tokens[i + 1]?.kind === 'pr' ? 2 : 3;
    const one = singleComparison(tokens.slice(i, i + width));
    if (one === undefined) return undefined;
    filters.push(one);
    i += width;
  }
  if (filters.length === 0) return undefined;
  return filters.length === 1 ? filters[0] : { op: 'or', filters };
}

interface Rewritten {
  text: string;
  paths: PathRef[];
  values: Literal[];
}

class Rewriter {
  private i = 0;
  private depth = 0;
  private readonly out: string[] = [];
  private readonly paths: PathRef[] = [];
  private readonly values: Literal[] = [];

  constructor(private readonly tokens: Token[]) {}

  run(): Rewritten {
    this.expression(false);
    const extra = this.peek();
    if (extra) {
      if (extra.kind === ')' || extra.kind === ']') {
        throw invalidFilter(`unbalanced '${extra.text}' at character ${at(extra)}: nothing open to close.`);
      }
      throw invalidFilter(`unexpected ${quote(extra)} at character ${at(extra)}; expected 'and', 'or' or the end of the filter.`);
    }
    return { text: this.out.join(' '), paths: this.paths, values: this.values };
  }

  private expression(inValueFilter: boolean): void {
    this.term(inValueFilter);
    for (let t = this.peek(); t && (t.kind === 'and' || t.kind === 'or'); t = this.peek()) {
      this.i += 1;
      this.out.push(t.kind);
      this.term(inValueFilter);
    }
  }

  private term(inValueFilter: boolean): void {
    const t = this.next();
    if (!t) throw invalidFilter(`the filter ends where an attribute, '(' or 'not' was expected.`);
    if (t.kind === 'not') {
      const open = this.next();
      // RFC 7644 §3.4.2.2 ABNF: "not" "(" valFilter ")"; the library would also take `not a eq b`.
      if (open?.kind !== '(') throw invalidFilter(`'not' at character ${at(t)} must be followed by '('.`);
      this.out.push('not');
      this.group(open, inValueFilter);
    } else if (t.kind === '(') {
      this.group(t, inValueFilter);
    } else if (t.kind === 'path') {
      this.attributeExpression(t.text, t.position, inValueFilter);
    } else {
      throw invalidFilter(`expected an attribute, '(' or 'not' at character ${at(t)}, found ${quote(t)}.`);
    }
  }

  private group(open: Token, inValueFilter: boolean): void {
    this.enter(open);
    this.out.push('(');
    this.expression(inValueFilter);
    this.close(')', open);
    this.out.push(')');
    this.depth -= 1;
  }

  private attributeExpression(path: string, position: number, inValueFilter: boolean): void {
    this.out.push(`p${this.paths.length}`);
    this.paths.push({ text: path, position });
    const op = this.next();
    if (op?.kind === 'pr') {
      this.out.push('pr');
    } else if (op?.kind === 'compare') {
      const value = this.next();
      if (value?.kind !== 'value') {
        const found = value ? `found ${quote(value)}` : 'but the filter ends';
        throw invalidFilter(`'${op.text}' at character ${at(op)} needs a value (a quoted string, number, true, false or null), ${found}.`);
      }
      this.out.push(op.op, `"${this.values.length}"`);
      this.values.push(value.value);
    } else if (op?.kind === '[') {
      this.valuePath(op, inValueFilter);
    } else {
      const found = op ? `found ${quote(op)} at character ${at(op)}` : 'but the filter ends';
      throw invalidFilter(`attribute '${path}' at character ${position + 1} must be followed by an operator (eq, ne, co, sw, ew, gt, lt, ge, le, pr) or '[', ${found}.`);
    }
  }

  private valuePath(open: Token, inValueFilter: boolean): void {
    if (inValueFilter) throw invalidFilter(`value filters cannot be nested ('[' at character ${at(open)}).`);
    this.enter(open);
    // The inner filter is parenthesised so that a trailing `.sub op value` can be and-ed to all of it.
    this.out.push('[', '(');
    this.expression(true);
    const close = this.close(']', open);
    this.out.push(')');
    // Entra ID matches users on `emails[type eq "work"].value eq "x"`, which is PATCH-path syntax rather
    // than filter grammar. Its meaning is `emails[type eq "work" and value eq "x"]`: one email has both.
    // (The library reads it as an `and` over *any* emails, which loses that.)
    const sub = this.peek();
    if (sub?.kind === 'path' && sub.text.startsWith('.') && sub.position === close.position + 1) {
      this.i += 1;
      this.out.push('and');
      this.attributeExpression(sub.text.slice(1), sub.position + 1, true);
    }
    this.out.push(']');
    this.depth -= 1;
  }

  private enter(open: Token): void {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) throw invalidFilter(`nesting deeper than ${MAX_DEPTH} levels at character ${at(open)}.`);
  }

  private close(kind: ')' | ']', open: Token): Token {
    const t = this.next();
    if (t?.kind === kind) return t;
    if (!t) throw invalidFilter(`'${open.text}' at character ${at(open)} is never closed with '${kind}'.`);
    throw invalidFilter(`expected '${kind}' to close '${open.text}' at character ${at(open)}, found ${quote(t)} at character ${at(t)}.`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private next(): Token | undefined {
    const t = this.tokens[this.i];
    if (t) this.i += 1;
    return t;
  }
}

function convert(node: Filter, source: Rewritten): FilterNode {
  switch (node.op) {
    case 'and':
    case 'or':
      return { op: node.op, filters: node.filters.map((f) => convert(f, source)) };
    case 'not':
      return { op: 'not', filter: convert(node.filter, source) };
    case '[]':
      return { op: '[]', path: placeholder(source.paths, node.attrPath, /^p(\d+)$/), filter: convert(node.valFilter, source) };
    case 'pr':
      return { op: 'pr', path: placeholder(source.paths, node.attrPath, /^p(\d+)$/) };
    default:
      return {
        op: node.op,
        path: placeholder(source.paths, node.attrPath, /^p(\d+)$/),
        value: placeholder(source.values, String(node.compValue), /^(\d+)$/),
      };
  }
}

function placeholder<T>(table: T[], key: string, pattern: RegExp): T {
  const index = pattern.exec(key)?.[1];
  if (index === undefined || Number(index) >= table.length) {
    throw invalidFilter(`the filter could not be parsed (unexpected '${key}' from the parser).`);
  }
  return table[Number(index)]!;
}

function at(token: Token): number {
  return token.position + 1;
}

function quote(token: Token): string {
  return `'${token.text}'`;
}
