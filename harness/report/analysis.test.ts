import { describe, expect, it } from 'vitest';
import {
  baselineChange,
  baselineEntryMatches,
  cellState,
  checkCells,
  cleanupLine,
  cleanupOf,
  exchangeIndex,
  failingChecks,
  formatValue,
  levelCounts,
  matrixRows,
  matrixTallies,
  notApplicableChecks,
  notApplicableGroups,
  reasonDetail,
  rfcRefs,
  sharedReason,
  unattributedLeftovers,
  unmatchedFixed,
  verdictText,
} from './analysis.js';
import { shellQuote, toCurl } from './curl.js';
import { makeRunResult } from './fixture.js';

describe('rfcRefs', () => {
  it('links a section of RFC 7644', () => {
    expect(rfcRefs('RFC 7644 §3.3')).toEqual([{ label: 'RFC 7644 §3.3', href: 'https://www.rfc-editor.org/rfc/rfc7644#section-3.3' }]);
  });

  it('links every part, inheriting the RFC number', () => {
    expect(rfcRefs('RFC 7644 §3.4.2.2, §3.12; RFC 7643 §5–7').map((r) => r.href)).toEqual([
      'https://www.rfc-editor.org/rfc/rfc7644#section-3.4.2.2',
      'https://www.rfc-editor.org/rfc/rfc7644#section-3.12',
      'https://www.rfc-editor.org/rfc/rfc7643#section-5',
    ]);
  });

  it('accepts other spellings and RFCs without a section', () => {
    expect(rfcRefs('rfc7643 section 4.1.1')[0]?.href).toBe('https://www.rfc-editor.org/rfc/rfc7643#section-4.1.1');
    expect(rfcRefs('§3.14')[0]?.href).toBe('https://www.rfc-editor.org/rfc/rfc7644#section-3.14');
    expect(rfcRefs('RFC 6750')[0]?.href).toBe('https://www.rfc-editor.org/rfc/rfc6750');
    expect(rfcRefs('RFC 7644 Appendix a')[0]?.href).toBe('https://www.rfc-editor.org/rfc/rfc7644#appendix-A');
    expect(rfcRefs('vendor documentation')).toEqual([]);
  });
});

describe('toCurl', () => {
  const request = {
    method: 'post',
    url: "http://127.0.0.1:8080/scim/v2/Users?filter=userName eq \"o'malley\"",
    headers: { Authorization: 'Bearer [REDACTED]', 'Content-Type': 'application/scim+json', 'Content-Length': '12', Host: 'x' },
    body: `{"name":"O'Malley $(rm -rf /)"}`,
  };

  it('takes the token from $SCIM_TOKEN and skips headers curl sets itself', () => {
    const curl = toCurl(request);
    expect(curl).toContain('-H "Authorization: Bearer $SCIM_TOKEN"');
    expect(curl).not.toContain('REDACTED');
    expect(curl).not.toMatch(/content-length|host:/i);
    expect(curl.split(' \\\n  ')[0]).toBe(`curl -sS -X POST 'http://127.0.0.1:8080/scim/v2/Users?filter=userName eq "o'\\''malley"'`);
  });

  it('quotes bodies so the shell expands nothing', () => {
    expect(toCurl(request)).toContain(`--data-raw '{"name":"O'\\''Malley $(rm -rf /)"}'`);
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
  });

  it('adds no Authorization header when the request had none', () => {
    expect(toCurl({ method: 'GET', url: 'http://h/x', headers: {} })).toBe("curl -sS -X GET 'http://h/x'");
  });
});

