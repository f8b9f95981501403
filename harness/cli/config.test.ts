/** The configuration loader: file:line:column errors like scenarios, tokens refused, paths anchored at the config file, the published schema. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageFile } from '../package-root.js';
import { CONFIG_SCHEMA, configSchemaText, SUITES } from './config-schema.js';
import { CONFIG_FILE_NAMES, findConfig, loadConfig, loadConfigText, looksLikeToken, tokenEnvName, type ConfigFile } from './config.js';

const errorsOf = (text: string, file = '/project/scim-conformance.config.yaml'): string[] => {
  const loaded = loadConfigText(text, file);
  if (loaded.ok) throw new Error(`expected errors, loaded ${JSON.stringify(loaded.config)}`);
  return loaded.errors;
};

const configOf = (text: string, file = '/project/scim-conformance.config.yaml'): ConfigFile => {
  const loaded = loadConfigText(text, file);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.config;
};

const FILE = '/project/scim-conformance.config.yaml';

describe('loadConfig', () => {
  it('accepts every key and resolves paths against the config file', () => {
    const config = configOf(
      [
        '$schema: ./node_modules/scim-conformance/schemas/config.schema.json',
        'target: https://staging.example.com/scim/v2',
        'tokenEnv: ACME_SCIM_TOKEN',
        'paths: [suites, ../shared/scim]',
        `idps: [${SUITES.join(', ')}]`,
        'tags: [smoke, scale]',
        'grep: "create|delete"',
        'require: [groups, "schema:urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]',
        'reports: [json, junit, html, md]',
        'out: build/reports',
        'failOn: should',
        'baseline: baseline/report.json',
        'seed: 7',
        'concurrency: 2',
        'timeoutMs: 30000',
        'scenarioTimeoutMs: 90000',
        'bail: true',
        'groupPrefix: "acme:"',
        'keepExchanges: true',
        'shard: 2/4',
      ].join('\n'),
    );
    expect(config).toEqual({
      target: 'https://staging.example.com/scim/v2',
      tokenEnv: 'ACME_SCIM_TOKEN',
      paths: ['/project/suites', '/shared/scim'],
      idps: [...SUITES],
      tags: ['smoke', 'scale'],
      grep: 'create|delete',
      require: ['groups', 'schema:urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      reports: ['json', 'junit', 'html', 'md'],
      out: '/project/build/reports',
      failOn: 'should',
      baseline: '/project/baseline/report.json',
      seed: 7,
      concurrency: 2,
      timeoutMs: 30000,
      scenarioTimeoutMs: 90000,
      bail: true,
      groupPrefix: 'acme:',
      keepExchanges: true,
      shard: '2/4',
    });
  });

  it('resolves relative paths against the config file, not the working directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scim-config-'));
    const file = join(dir, 'scim-conformance.config.yaml');
    await writeFile(file, 'paths: [scenarios, /abs/suite]\nout: out/reports\nbaseline: ../old.json\n');
    const loaded = await loadConfig(file);
    expect(loaded).toEqual({ ok: true, file, config: { paths: [join(dir, 'scenarios'), '/abs/suite'], out: join(dir, 'out/reports'), baseline: join(dir, '..', 'old.json') } });
  });

  it('points at a wrong type with file:line:column', () => {
    expect(errorsOf('tokenEnv: SCIM_TOKEN\nseed: 1\nconcurrency: "four"\n')).toEqual([`${FILE}:3:14: concurrency: must be a whole number, not the string "four"`]);
  });

  it('reports every problem at once, in file order', () => {
    expect(errorsOf('bail: yes\nreports: [json, pdf]\nfailOn: MUST\n')).toEqual([
      `${FILE}:1:7: bail: must be true or false, not the string "yes"`,
      `${FILE}:2:17: reports[1]: must be 'json', 'junit', 'md', 'html' or 'har', not the string "pdf"`,
      `${FILE}:3:9: failOn: must be 'must' or 'should', not the string "MUST" (did you mean 'must'?)`,
    ]);
  });

  it('names an unknown key at the key, with a suggestion', () => {
    const [error] = errorsOf('out: reports\ntimeoutMS: 1000\n');
    expect(error).toMatch(new RegExp(`^${FILE}:2:1: timeoutMS: unknown key 'timeoutMS' \\(did you mean 'timeoutMs'\\?\\); keys are target, tokenEnv, `));
  });

  it('refuses a token in the file without repeating it', () => {
    const errors = errorsOf('target: https://x.example/scim/v2\ntoken: s3cr3t-value\n');
    expect(errors).toEqual([`${FILE}:2:1: token: refused: 'token' would put a credential in this file, which gets committed; put the token in an environment variable and name it in tokenEnv (e.g. tokenEnv: SCIM_TOKEN)`]);
    expect(errorsOf('bearerToken: abc\n')[0]).toContain(`${FILE}:1:1: bearerToken: refused:`);
    expect(errorsOf('password: abc\n')[0]).toContain('name it in tokenEnv');
  });

  it('refuses a token written as tokenEnv, and does not echo it', () => {
    for (const value of ['ghp_abcdefABCDEF1234567890', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc', 'Bearer abc', 'a8Fk2LmQ9zXcV7bN3hJt5RwY']) {
      const errors = errorsOf(`tokenEnv: "${value}"\n`);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(new RegExp(`^${FILE}:1:11: tokenEnv: refused: this looks like a token`));
      expect(errors.join('\n')).not.toContain(value);
    }
    expect(errorsOf('tokenEnv: "1 not a name"\n')).toEqual([
      `${FILE}:1:11: tokenEnv: must be the NAME of an environment variable (letters, digits and _, not starting with a digit), never the token itself: put the token in an environment variable and name it in tokenEnv (e.g. tokenEnv: SCIM_TOKEN)`,
    ]);
    expect(looksLikeToken('SCIM_TOKEN')).toBe(false);
    expect(looksLikeToken('OKTA_STAGING_SCIM_TOKEN_2024')).toBe(false);
  });

  it('wants an http(s) URL as target, without credentials in it', () => {
    expect(errorsOf('target: ftp://example.com/scim\n')).toEqual([`${FILE}:1:9: target: must be an http(s) URL such as https://staging.example.com/scim/v2, not the string "ftp://example.com/scim"`]);
    expect(errorsOf('target: example.com/scim\n')[0]).toContain(':1:9: target: must be an http(s) URL');
    const userinfo = errorsOf('target: https://admin:hunter2@example.com/scim\n');
    expect(userinfo).toEqual([`${FILE}:1:9: target: refused: the URL carries a credential (user:password@); put the token in an environment variable and name it in tokenEnv (e.g. tokenEnv: SCIM_TOKEN)`]);
    expect(errorsOf('target: https://example.com/scim?access_token=abc\n')[0]).toContain('(?access_token=)');
  });

  it('checks what the schema cannot: regular expression, shard range, transport without target', () => {
    expect(errorsOf('grep: "("\n')[0]).toMatch(new RegExp(`^${FILE}:1:7: grep: not a valid regular expression`));
    expect(errorsOf('shard: 5/4\n')).toEqual([`${FILE}:1:8: shard: shard 5 of 4 does not exist: i must be at most n`]);
    expect(errorsOf('shard: "0/4"\n')[0]).toContain(":1:8: shard: must be 'i/n'");
    expect(errorsOf('target: https://example.com/scim\ntransport: in-process\n')).toEqual([`${FILE}:2:1: transport: transport applies to the embedded provider only: remove it, or remove target`]);
  });

  it('names unknown features, IdPs and duplicates', () => {
    expect(errorsOf('require: [grops]\n')[0]).toMatch(new RegExp(`^${FILE}:1:11: require\\[0\\]: unknown feature "grops" \\(did you mean 'groups'\\?\\); features are groups, `));
    expect(errorsOf('idps: [okta, gsuite]\n')[0]).toContain(':1:14: idps[1]: must be ');
    expect(errorsOf('tags: [smoke, smoke]\n')).toEqual([`${FILE}:1:7: tags: lists "smoke" twice`]);
    expect(errorsOf('paths: []\n')).toEqual([`${FILE}:1:8: paths: must not be empty (leave paths out to run the bundled suites)`]);
  });

  it('places YAML syntax errors like scenario errors do', () => {
    expect(errorsOf('out: reports\npaths: [a, "b\nseed: 1\n')).toEqual([`${FILE}:2:12: YAML: this quote is never closed`]);
    expect(errorsOf('seed: 1\nseed: 2\n')).toEqual([`${FILE}:2:1: YAML: duplicate key 'seed'`]);
    expect(errorsOf('- out\n')).toEqual([`${FILE}:1:1: must be a mapping, not a list`]);
  });

  it('accepts a JSON config, with JSON-worded syntax errors', () => {
    const json = '/project/scim-conformance.config.json';
    expect(configOf('{\n\t"target": "https://example.com/scim/v2",\n\t"reports": ["junit"],\n\t"out": "r"\n}\n', json)).toEqual({
      target: 'https://example.com/scim/v2',
      reports: ['junit'],
      out: '/project/r',
    });
    expect(errorsOf('{\n  "out": "r",\n  "seed": "1"\n}\n', json)).toEqual([`${json}:3:11: seed: must be a whole number, not the string "1"`]);
    expect(errorsOf('{\n  "out": "r",\n  "seed": 1,\n}\n', json)).toEqual([`${json}:3:12: JSON: a trailing comma is not allowed`]);
    expect(errorsOf('{\n  "out": "r"\n  "seed": 1\n}\n', json)).toEqual([`${json}:3:3: JSON: Expected ',' or '}' after property value`]);
  });

  it('takes a file of comments only as an empty configuration', () => {
    expect(configOf('# nothing set yet\n\n')).toEqual({});
    expect(tokenEnvName(configOf('# nothing\n'))).toBe('SCIM_TOKEN');
    expect(tokenEnvName(configOf('tokenEnv: OKTA_SCIM\n'))).toBe('OKTA_SCIM');
  });

  it('says when the file cannot be read', async () => {
    const loaded = await loadConfig('/nonexistent/scim-conformance.config.yaml');
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.errors[0]).toMatch(/^\/nonexistent\/scim-conformance\.config\.yaml:1:1: cannot read the file: /);
  });
});

describe('findConfig', () => {
  it('finds none, one, and refuses two', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scim-find-'));
    expect(await findConfig(dir)).toBeUndefined();
    await writeFile(join(dir, 'scim-conformance.config.json'), '{}');
    expect(await findConfig(dir)).toBe(join(dir, 'scim-conformance.config.json'));
    await writeFile(join(dir, 'scim-conformance.config.yml'), 'out: r\n');
    await expect(findConfig(dir)).rejects.toThrow(`${join(dir, 'scim-conformance.config.yml')} and ${join(dir, 'scim-conformance.config.json')} are both configuration files; keep one`);
    expect(CONFIG_FILE_NAMES).toEqual(['scim-conformance.config.yaml', 'scim-conformance.config.yml', 'scim-conformance.config.json']);
  });
});

describe('schemas/config.schema.json', () => {
  it('is exactly what the loader validates with (npx tsx harness/cli/config-schema.ts rewrites it)', async () => {
    expect(await readFile(packageFile('schemas/config.schema.json'), 'utf8')).toBe(configSchemaText());
  });

  it('declares exactly the keys of ConfigFile', () => {
    // Listing them typed as keyof ConfigFile makes tsc catch a key the interface lacks; the test catches the reverse.
    const keys: (keyof ConfigFile)[] = ['target', 'tokenEnv', 'paths', 'idps', 'tags', 'grep', 'require', 'reports', 'out', 'failOn', 'baseline', 'seed', 'concurrency', 'timeoutMs', 'scenarioTimeoutMs', 'bail', 'groupPrefix', 'keepExchanges', 'transport', 'shard'];
    const properties = CONFIG_SCHEMA.properties as Record<string, { title?: string; description?: string }>;
    expect(Object.keys(properties).filter((k) => k !== '$schema' && k !== 'token').sort()).toEqual([...keys].sort());
    for (const [key, property] of Object.entries(properties)) {
      expect(property.title, key).toBeTruthy();
      expect(property.description, key).toBeTruthy();
    }
  });
});
