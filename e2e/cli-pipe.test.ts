/** The published CLI writes whole outputs into a pipe: `profiles --json | jq` must never see a cut document. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function runBin(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/scim-conformance.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('scim-conformance into a pipe', () => {
  it('writes the whole of a large JSON output before exiting', async () => {
    const { code, stdout } = await runBin(['profiles', '--json']);
    expect(code).toBe(0);
    // Far above the 64 KiB a pipe takes at once.
    expect(stdout.length).toBeGreaterThan(70_000);
    const parsed = JSON.parse(stdout) as { name: string }[];
    expect(parsed.map((p) => p.name)).toEqual(['okta', 'entra', 'onelogin']);
  }, 60_000);
});
