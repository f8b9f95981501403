/** `scim-conformance init`: the files it writes, its refusal to overwrite, and a config that the loader accepts as written. */
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CONFIG_SCHEMA } from './config-schema.js';
import { loadConfigText, looksLikeToken } from './config.js';
import { CONFIG_FILE, configTemplate, GITHUB_WORKFLOW_FILE, GITLAB_CI_FILE, initCommand } from './init.js';

async function init(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await initCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l), isTty: false, env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const present = async (path: string) => stat(path).then(() => true, () => false);

describe('scim-conformance init', () => {
  it('writes a config that loads cleanly and a GitHub workflow, and says what to run next', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scim-init-'));
    const result = await init('--dir', dir);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain(`wrote ${join(dir, CONFIG_FILE)}`);
    expect(result.out).toContain(`wrote ${join(dir, GITHUB_WORKFLOW_FILE)}`);
    expect(result.out).toContain(`Next: cd ${dir} && npx scim-conformance run`);

    const configFile = join(dir, CONFIG_FILE);
    const text = await readFile(configFile, 'utf8');
    const loaded = loadConfigText(text, configFile);
    expect(loaded).toEqual({ ok: true, file: configFile, config: { tokenEnv: 'SCIM_TOKEN', reports: ['json', 'junit', 'html', 'md'], out: join(dir, 'reports'), failOn: 'must' } });
    // No token, not even a commented one: only the variable's name.
    expect(text).not.toMatch(/^\s*#?\s*token\s*:/m);
    expect(text).not.toMatch(/bearer\s+[\w.-]{16,}|eyJ\w|ghp_|glpat-/i);
    expect(looksLikeToken(String(loaded.ok && loaded.config.tokenEnv))).toBe(false);

    const workflow = await readFile(join(dir, GITHUB_WORKFLOW_FILE), 'utf8');
    const parsed = parseYaml(workflow) as { jobs: Record<string, { steps: { run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, string> }[] }> };
    const steps = Object.values(parsed.jobs)[0]?.steps ?? [];
    const runStep = steps.find((s) => s.run === 'npx scim-conformance run');
    expect(runStep?.env).toEqual({ SCIM_TOKEN: '${{ secrets.SCIM_TOKEN }}' });
    expect(steps.some((s) => s.run?.includes('cat reports/report.md >> "$GITHUB_STEP_SUMMARY"'))).toBe(true);
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.path).toContain('reports/junit.xml');
    expect(upload?.with?.path).toContain('reports/report.html');
  });

  it('explains every key of the schema, and each example loads once uncommented', () => {
    const text = configTemplate();
    const keys = Object.keys(CONFIG_SCHEMA.properties as object).filter((k) => k !== '$schema' && k !== 'token');
    for (const key of keys) expect(text, key).toMatch(new RegExp(`^(# )?${key}: `, 'm'));
    // transport belongs to the embedded provider, target to an endpoint: the two examples are tried apart.
    const uncomment = (skip: string) => text.replace(new RegExp(`^# (?!${skip}:)(${keys.join('|')}): `, 'gm'), '$1: ');
    for (const skip of ['transport', 'target']) {
      const loaded = loadConfigText(uncomment(skip), '/project/scim-conformance.config.yaml');
      expect(loaded.ok ? [] : loaded.errors, skip).toEqual([]);
    }
  });

  it('refuses to overwrite, naming the file, and writes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scim-init-'));
    await writeFile(join(dir, CONFIG_FILE), 'out: mine\n');
    const result = await init('--dir', dir);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${join(dir, CONFIG_FILE)} already exists; nothing written. Pass --force to overwrite.`);
    expect(await readFile(join(dir, CONFIG_FILE), 'utf8')).toBe('out: mine\n');
    expect(await present(join(dir, GITHUB_WORKFLOW_FILE))).toBe(false);
  });

  it('overwrites with --force', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scim-init-'));
    await writeFile(join(dir, CONFIG_FILE), 'out: mine\n');
    expect((await init('--dir', dir, '--force')).code).toBe(0);
    expect(await readFile(join(dir, CONFIG_FILE), 'utf8')).toBe(configTemplate());
    expect(await present(join(dir, GITHUB_WORKFLOW_FILE))).toBe(true);
  });

  it('writes a GitLab job with --ci gitlab, and no workflow with --ci none', async () => {
    const gitlab = await mkdtemp(join(tmpdir(), 'scim-init-'));
    expect((await init('--dir', gitlab, '--ci', 'gitlab')).code).toBe(0);
    expect(await present(join(gitlab, '.github'))).toBe(false);
    const job = parseYaml(await readFile(join(gitlab, GITLAB_CI_FILE), 'utf8')) as Record<string, { script: string[]; artifacts: { when: string; reports: { junit: string } } }>;
    expect(job['scim-conformance']?.script).toContain('npx scim-conformance run');
    expect(job['scim-conformance']?.artifacts).toMatchObject({ when: 'always', reports: { junit: 'reports/junit.xml' } });

    const none = await mkdtemp(join(tmpdir(), 'scim-init-'));
    const result = await init('--dir', none, '--ci', 'none');
    expect(result.code).toBe(0);
    expect(result.out).not.toContain('.github');
    expect(await present(join(none, CONFIG_FILE))).toBe(true);
    expect(await present(join(none, '.github'))).toBe(false);
  });

  it('refuses a second config file under another name, even with --force', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scim-init-'));
    await writeFile(join(dir, 'scim-conformance.config.json'), '{}');
    const result = await init('--dir', dir, '--force');
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${join(dir, 'scim-conformance.config.json')} already configures this project`);
    expect(await present(join(dir, CONFIG_FILE))).toBe(false);
  });

  it('rejects bad usage with exit 2', async () => {
    expect((await init('--ci', 'jenkins')).err).toContain("--ci must be github, gitlab or none, got 'jenkins'");
    expect((await init('--dir', '/nonexistent/project')).code).toBe(2);
    expect((await init('somewhere')).code).toBe(2);
    expect((await init('--help')).code).toBe(0);
  });
});