describe('run facts', () => {
  const run = makeRunResult();
  const [okta, core, entra] = run.scenarios;

  it('counts check results by level', () => {
    // The not-applicable MUST check counts apart: neither a pass nor a failure.
    expect(levelCounts(run)).toEqual([
      { level: 'MUST', passed: 5, failed: 1, notApplicable: 1 },
      { level: 'SHOULD', passed: 1, failed: 1, notApplicable: 0 },
      { level: 'MAY', passed: 1, failed: 0, notApplicable: 0 },
    ]);
    expect(verdictText(run)).toBe('Not conformant against MUST');
  });

  it('puts a check into its own area and the areas of the exchanges it failed on', () => {
    const exchanges = exchangeIndex(run);
    const check = { ...okta!.checks[1]!, area: 'patch' as const };
    expect(checkCells(okta!, check, exchanges)).toEqual(['okta:create', 'okta:patch']);
    expect(checkCells(core!, core!.checks[0]!, exchanges)).toEqual(['core:discovery']);
    // An outcome check stays in its own area, whatever read-back it points at.
    const outcome = { ...okta!.checks[1]!, checkId: 'idp.roles.docker-role', area: 'roles' as const };
    expect(checkCells(okta!, outcome, exchanges)).toEqual(['okta:roles']);
  });

  it('tallies the matrix: MUST failure red, SHOULD-only amber, passes green, not applicable apart', () => {
    const tallies = matrixTallies(run);
    expect(tallies.get('okta:create')?.failed.MUST).toBe(1);
    expect(tallies.get('okta:read')).toEqual({ passed: 0, failed: { MUST: 0, SHOULD: 1, MAY: 0 }, notApplicable: 0 });
    // A MUST check that did not apply is not a MUST failure: the cell is neutral, not red.
    expect(tallies.get('core:filter')).toEqual({ passed: 0, failed: { MUST: 0, SHOULD: 0, MAY: 0 }, notApplicable: 1 });
    expect(cellState(tallies.get('core:filter')!)).toBe('na');
    expect(cellState({ passed: 2, failed: { MUST: 0, SHOULD: 0, MAY: 0 }, notApplicable: 3 })).toBe('pass');
    expect(cellState({ passed: 0, failed: { MUST: 1, SHOULD: 0, MAY: 0 }, notApplicable: 3 })).toBe('fail');
    expect(tallies.get('entra:groups')?.passed).toBe(1);
    expect(tallies.has('onelogin:create')).toBe(false);
    expect(matrixRows(run)).toEqual(['okta', 'entra', 'onelogin', 'core']);
  });

  it('adds unknown IdPs as rows before core', () => {
    const other = { ...run, scenarios: [...run.scenarios, { ...entra!, idp: 'docker' }] };
    expect(matrixRows(other)).toEqual(['okta', 'entra', 'onelogin', 'docker', 'core']);
  });

  it('matches baseline entries to check results', () => {
    expect(baselineChange(run, okta!, okta!.checks[1]!)).toBe('new');
    expect(baselineChange(run, core!, core!.checks[1]!)).toBe('fixed');
    expect(baselineChange(run, okta!, okta!.checks[2]!)).toBeUndefined();
    expect(unmatchedFixed(run)).toEqual(['okta: removed scenario::patch.remove-members']);
    expect(baselineEntryMatches('scenarios/okta/assign.yaml#create.location', okta!, 'create.location')).toBe(true);
    expect(baselineEntryMatches('create.location', okta!, 'create.location')).toBe(true);
    expect(baselineEntryMatches('other::create.location', okta!, 'create.location')).toBe(false);
  });

  it('orders failing checks MUST first', () => {
    expect(failingChecks(run).map((f) => f.check.checkId)).toEqual(['create.location', 'read.etag']);
  });

  it('writes undefined as (absent) and cuts long values', () => {
    expect(formatValue(undefined)).toBe('(absent)');
    expect(formatValue('W/"1"')).toBe('"W/\\"1\\""');
    expect(formatValue('x'.repeat(500), 20)).toHaveLength(20);
  });
});

