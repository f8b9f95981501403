/** Process entry of the CLI: real stdout/stderr, Ctrl-C / SIGTERM as a graceful stop, exit code from `main`. */
import { main } from './cli.js';

const interrupt = new AbortController();
let signals = 0;
const onSignal = (signal: NodeJS.Signals) => {
  signals += 1;
  if (signals === 1) {
    process.stderr.write(`\n${signal}: stopping; removing what the run created from the target first (${signal} again to quit at once, leaving it).\n`);
    interrupt.abort();
    return;
  }
  process.exit(signal === 'SIGINT' ? 130 : 143);
};
// Only `run` stops gracefully; the provider command keeps Node's own handling.
if (process.argv[2] === 'run') for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, onSignal);

const code = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTty: Boolean(process.stdout.isTTY),
  status: (text) => process.stdout.write(`\r\x1b[2K${text}`),
  env: process.env,
  signal: interrupt.signal,
});
// The embedded providers and msw keep handles open; the verdict is final, so leave with it, but only once
// stdout and stderr are flushed: a pipe (`profiles --json | jq`) takes writes asynchronously.
process.exitCode = code;
if (!process.argv.includes('provider')) process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
