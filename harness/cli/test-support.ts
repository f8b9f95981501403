/** Tests run the CLI in-process as a user would type it: the exit code and everything it printed. */
import { main } from '../cli.js';

export interface Captured {
  code: number;
  /** Lines printed to stdout, joined with newlines. */
  out: string;
  err: string;
}

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTty: false, env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
