/**
 * Keeps a long run's heap near what it holds. V8 sizes its heap for the machine (a 24 GB one lets the old
 * generation grow to gigabytes before a full collection), so a 100,000-user run that holds ~330 MB peaked at
 * 1.3 GB of garbage (issue 12). Past a floor, when the heap has grown well beyond what the last full
 * collection left, the governor asks V8 for one; below the floor it does nothing, so ordinary runs never pay.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Below this much heap in use nothing is collected early: V8's own pacing is fine there. */
const FLOOR_BYTES = 256 * 1024 * 1024;
/** How far past the last full collection's live heap the heap may grow before the next. */
const GROWTH = 1.4;

type Collect = () => void;

let collect: Collect | undefined | null;

/**
 * V8's `gc`, exposed for this process the way test runners do (`--expose-gc` set, then read from a fresh
 * context); null when the runtime refuses, and then the governor does nothing.
 */
function collector(): Collect | null {
  if (collect !== undefined) return collect;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    collect = typeof gc === 'function' ? (gc as Collect) : null;
  } catch {
    collect = null;
  }
  return collect;
}

export class HeapGovernor {
  private live = 0;
  /** Full collections asked for (heap-governor.test.ts reads them). */
  collections = 0;

  constructor(private readonly floor = FLOOR_BYTES) {}

  /** Called now and then (every {@link EVERY} exchanges): collects when the heap has grown past its bound. */
  tick(): void {
    const used = getHeapStatistics().used_heap_size;
    if (used < this.floor || used < this.live * GROWTH) return;
    const gc = collector();
    if (!gc) return;
    gc();
    this.collections += 1;
    this.live = getHeapStatistics().used_heap_size;
  }
}

/** One per process: the heap is the process's, whichever scenario fills it. */
const shared = new HeapGovernor();
/** How many exchanges go by between looks at the heap (a look costs ~1 µs; 250 exchanges, under 0.1 s of a long run). */
const EVERY = 250;
let sinceLook = 0;

/** Counts an exchange; every 250th looks at the heap. */
export function noteExchange(): void {
  sinceLook += 1;
  if (sinceLook < EVERY) return;
  sinceLook = 0;
  shared.tick();
}
