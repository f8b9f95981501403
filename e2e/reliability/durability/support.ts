/**
 * Shared by the durability suites and `npm run crash-test`: the provider CLI as a child process on a data
 * directory (so it can be killed with -9), and a small typed SCIM client. No vitest here: the opt-in crash
 * script imports it outside the test runner.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const TOKEN = 'durability-token-0123456789';
export const ADMIN_CREDENTIAL = 'durability-admin-0123456789';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const START_TIMEOUT_MS = 30_000;

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'scim-durability-'));
}

export interface ChildProvider {
  baseUrl: string;
  origin: string;
  pid: number;
  child: ChildProcess;
  /** What the provider wrote to stderr so far (start-up notes, internal errors). */
  stderr(): string;
  /** SIGKILL: no handler runs, nothing is flushed by the process. Resolves once it is gone. */
  kill9(): Promise<void>;
  /** SIGTERM: the provider's own graceful stop. */
  stop(): Promise<void>;
}

/**
 * `provider/cli.ts --data DIR` in a plain node process with tsx's loader (not the tsx CLI, which runs the
 * script in a second child that a kill -9 of the first would leave running). Resolves once it serves.
 */
export function startCli(dir: string, extraArgs: string[] = []): Promise<ChildProvider> {
  return startProviderProcess({ data: dir, args: extraArgs });
}

export interface ProcessOptions {
  /** The data directory; without it the provider keeps everything in memory. */
  data?: string;
  args?: string[];
  /** The script to run instead of provider/cli.ts (one that calls the CLI's `main`), relative to the project. */
  entry?: string;
  /** Flags for node itself, such as `--expose-gc`. */
  nodeArgs?: string[];
  /** Open an IPC channel to the child (`ChildProvider.child.send`). */
  ipc?: boolean;
}

/** The provider CLI as a child process; resolves once it prints its start-up summary (its `Data:` line with --data). */
export function startProviderProcess(options: ProcessOptions): Promise<ChildProvider> {
  const data = options.data === undefined ? [] : ['--data', options.data];
  const args = [...(options.nodeArgs ?? []), '--import', TSX_LOADER, options.entry ?? 'provider/cli.ts', '--port', '0', ...data, '--admin-credential', ADMIN_CREDENTIAL, ...(options.args ?? [])];
  const stdio: StdioOptions = options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio });
  const ready = options.data === undefined ? /^Admin credential: /m : /^Data: /m;
  let stdout = '';
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not start within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    let serving = false;
    const fail = (why: string) => {
      if (serving) return;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`provider ${why}.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    };
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before serving`));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = ready.test(stdout) ? /SCIM base URL: (\S+)/.exec(stdout) : null;
      if (!match) return;
      if (serving) return;
      serving = true;
      clearTimeout(timer);
      const baseUrl = match[1]!;
      resolve({
        baseUrl,
        origin: new URL(baseUrl).origin,
        pid: child.pid!,
        child,
        stderr: () => stderr,
        kill9: () => (child.kill('SIGKILL'), exited),
        stop: () => (child.kill('SIGTERM'), exited),
      });
    });
  });
}

export interface Answer {
  status: number;
  body: unknown;
}

export type Scim = (method: string, path: string, body?: unknown) => Promise<Answer>;

/** Requests with the bearer token; a connection failure rejects (that request was never acknowledged). */
export function scimClient(baseUrl: string, token = TOKEN): Scim {
  return async (method, path, body) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/scim+json' };
    if (body !== undefined) headers['Content-Type'] = 'application/scim+json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    return { status: response.status, body: text.length > 0 ? (JSON.parse(text) as unknown) : undefined };
  };
}

export type Json = Record<string, unknown>;

export function asObject(value: unknown): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`Expected a JSON object, got ${JSON.stringify(value)}`);
  return value as Json;
}

/** Every resource of an endpoint, page by page (the provider caps a page at maxResults). */
export async function listAll(scim: Scim, endpoint: '/Users' | '/Groups'): Promise<Json[]> {
  const all: Json[] = [];
  for (let start = 1; ; ) {
    const { status, body } = await scim('GET', `${endpoint}?startIndex=${start}&count=200`);
    if (status !== 200) throw new Error(`GET ${endpoint} answered ${status}: ${JSON.stringify(body)}`);
    const page = asObject(body);
    const resources = Array.isArray(page.Resources) ? page.Resources.map(asObject) : [];
    all.push(...resources);
    if (resources.length === 0 || all.length >= Number(page.totalResults)) return all;
    start += resources.length;
  }
}
