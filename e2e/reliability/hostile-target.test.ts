/**
 * Issue 11, finding 6: a target that answers with pathological bodies (JSON nested 100,000 deep, a 100 MB
 * stream) must not cost the run its reports or its memory; the verdict is a failure (exit 1), never the
 * usage-error code 2 and never a crash.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, main } from '../../harness/cli.js';

const SCENARIO = `
name: read users from a hostile target
steps:
  - request: { method: GET, path: /Users }
`;

const DEEP = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
const STREAM_BYTES = 100 * 1024 * 1024;

/** Answers every request with `kind`'s body: deeply nested JSON, or 100 MB of JSON-looking text. */
function hostile(kind: 'deep' | 'huge'): Server {
  return createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/scim+json' });
    if (kind === 'deep') {
      res.end(DEEP);
      return;
    }
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < STREAM_BYTES) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    res.on('close', () => {
      sent = STREAM_BYTES;
    });
    res.write('{"Resources": "');
    pump();
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-hostile-'));
  await writeFile(join(dir, 'read.yaml'), SCENARIO);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(['deep', 'huge'] as const)('a target answering %s bodies', (kind) => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = hostile(kind);
    url = await listen(server);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fails the run with its reports written, memory bounded', async () => {
    const out = join(dir, `out-${kind}`);
    const lines: string[] = [];
    const before = process.memoryUsage().rss;
    const code = await main(['run', join(dir, 'read.yaml'), '--target', url, '--token', 'hostile-token-123', '--out', out, '--report', 'json,md'], {
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
      isTty: false,
      env: {},
    });
    expect([EXIT.failures, EXIT.target]).toContain(code);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as { scenarios: { exchanges: { response?: { truncatedAt?: number; body: string } }[] }[] };
    const responses = report.scenarios.flatMap((s) => s.exchanges).map((e) => e.response);
    expect(responses.length).toBeGreaterThan(0);
    if (kind === 'huge') expect(responses.some((r) => r?.truncatedAt === 16 * 1024 * 1024)).toBe(true);
    // 100 MB were offered; what the run kept is bounded by the 16 MiB cap per body, not by the stream.
    expect(process.memoryUsage().rss - before).toBeLessThan(400 * 1024 * 1024);
    expect(await readFile(join(out, 'report.md'), 'utf8')).toMatch(/NOT CONFORMANT|not conformant|unreachable/i);
  }, 120_000);
});
