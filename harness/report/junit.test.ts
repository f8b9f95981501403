import { describe, expect, it } from 'vitest';
import type { RunResult } from '../model.js';
import { HOSTILE_TEXT, makeLargeRunResult, makeRunResult, summarize } from './fixture.js';
import { toJUnitXml } from './junit.js';
import { xmlAttr, xmlText } from './xml.js';

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

function unescape(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos);/gi, (_m, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    return named[e]!;
  });
}

/**
 * Just enough XML parsing to prove the file well-formed for what we emit: one root, balanced tags,
 * quoted attributes, no stray `<` or `&`, and only characters XML 1.0 allows.
 */
function parseXml(xml: string): XmlNode {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const body = xml.slice(xml.indexOf('?>') + 2);
  // eslint-disable-next-line no-control-regex
  expect(body).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  const root: XmlNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = token.exec(body)) !== null) {
    consumed = token.lastIndex;
    const [, closing, name, attrText, selfClosing, text] = match;
    const top = stack[stack.length - 1]!;
    if (text !== undefined) {
      expect(text).not.toMatch(/&(?!(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos);)/i);
      top.text += unescape(text);
      continue;
    }
    if (closing) {
      expect(top.name, `closing </${name}>`).toBe(name);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText!.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
      expect(attrs[a[1]!], `duplicate attribute ${a[1]}`).toBeUndefined();
      expect(a[2]).not.toMatch(/&(?!(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos);)/i);
      attrs[a[1]!] = unescape(a[2]!);
    }
    const node: XmlNode = { name: name!, attrs, children: [], text: '' };
    top.children.push(node);
    if (!selfClosing) stack.push(node);
  }
  expect(consumed, 'unparsed input').toBe(body.length);
  expect(stack).toHaveLength(1);
  const elements = root.children;
  expect(elements).toHaveLength(1);
  expect(root.text.trim()).toBe('');
  return elements[0]!;
}

const kids = (node: XmlNode, name: string) => node.children.filter((c) => c.name === name);

function expectConsistentCounts(suites: XmlNode): void {
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const suite of kids(suites, 'testsuite')) {
    const cases = kids(suite, 'testcase');
    const f = cases.filter((c) => kids(c, 'failure').length > 0).length;
    const e = cases.filter((c) => kids(c, 'error').length > 0).length;
    expect(Number(suite.attrs.tests)).toBe(cases.length);
    expect(Number(suite.attrs.failures)).toBe(f);
    expect(Number(suite.attrs.errors)).toBe(e);
    expect(suite.attrs.skipped).toBe('0');
    expect(suite.attrs.time).toMatch(/^\d+\.\d{3}$/);
    // junit-4.xsd order: properties first, then testcases.
    expect(suite.children[0]?.name).toBe('properties');
    tests += cases.length;
    failures += f;
    errors += e;
  }
  expect(Number(suites.attrs.tests)).toBe(tests);
  expect(Number(suites.attrs.failures)).toBe(failures);
  expect(Number(suites.attrs.errors)).toBe(errors);
}

