/**
 * The provider CLI with a memory probe for the soak: an IPC `measure` message is answered with
 * process.memoryUsage() taken after full garbage collections (node --expose-gc), so samples compare live
 * data rather than whenever V8 last collected.
 */
import { main } from '../../../provider/cli-main.js';

export interface MemoryReport {
  kind: 'memory';
  collected: boolean;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

process.on('message', (message) => {
  if (message !== 'measure') return;
  // Twice: the first pass can leave objects that only a finalizer of the first made unreachable.
  gc?.();
  gc?.();
  const { heapUsed, external, arrayBuffers, rss } = process.memoryUsage();
  const report: MemoryReport = { kind: 'memory', collected: gc !== undefined, heapUsed, external, arrayBuffers, rss };
  process.send?.(report);
});
// The soak that started this process is gone: do not outlive it.
process.on('disconnect', () => process.exit(0));

const code = await main(process.argv.slice(2));
if (code !== 0) process.exit(code);