describe('not applicable', () => {
  const run = makeRunResult();

  it('groups not-applicable scenarios by the missing feature, largest group first, with what their reasons share', () => {
    const groups = notApplicableGroups(run);
    expect(groups.map((g) => [g.feature, g.scenarios.map((e) => e.scenario.name)])).toEqual([
      ['docker', ['okta: Docker role mapping', 'onelogin: role mapping']],
      ['bulk', ['core: bulk']],
    ]);
    const [docker, bulk] = groups;
    expect(docker!.reason).toBe("the target's /Schemas does not list urn:ietf:params:scim:schemas:extension:docker:2.0:User");
    expect(docker!.scenarios.map((e) => [e.index, e.detail])).toEqual([
      [3, '(needed: step 2 (expect))'],
      [5, '(needed: declared)'],
    ]);
    // One scenario: its whole reason is the group's, nothing is left over as detail.
    expect(bulk!.reason).toBe('ServiceProviderConfig bulk.supported is false (needed: declared)');
    expect(bulk!.scenarios[0]!.detail).toBe('');
  });

  it('lists a scenario lacking two features under both, and one without recorded reasons under "unrecorded"', () => {
    const [okta, core] = run.scenarios;
    const two = { ...okta!, name: 'two needs', status: 'not-applicable' as const, checks: [], notApplicable: [{ feature: 'bulk', reason: 'no bulk' }, { feature: 'groups', reason: 'no groups' }] };
    const bare = { ...core!, name: 'bare', status: 'not-applicable' as const, checks: [], notApplicable: undefined, error: undefined };
    const groups = notApplicableGroups({ ...run, scenarios: [two, bare] });
    expect(groups.map((g) => [g.feature, g.scenarios.length, g.reason])).toEqual([
      ['bulk', 1, 'no bulk'],
      ['groups', 1, 'no groups'],
      ['unrecorded', 1, 'the run recorded no reason'],
    ]);
  });

  it('finds the shared wording of reasons only where it is a real phrase', () => {
    expect(sharedReason(['ServiceProviderConfig bulk.supported is false (needed: a)', 'ServiceProviderConfig bulk.supported is false (needed: b)'])).toBe(
      'ServiceProviderConfig bulk.supported is false',
    );
    // Cut back to a whole word, never mid-word.
    expect(sharedReason(['the target lacks groupsA entirely', 'the target lacks groupsB entirely'])).toBe('the target lacks');
    expect(sharedReason(["the target's Schemas", "the target's ResourceTypes"])).toBeUndefined();
    expect(sharedReason(['same', 'same'])).toBe('same');
    expect(sharedReason([])).toBeUndefined();
    expect(reasonDetail('abc (x)', 'abc')).toBe('(x)');
    expect(reasonDetail('other', 'abc')).toBe('other');
  });

  it('lists not-applicable checks by check and reason', () => {
    expect(notApplicableChecks(run)).toEqual([
      { checkId: 'filter.sort-order', level: 'MUST', title: 'sortBy orders the results', reason: 'ServiceProviderConfig sort.supported is false', scenarios: ['core: discovery'] },
    ]);
  });
});

describe('clean-up', () => {
  const run = makeRunResult();

  it("reads the run's clean-up, or sums the scenarios' when the run has none", () => {
    expect(cleanupOf(run)).toBe(run.cleanup);
    const { cleanup: _cleanup, ...withoutRunCleanup } = run;
    const summed = cleanupOf(withoutRunCleanup);
    expect(summed).toMatchObject({ created: 2, deleted: 1, kept: false, sweep: undefined });
    expect(summed!.leftovers).toEqual([{ ...run.scenarios[0]!.cleanup!.leftovers[0], scenario: run.scenarios[0]!.name }]);
    expect(cleanupOf(makeRunResult({ embedded: true }))).toBeUndefined();
  });

  it('says what was created, removed and swept', () => {
    expect(cleanupLine(run.cleanup!)).toBe('created 2, removed 1; final sweep: found 0, removed 0 (nothing left over)');
    expect(cleanupLine({ ...run.cleanup!, sweep: { ran: false, found: 0, deleted: 0, note: 'no filter' } })).toBe('created 2, removed 1; final sweep did not run: no filter');
  });

  it('tells leftovers only the final sweep found from those a scenario reported', () => {
    expect(unattributedLeftovers(run)).toEqual([]);
    const orphan = { type: 'Group' as const, id: 'g-9', name: 'Engineering sc-a3f9c1-2', outcome: 'left' as const, reason: 'DELETE answered 500', scenario: undefined };
    const swept = { ...run, cleanup: { ...run.cleanup!, leftovers: [...run.cleanup!.leftovers, orphan] } };
    expect(unattributedLeftovers(swept)).toEqual([orphan]);
  });
});