describe('junit.xml', () => {
  const run = makeRunResult();
  const doc = parseXml(toJUnitXml(run));
  const suites = kids(doc, 'testsuite');

  it('has one testsuite per scenario with consistent counts', () => {
    expect(doc.name).toBe('testsuites');
    expect(suites.map((s) => s.attrs.name)).toEqual(run.scenarios.map((s) => s.name));
    expectConsistentCounts(doc);
    expect(doc.attrs).toMatchObject({ tests: '11', failures: '3', errors: '1', time: '0.412' });
  });

  it('has a testcase per check result named `checkId — title`, classname = scenario', () => {
    const okta = suites[0]!;
    const cases = kids(okta, 'testcase');
    expect(cases.map((c) => c.attrs.name)).toEqual([
      'create.status-201 — POST of a new resource answers 201 Created',
      'create.location — POST answers 201 with a Location header equal to meta.location',
      'read.etag — Resource responses carry an ETag when etag.supported is true',
      'patch.active-false — PATCH replace active=false deactivates the user',
      'protocol.content-type — Responses use application/scim+json',
      'step 2: okta get user1',
    ]);
    expect(cases.every((c) => c.attrs.classname === run.scenarios[0]!.name)).toBe(true);
    expect(kids(okta, 'properties')[0]!.children.map((p) => [p.attrs.name, p.attrs.value])).toContainEqual(['idp', 'okta']);
  });

  it('puts level, expected/actual and the exchange into a failure', () => {
    const failing = kids(suites[0]!, 'testcase').find((c) => c.attrs.name?.startsWith('create.location'))!;
    const [failure] = kids(failing, 'failure');
    expect(failure!.attrs.type).toBe('MUST');
    expect(failure!.attrs.message).toContain('Location header: the 201 response has no Location header');
    expect(failure!.text).toContain('expected: "http://127.0.0.1:43117/scim/v2/Users/2819c223-7f76-453a-919d-413861904646"');
    expect(failure!.text).toContain('actual:   (absent)');
    expect(failure!.text).toContain('POST http://127.0.0.1:43117/scim/v2/Users → 201');
    expect(failure!.text).toContain('https://www.rfc-editor.org/rfc/rfc7644#section-3.3');
    const should = kids(suites[0]!, 'testcase').find((c) => c.attrs.name?.startsWith('read.etag'))!;
    expect(kids(should, 'failure')[0]!.attrs.type).toBe('SHOULD');
  });

  it('adds a failure testcase per failed step and an error testcase per scenario error', () => {
    const step = kids(suites[0]!, 'testcase').find((c) => c.attrs.name === 'step 2: okta get user1')!;
    expect(kids(step, 'failure')[0]!.attrs).toMatchObject({ type: 'step', message: 'expected header ETag to be present, it was missing' });
    const errored = suites[2]!;
    const errorCase = kids(errored, 'testcase').find((c) => c.attrs.name === 'scenario error')!;
    const [error] = kids(errorCase, 'error');
    expect(error!.attrs.message).toBe('target unreachable: connect ECONNREFUSED 127.0.0.1:43117');
    expect(error!.text).toContain('PATCH http://127.0.0.1:43117/scim/v2/Groups/g-1 → refused');
    expect(kids(suites[1]!, 'testcase').every((c) => c.children.length === 0)).toBe(true);
  });

  it('escapes markup, quotes and control characters in names, messages and bodies', () => {
    const hostile = makeRunResult({ hostile: true });
    const xml = toJUnitXml(hostile);
    const parsed = parseXml(xml);
    expectConsistentCounts(parsed);
    const suite = kids(parsed, 'testsuite')[0]!;
    expect(suite.attrs.name).toBe(hostile.scenarios[0]!.name.replace('\u0007', '\\u0007').replace('\u001b', '\\u001B').replace('\u0000', '\\u0000'));
    expect(suite.attrs.name).toContain(`<b>&"quoted"&'apos'</b>`);
    expect(suite.attrs.name).toContain('tab\t|pipe|');
    const cases = kids(suite, 'testcase');
    expect(cases[1]!.attrs.name).toContain(`Location header <b>&"quoted"&'apos'</b> bell\\u0007 esc\\u001B nul\\u0000`);
    expect(kids(cases.at(-1)!, 'failure')[0]!.text).toContain(`<b>&"quoted"&'apos'</b>`);
    expect(xml).not.toContain(HOSTILE_TEXT);
  });

  it('escapes lone surrogates and keeps astral characters', () => {
    expect(xmlText('a\uD800b 😀')).toBe('a\\uD800b 😀');
    expect(xmlAttr('line1\nline2\t"x"')).toBe('line1&#10;line2&#9;&quot;x&quot;');
  });

  it('is well-formed for an empty run and for thousands of checks', () => {
    const empty: RunResult = { ...makeRunResult({ withoutBaseline: true }), scenarios: [], summary: summarize([], 'must') };
    const emptyDoc = parseXml(toJUnitXml(empty));
    expect(emptyDoc.attrs.tests).toBe('0');
    const large = parseXml(toJUnitXml(makeLargeRunResult(3000)));
    expectConsistentCounts(large);
    expect(large.attrs.tests).toBe('3000');
  });
});
