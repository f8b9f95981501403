/**
 * YAML parsing with positions, and the YAML-level problems reported in words an author can act on:
 * the library's own errors, plus two things it accepts or reports without a position.
 */
import { isMap, LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import { ScenarioError } from './errors.js';

export type Parsed = { ok: true; document: Document; lineCounter: LineCounter } | { ok: false; errors: ScenarioError[] };

export function parseScenarioYaml(text: string, file: string): Parsed {
  const lineCounter = new LineCounter();
  // YAML 1.2 core schema: `no`/`on` stay strings; merge keys (`<<: *base`) let files share bodies.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  const lines = text.split(/\r?\n/);
  const position = (offset: number): [number, number] => {
    const { line, col } = lineCounter.linePos(offset);
    // linePos answers line 0 for offsets before the first newline it has seen.
    return [Math.max(line, 1), Math.max(col, 1)];
  };
  const syntax = [...document.errors, ...document.warnings].map((error) => yamlError(error, file, position, lines));
  if (syntax.length > 0) return { ok: false, errors: withoutCascade(syntax) };
  if (document.contents === null) {
    return { ok: false, errors: [new ScenarioError(file, 1, 1, 'empty file: a scenario needs at least `name` and `steps`')] };
  }
  const structural = structuralErrors(document, file, position);
  if (structural.length > 0) return { ok: false, errors: structural };
  return { ok: true, document, lineCounter };
}

function yamlError(error: YAMLError, file: string, position: (offset: number) => [number, number], lines: string[]): ScenarioError {
  const [line, column] = position(error.pos[0]);
  if (error.code === 'MISSING_CHAR') {
    const opened = openingQuote(error.message, lines, line);
    if (opened !== undefined) return new ScenarioError(file, opened.line, opened.column, UNCLOSED_QUOTE);
  }
  const source = lines[line - 1] ?? '';
  // yaml appends a code frame even without prettyErrors; the first line is the reason.
  const reason =
    error.code === 'DUPLICATE_KEY'
      ? `duplicate key${duplicateKeyName(source, column)}`
      : (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
  // An unquoted {{ is YAML flow syntax: the usual cause of errors on lines with templates.
  const hint = source.includes('{{') ? ' (quote templates: "{{ ... }}")' : '';
  return new ScenarioError(file, line, column, `YAML: ${reason}${hint}`);
}

/**
 * `path: {{ x }}` is valid YAML (a flow mapping whose key is a mapping), so the value would silently
 * become an object; no scenario uses a mapping as a key otherwise. An alias without its anchor only
 * fails later, in `toJS`, without a position.
 */
function structuralErrors(document: Document, file: string, position: (offset: number) => [number, number]): ScenarioError[] {
  const errors: ScenarioError[] = [];
  visit(document, {
    Alias(_, alias) {
      if (alias.resolve(document) !== undefined) return;
      errors.push(new ScenarioError(file, ...position(alias.range?.[0] ?? 0), `YAML: alias *${alias.source} has no anchor &${alias.source} before it`));
    },
    Pair(_, pair) {
      if (!isMap(pair.key)) return;
      // The key mapping starts at the inner brace; the template starts one before.
      const offset = Math.max((pair.key.range?.[0] ?? 1) - 1, 0);
      errors.push(new ScenarioError(file, ...position(offset), 'unquoted template: write "{{ ... }}" in quotes ({ starts a YAML mapping)'));
    },
  });
  return errors;
}

const UNCLOSED_QUOTE = 'YAML: this quote is never closed';

/** An unclosed quote swallows the rest of the file: what yaml reports after it follows from it. */
function withoutCascade(errors: ScenarioError[]): ScenarioError[] {
  const quote = errors.find((error) => error.message === UNCLOSED_QUOTE);
  return quote === undefined ? errors : errors.filter((error) => error.line < quote.line || error === quote);
}

/** yaml reports an unclosed quote where the file ends; the author needs the line where it opened. */
function openingQuote(message: string, lines: string[], reportedLine: number): { line: number; column: number } | undefined {
  const quote = /Missing closing (["'])quote/.exec(message)?.[1];
  if (quote === undefined) return undefined;
  for (let index = Math.min(reportedLine, lines.length) - 1; index >= 0; index--) {
    const text = lines[index] ?? '';
    if (text.split(quote).length % 2 === 0) return { line: index + 1, column: text.lastIndexOf(quote) + 1 };
  }
  return undefined;
}

function duplicateKeyName(line: string, column: number): string {
  const key = /^\s*(?:-\s+)?["']?([^"':]+)["']?\s*:/.exec(line.slice(column - 1));
  return key?.[1] === undefined ? '' : ` '${key[1].trim()}'`;
}
