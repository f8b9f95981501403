import { describe, expect, it } from 'vitest';
import type { RunResult } from '../model.js';
import { HOSTILE_TEXT, makeHugeGroupedRun, makeLargeRunResult, makeRunResult, summarize } from './fixture.js';
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
    const s = cases.filter((c) => kids(c, 'skipped').length > 0).length;
    expect(Number(suite.attrs.tests)).toBe(cases.length);
    expect(Number(suite.attrs.failures)).toBe(f);
    expect(Number(suite.attrs.errors)).toBe(e);
    expect(Number(suite.attrs.skipped)).toBe(s);
    // A testcase is one of passed, failed, errored or skipped, never two.
    for (const c of cases) expect(c.children.filter((k) => ['failure', 'error', 'skipped'].includes(k.name)).length).toBeLessThanOrEqual(1);
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
  // The readiness and root-cause suites come first; the scenarios' follow in run order.
  const [readiness, rootCauses, ...suites] = kids(doc, 'testsuite') as [XmlNode, XmlNode, ...XmlNode[]];

  it('has one testsuite per scenario with consistent counts', () => {
    expect(doc.name).toBe('testsuites');
    expect(suites.map((s) => s.attrs.name)).toEqual(run.scenarios.map((s) => s.name));
    expectConsistentCounts(doc);
    // 17 scenario testcases (one a skipped consequence) + 2 IdPs + 2 root causes; failures: 4 + Okta breaking + 2 causes.
    expect(doc.attrs).toMatchObject({ tests: '21', failures: '7', errors: '1', time: '0.412' });
    // junit-4.xsd has no `skipped` on <testsuites>; viewers count skipped testcases per suite.
    expect(doc.attrs.skipped).toBeUndefined();
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
      'step 4: okta update user1',
      'clean-up: User isabella.hagenes@example.com (id 2819c223-7f76-453a-919d-413861904646)',
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
    const core = kids(suites[1]!, 'testcase');
    expect(core.filter((c) => c.children.length === 0)).toHaveLength(3);
  });

  it('skips a not-applicable check with its reason', () => {
    const core = suites[1]!;
    const sort = kids(core, 'testcase').find((c) => c.attrs.name?.startsWith('filter.sort-order'))!;
    expect(kids(sort, 'skipped')[0]!.attrs.message).toBe('not applicable: ServiceProviderConfig sort.supported is false');
    expect(kids(sort, 'failure')).toHaveLength(0);
    expect(core.attrs).toMatchObject({ tests: '4', failures: '0', skipped: '1' });
  });

  it('gives a not-applicable scenario one skipped testcase with every reason, and the reasons as a property', () => {
    const docker = suites[3]!;
    expect(docker.attrs).toMatchObject({ name: 'okta: Docker role mapping', tests: '1', failures: '0', errors: '0', skipped: '1' });
    const [only] = kids(docker, 'testcase');
    expect(only!.attrs.name).toBe('scenario not applicable');
    const [skip] = kids(only!, 'skipped');
    expect(skip!.attrs.message).toBe(
      "not applicable: docker: the target's /Schemas does not list urn:ietf:params:scim:schemas:extension:docker:2.0:User (needed: step 2 (expect))",
    );
    expect(skip!.text).toContain('The scenario did not run.');
    const props = kids(docker, 'properties')[0]!.children.map((p) => [p.attrs.name, p.attrs.value]);
    expect(props).toContainEqual(['status', 'not-applicable']);
    expect(props).toContainEqual(['not-applicable', run.scenarios[3]!.notApplicable!.map((u) => `${u.feature}: ${u.reason} (needed: ${u.needed})`).join('; ')]);
    expect(props).toContainEqual(['run-id', 'a3f9c1']);
  });

  it('fails a clean-up testcase for a resource left on the target, naming the outcome and the run id', () => {
    const leftover = kids(suites[0]!, 'testcase').find((c) => c.attrs.name?.startsWith('clean-up:'))!;
    const [failure] = kids(leftover, 'failure');
    expect(failure!.attrs.type).toBe('cleanup');
    expect(failure!.attrs.message).toBe(
      'User isabella.hagenes@example.com (id 2819c223-7f76-453a-919d-413861904646) deactivated, not deleted: DELETE answered 403 Forbidden; set active to false instead',
    );
    expect(failure!.text).toContain('carries "a3f9c1"');
    expect(kids(suites[0]!, 'properties')[0]!.children.map((p) => [p.attrs.name, p.attrs.value])).toContainEqual(['cleanup', 'created 1, removed 0, left 1']);
  });

  it('skips a resource kept with --keep instead of failing it', () => {
    const kept = structuredClone(run);
    kept.scenarios[0]!.cleanup!.leftovers[0] = { ...kept.scenarios[0]!.cleanup!.leftovers[0]!, outcome: 'kept', reason: 'kept for inspection (--keep)' };
    const suite = kids(parseXml(toJUnitXml(kept)), 'testsuite')[2]!;
    const leftover = kids(suite, 'testcase').find((c) => c.attrs.name?.startsWith('clean-up:'))!;
    expect(kids(leftover, 'failure')).toHaveLength(0);
    expect(kids(leftover, 'skipped')[0]!.attrs.message).toContain('kept (--keep): kept for inspection (--keep)');
    expect(suite.attrs).toMatchObject({ failures: '3', skipped: '2' });
  });

  it('adds a suite of the run for an interruption, leftovers only the sweep found, and a sweep that could not run', () => {
    expect(suites.map((s) => s.attrs.name)).not.toContain('run a3f9c1');
    const orphan = { type: 'Group' as const, id: 'g-9', name: 'Engineering sc-a3f9c1-2', outcome: 'left' as const, reason: 'DELETE answered 500', scenario: undefined };
    const base = makeRunResult({ interrupted: true });
    const cut: RunResult = { ...base, cleanup: { ...base.cleanup!, leftovers: [...base.cleanup!.leftovers, orphan], sweep: { ran: false, found: 0, deleted: 0, note: 'no filter support' } } };
    const doc = parseXml(toJUnitXml(cut));
    expectConsistentCounts(doc);
    const own = kids(doc, 'testsuite').at(-1)!;
    expect(own.attrs).toMatchObject({ name: 'run a3f9c1', tests: '3', failures: '1', errors: '1', skipped: '1' });
    const cases = kids(own, 'testcase');
    expect(cases.map((c) => c.attrs.name)).toEqual(['run interrupted', 'clean-up: Group Engineering sc-a3f9c1-2 (id g-9)', 'final sweep']);
    expect(kids(cases[0]!, 'error')[0]!.attrs).toMatchObject({ type: 'Interrupted', message: 'the run was interrupted (Ctrl-C or SIGTERM) before every scenario ran' });
    expect(kids(cases[1]!, 'failure')[0]!.attrs.message).toBe('Group Engineering sc-a3f9c1-2 (id g-9) left in place: DELETE answered 500');
    expect(kids(cases[2]!, 'skipped')[0]!.attrs.message).toBe('final sweep did not run: no filter support');
    // The leftover the okta scenario reported stays in its own suite, not repeated here.
    expect(toJUnitXml(cut).match(/clean-up: User isabella/g)).toHaveLength(1);
  });

  it('escapes markup, quotes and control characters in names, messages and bodies', () => {
    const hostile = makeRunResult({ hostile: true });
    const xml = toJUnitXml(hostile);
    const parsed = parseXml(xml);
    expectConsistentCounts(parsed);
    const suite = kids(parsed, 'testsuite')[2]!;
    expect(suite.attrs.name).toBe(hostile.scenarios[0]!.name.replace('\u0007', '\\u0007').replace('\u001b', '\\u001B').replace('\u0000', '\\u0000'));
    expect(suite.attrs.name).toContain(`<b>&"quoted"&'apos'</b>`);
    expect(suite.attrs.name).toContain('tab\t|pipe|');
    const cases = kids(suite, 'testcase');
    expect(cases[1]!.attrs.name).toContain(`Location header <b>&"quoted"&'apos'</b> bell\\u0007 esc\\u001B nul\\u0000`);
    const step = cases.find((c) => c.attrs.name?.startsWith('step 2'))!;
    expect(kids(step, 'failure')[0]!.text).toContain(`<b>&"quoted"&'apos'</b>`);
    // Reasons of not-applicable scenarios and of leftovers come from the target too.
    const naSuite = kids(parsed, 'testsuite').find((s) => s.attrs.name === 'onelogin: role mapping')!;
    expect(kids(kids(naSuite, 'testcase')[0]!, 'skipped')[0]!.attrs.message).toContain(`<b>&"quoted"&'apos'</b>`);
    expect(kids(cases.at(-1)!, 'failure')[0]!.attrs.message).toContain(`403 <b>&"quoted"&'apos'</b> bell\\u0007`);
    expect(xml).not.toContain(HOSTILE_TEXT);
  });

  it('leads with a readiness suite (a testcase per IdP) and a root-cause suite (a testcase per cause, ranked)', () => {
    expect(readiness.attrs).toMatchObject({ name: 'readiness', tests: '2', failures: '1', errors: '0', skipped: '1' });
    const [okta, entra] = kids(readiness, 'testcase');
    expect(okta!.attrs).toMatchObject({ classname: 'readiness', name: 'Okta' });
    const [broke] = kids(okta!, 'failure');
    expect(broke!.attrs).toMatchObject({ type: 'readiness', message: 'Okta: breaks at Create Users (no Location header on 201)' });
    expect(broke!.text).toContain('breaks: Create Users — no Location header on 201 (scenarios/okta/assign.yaml) [root causes: create.location]');
    expect(broke!.text).toContain('warning: Push Profile Updates — GET answers without an ETag');
    expect(kids(entra!, 'skipped')[0]!.attrs.message).toBe('Microsoft Entra ID: not tested to the end (the target went away during Group Push)');
    expect(kids(readiness, 'properties')[0]!.children.map((p) => [p.attrs.name, p.attrs.value])).toContainEqual(['idps', 'okta: breaks, entra: not-tested']);

    expect(rootCauses.attrs).toMatchObject({ name: 'root causes', tests: '2', failures: '2' });
    const [location, etag] = kids(rootCauses, 'testcase');
    expect(location!.attrs.name).toBe('1. create.location — POST answers 201 with a Location header equal to meta.location');
    const [failure] = kids(location!, 'failure');
    expect(failure!.attrs).toMatchObject({
      type: 'MUST',
      message: 'answered 201 without a Location header — fix: Set the Location header of a 201 to the created resource URL (meta.location).',
    });
    for (const line of [
      'observed: answered 201 without a Location header',
      'required: RFC 7644 §3.3: "the server SHALL … include a Location header"; Okta reads the new id from it',
      'fix: Set the Location header of a 201 to the created resource URL (meta.location).',
      'impact: breaks 2 IdP actions in 1 scenario (okta); 1 failure',
      'example: POST http://127.0.0.1:43117/scim/v2/Users → 201 (scenario okta: assign, read back and deactivate, exchange okta/assign.yaml#1.1)',
    ]) {
      expect(failure!.text).toContain(line);
    }
    expect(kids(etag!, 'failure')[0]!.text).toMatch(/^SHOULD \(does not fail the run\) · read\.etag/);
    // A report without the grouping has only the scenarios' suites, as before.
    const plain = kids(parseXml(toJUnitXml(makeRunResult({ withoutGrouping: true }))), 'testsuite');
    expect(plain.map((s) => s.attrs.name)).toEqual(run.scenarios.map((s) => s.name));
  });

  it('reports a step that failed only because of an earlier one as skipped, with the cause, not as a failure', () => {
    const okta = suites[0]!;
    const step = kids(okta, 'testcase').find((c) => c.attrs.name === 'step 4: okta update user1')!;
    expect(kids(step, 'failure')).toHaveLength(0);
    expect(kids(step, 'skipped')[0]!.attrs.message).toBe('consequence of step 2: the ETag step 2 should have read was never saved');
    // Only the cause counts: one failed step, the check failures and the leftover.
    expect(okta.attrs).toMatchObject({ tests: '8', failures: '4', skipped: '1' });
    // An errored consequence is not a scenario error either.
    const errored = structuredClone(run);
    errored.scenarios[1]!.steps.push({ index: 2, label: 'GET /Schemas', status: 'error', messages: ['not run'], exchangeIds: [], consequenceOf: { step: 1, reason: 'no base URL' } });
    const core = kids(parseXml(toJUnitXml(errored)), 'testsuite')[3]!;
    expect(core.attrs).toMatchObject({ errors: '0', skipped: '2' });
  });

  it('escapes lone surrogates and keeps astral characters', () => {
    expect(xmlText('a\uD800b 😀')).toBe('a\\uD800b 😀');
    expect(xmlAttr('line1\nline2\t"x"')).toBe('line1&#10;line2&#9;&quot;x&quot;');
  });

  it('is well-formed for an empty run and for thousands of checks', () => {
    const empty: RunResult = { ...makeRunResult({ withoutBaseline: true, embedded: true, withoutGrouping: true }), scenarios: [], summary: summarize([], 'must') };
    const emptyDoc = parseXml(toJUnitXml(empty));
    expect(emptyDoc.attrs.tests).toBe('0');
    const large = parseXml(toJUnitXml(makeLargeRunResult(3000)));
    expectConsistentCounts(large);
    expect(large.attrs.tests).toBe('3000');
    // With the grouping: a root cause per failing check id, consequences of every failing scenario.
    expectConsistentCounts(parseXml(toJUnitXml(makeHugeGroupedRun(3000))));
  });
});
