/** `--report har`: report.har, every exchange of the run as HAR 1.2 with `_idp`, `_scenario`, `_label`, in the format `record` captures. */
// Reports keep only some exchanges of a long scenario, so the run streams every one to a spool file as it happens
// and the report is written from that, one entry at a time; without a spool (merge-reports, the library's
// writeReports) it holds what the run kept.
import { createReadStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Exchange, RunResult } from '../model.js';
import { exchangeToEntry, type HarEntry } from '../har/har.js';
import { createRedactor, type Redactor } from '../har/redact.js';
import { openExchangeStream, type ExchangeStream } from './exchange-stream.js';
import { writeHarStream } from '../har/write.js';
import type { Reporter } from './reporter.js';

export const HAR_REPORT_FILE = 'report.har';
/** The spool beside the reports while the run goes; removed once report.har is written from it. */
export const HAR_SPOOL_FILE = '.report.har.ndjson';

/** An exchange stream (exchange-stream.ts) into the spool file. */
export type HarSpool = ExchangeStream;

export interface HarSpoolOptions {
  /** Secrets to replace wherever they appear (an external target's token), besides the redacted Authorization header. */
  tokens?: string[];
}

/** What report.har is written from, per run: attached by the CLI before the reports are written. */
const spools = new WeakMap<RunResult, { spool: HarSpool; options: HarSpoolOptions }>();

/** Opens (truncating) the spool in `outDir`; written synchronously, as exchange-stream.ts says why. */
export function openHarSpool(outDir: string): HarSpool {
  return openExchangeStream(outDir, HAR_SPOOL_FILE);
}

/** Makes `harReporter` write this run's report.har from the spool (closed by then) instead of the kept exchanges. */
export function attachHarSpool(run: RunResult, spool: HarSpool, options: HarSpoolOptions = {}): void {
  spools.set(run, { spool, options });
}

async function* spooled(file: string): AsyncGenerator<Exchange> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    yield { ...(JSON.parse(line) as Omit<Exchange, 'requestJson' | 'responseJson'>), requestJson: undefined, responseJson: undefined };
  }
}

function* kept(run: RunResult): Generator<Exchange> {
  for (const scenario of run.scenarios) yield* scenario.exchanges;
}

async function* entries(exchanges: AsyncIterable<Exchange> | Iterable<Exchange>, redactor: Redactor): AsyncGenerator<HarEntry> {
  for await (const exchange of exchanges) yield redactor.entry(exchangeToEntry(exchange));
}

export const harReporter: Reporter = {
  format: 'har',
  async write(run, outDir) {
    const file = join(outDir, HAR_REPORT_FILE);
    const attached = spools.get(run);
    // Headers are already redacted as recorded; this adds the token wherever else it shows, and passwords, as `record` does.
    const redactor = createRedactor({ tokens: attached?.options.tokens ?? [] });
    const comment = `scim-conformance run ${run.runId} against ${run.target.kind === 'embedded' ? 'the embedded reference provider' : redactor.text(run.target.url)}`;
    if (attached) {
      attached.spool.close();
      await writeHarStream(file, entries(spooled(attached.spool.file), redactor), run.tool.version, comment);
      rmSync(attached.spool.file, { force: true });
    } else {
      await writeHarStream(file, entries(kept(run), redactor), run.tool.version, `${comment} (the exchanges the report kept)`);
    }
    return [file];
  },
};
