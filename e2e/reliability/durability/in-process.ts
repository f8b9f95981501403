/** For the in-process durability suites: providers on temporary data directories, all stopped and removed after each test. */
import { rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import type { ProviderOptions } from '../../../provider/provider.js';
import { startProvider, type TestProvider } from '../../../provider/test-support.js';
import { tempDataDir, TOKEN } from './support.js';

export interface DurableProviders {
  /** A fresh data directory, removed after the test. */
  newDir(): string;
  /** A provider on `dir` (the suite's token unless `options` says otherwise). */
  start(dir: string, options?: ProviderOptions): Promise<TestProvider>;
  /** Stops the provider and closes its store, as a restart would. */
  stop(t: TestProvider): Promise<void>;
}

export function durableProviders(defaults: ProviderOptions = {}): DurableProviders {
  const dirs: string[] = [];
  const running: TestProvider[] = [];
  const stop = async (t: TestProvider): Promise<void> => {
    const at = running.indexOf(t);
    if (at >= 0) running.splice(at, 1);
    await t.close();
    await t.provider.persistence?.close();
  };
  afterEach(async () => {
    for (const t of running.splice(0)) await stop(t);
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    newDir: () => {
      const dir = tempDataDir();
      dirs.push(dir);
      return dir;
    },
    start: async (dir, options = {}) => {
      const t = await startProvider({ token: TOKEN, ...defaults, ...options, dataDir: dir });
      running.push(t);
      return t;
    },
    stop,
  };
}
