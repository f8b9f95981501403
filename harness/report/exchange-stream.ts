/**
 * `--keep-exchanges`: every exchange of the run, one JSON object per line in `exchanges.ndjson`, written as it is
 * recorded — the reports keep only what evidence points at once a scenario passes its budget, this file keeps all.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Exchange } from '../model.js';

export const EXCHANGES_FILE = 'exchanges.ndjson';

export interface ExchangeStream {
  file: string;
  /** Appends one exchange (its parsed bodies left out: the text is there). */
  write(exchange: Exchange): void;
  /** How many were written. */
  readonly written: number;
  close(): void;
}

/**
 * Opens (truncating) `<outDir>/exchanges.ndjson` (or another `name`: report.har's spool is one too). Writes are
 * synchronous: an exchange is a few KB and the runner records thousands a second, which a buffered stream would let
 * pile up in memory on a slow disk.
 */
export function openExchangeStream(outDir: string, name = EXCHANGES_FILE): ExchangeStream {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, name);
  const fd = openSync(file, 'w');
  let written = 0;
  let open = true;
  return {
    file,
    write(exchange) {
      if (!open) return;
      const { requestJson: _request, responseJson: _response, ...rest } = exchange;
      writeSync(fd, `${JSON.stringify(rest)}\n`);
      written += 1;
    },
    get written() {
      return written;
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}
