/** `run --shard I/N` as a CI matrix uses it: slices that partition the selection, recorded in the report, refused when unsafe. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, main } from '../cli.js';
import type { RunResult } from '../model.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`), isTty: false, env: {} });
  return { code, out, err };
}

const listed = (out: string) => out.trim().split('\n').slice(0, -1).map((line) => line.split(/\s+/)[0]!);

describe('run --shard', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scim-shard-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('slices the selection into disjoint parts that together are the whole, the same each time', async () => {
    const whole = listed((await cli('run', '--idp', 'core', '--list')).out);
    const parts = await Promise.all([1, 2, 3].map(async (i) => listed((await cli('run', '--idp', 'core', '--list', '--shard', `${i}/3`)).out)));
    expect(parts.flat().sort()).toEqual([...whole].sort());
    expect(new Set(parts.flat()).size).toBe(whole.length);
    expect(Math.max(...parts.map((p) => p.length)) - Math.min(...parts.map((p) => p.length))).toBeLessThanOrEqual(1);
    expect(listed((await cli('run', '--idp', 'core', '--list', '--shard', '2/3')).out)).toEqual(parts[1]);
  }, 60_000);

  it('records the slice in report.json, and merge-reports turns two slices into the whole run\'s verdict', async () => {
    const args = ['run', 'scenarios/okta', '--grep', 'update', '--transport', 'in-process', '--report', 'json'];
    const shards = [];
    for (const i of [1, 2]) {
      const done = await cli(...args, '--shard', `${i}/2`, '--out', join(dir, `s${i}`));
      expect(done.err).toContain(`shard ${i}/2:`);
      shards.push(JSON.parse(await readFile(join(dir, `s${i}`, 'report.json'), 'utf8')) as RunResult);
    }
    expect(shards.map((r) => r.shard)).toEqual([{ index: 1, total: 2 }, { index: 2, total: 2 }]);
    const merged = await cli('merge-reports', join(dir, 's1'), join(dir, 's2'), '--out', join(dir, 'merged'), '--report', 'json');
    const whole = await cli(...args, '--out', join(dir, 'whole'));
    expect(merged.code).toBe(whole.code);
    const verdict = (out: string) => out.split('\n').find((l) => /CONFORMANT/.test(l))!.replace(/ \(run [^)]+\)$/, '');
    expect(verdict(merged.out)).toBe(verdict(whole.out));
    const onlyOne = await cli('merge-reports', join(dir, 's1'), '--out', join(dir, 'partial'));
    expect(onlyOne.code).toBe(EXIT.usage);
    expect(onlyOne.err).toContain('shard 2/2 missing');
  }, 120_000);

  it('balances by an earlier report\'s durations when given one', async () => {
    const durations = join(dir, 'whole', 'report.json');
    const a = await cli('run', 'scenarios/okta', '--grep', 'update', '--list', '--shard', '1/2', '--durations', durations);
    expect(a.code).toBe(0);
    expect(a.err).toContain(`balanced by the durations in ${durations}`);
  });

  it.each([
    [['--shard', '0/3'], '--shard'],
    [['--shard', 'two'], '--shard'],
    [['--durations', 'report.json'], '--durations balances --shard'],
    [['--shard', '1/2', '--run-id', 'abc', '--target', 'http://127.0.0.1:9/scim/v2', '--token', 't'], 'each shard needs its own run id'],
    [['--shard', '1/2', '--durations', '/nonexistent/report.json'], '--durations /nonexistent/report.json'],
  ])('refuses %j', async (flags, message) => {
    const done = await cli('run', '--idp', 'core', '--list', ...flags);
    expect(done.code).toBe(EXIT.usage);
    expect(done.err).toContain(message);
  });
});
