/** SCIMMY for the benchmark, installed from the npm registry into a temporary folder rather than taken from the project's devDependencies (issue 12). */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { ScimmyOptions, ScimmyServer } from '../e2e/scimmy/server.js';

/** The versions the e2e tests run against (package.json's devDependencies), so the bench measures the same server. */
export const SCIMMY_PACKAGES = ['scimmy@1.3.5', 'scimmy-routers@1.3.2', 'express@5'];

export interface ScimmySource {
  startScimmy(options?: ScimmyOptions): Promise<ScimmyServer>;
  /** Where SCIMMY came from, with the versions actually loaded, for the bench's output. */
  description: string;
  /** Removes the temporary folder, if one was made. */
  dispose(): void;
}

const START_CODE = fileURLToPath(new URL('../e2e/scimmy/server.ts', import.meta.url));

/**
 * Installs {@link SCIMMY_PACKAGES} into a new temporary folder (`npm install --prefer-offline`: npm's cache
 * first, the registry for what it lacks) and starts SCIMMY from there with the e2e tests' own start code,
 * copied beside the packages so that its `express`, `scimmy` and `scimmy-routers` imports resolve to the
 * temporary copies. Should the install fail (no registry, no cache), the project's devDependency copy is
 * used instead, and `description` says so.
 */
export async function installScimmy(): Promise<ScimmySource> {
  const dir = mkdtempSync(join(tmpdir(), 'scim-bench-scimmy-'));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
    await promisify(execFile)('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...SCIMMY_PACKAGES], {
      cwd: dir,
      timeout: 300_000,
    });
    const server = join(dir, 'server.ts');
    copyFileSync(START_CODE, server);
    const loaded = (await import(pathToFileURL(server).href)) as { startScimmy: ScimmySource['startScimmy'] };
    const versions = ['scimmy', 'scimmy-routers', 'express'].map((name) => `${name}@${installedVersion(dir, name)}`).join(' ');
    return { startScimmy: loaded.startScimmy, description: `${versions}, installed by npm into ${dir}`, dispose };
  } catch (error) {
    dispose();
    const { startScimmy } = await import('../e2e/scimmy/server.js');
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { startScimmy, description: `the project's devDependency copy (installing into a temporary folder failed: ${reason})`, dispose: () => {} };
  }
}

function installedVersion(dir: string, name: string): string {
  const manifest = JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version?: unknown };
  return String(manifest.version);
}
