/** Process entry of the CLI: real stdout/stderr, exit code from `main`. */
import { main } from './cli.js';

const code = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTty: Boolean(process.stdout.isTTY),
  status: (text) => process.stdout.write(`\r\x1b[2K${text}`),
  env: process.env,
});
// The embedded providers and msw keep handles open; the verdict is final, so leave with it.
process.exitCode = code;
if (!process.argv.includes('provider')) setImmediate(() => process.exit(code));
