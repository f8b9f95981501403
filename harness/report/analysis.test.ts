import { describe, expect, it } from 'vitest';
import {
  baselineChange,
  baselineEntryMatches,
  checkCells,
  exchangeIndex,
  failingChecks,
  formatValue,
  levelCounts,
  matrixRows,
  matrixTallies,
  rfcRefs,
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
    expect(levelCounts(run)).toEqual([
      { level: 'MUST', passed: 5, failed: 1 },
      { level: 'SHOULD', passed: 1, failed: 1 },
      { level: 'MAY', passed: 1, failed: 0 },
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

  it('tallies the matrix: MUST failure red, SHOULD-only amber, passes green', () => {
    const tallies = matrixTallies(run);
    expect(tallies.get('okta:create')?.failed.MUST).toBe(1);
    expect(tallies.get('okta:read')).toEqual({ passed: 0, failed: { MUST: 0, SHOULD: 1, MAY: 0 } });
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
