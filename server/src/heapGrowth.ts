// The server runs with a slowly growing heap (SERVER_NODE_FLAGS' --heap-growing-percent):
// it keeps a session of 100,000 files under 500 MB. Building the index in one go at a
// start keeps nearly all it allocates, and at that growth the old generation is
// collected a dozen times on the way up. Meanwhile the heap may grow faster between
// collections; the first collection after the build brings it back to the slow growth.
import { setFlagsFromString } from 'node:v8';
import type { Disposable } from './core/workspace';

/**
 * How much the old generation may grow past what it kept, in percent, while the index is
 * built. At 100,000 files a warm start takes a tenth less time; at 100%, the headroom left
 * after the build took a warm session's peak RSS past 500 MB in two runs of eleven.
 */
export const INDEXING_HEAP_GROWTH = 60;

const GROWTH_FLAG = /^--heap[-_]growing[-_]percent=(\d+)$/;

/**
 * The heap growth the process was started with, in percent: the last
 * --heap-growing-percent of NODE_OPTIONS then the command line (Node passes them
 * to V8 in that order, and the last one counts); undefined when none was given.
 */
export function startingHeapGrowth(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): number | undefined {
  let percent: number | undefined;
  for (const arg of [...nodeOptions.split(/\s+/), ...execArgv]) {
    const match = GROWTH_FLAG.exec(arg);
    if (match) percent = Number(match[1]);
  }
  return percent;
}

/**
 * Lets the heap grow by INDEXING_HEAP_GROWTH until disposed, then puts back the
 * growth the process was started with. Nothing changes for a process started
 * without one (V8 then sizes its growth itself) or with a faster one.
 * `setFlags`: V8's, given in tests.
 */
export function fasterHeapGrowth(starting = startingHeapGrowth(), setFlags: (flags: string) => void = setFlagsFromString): Disposable {
  if (starting === undefined || starting >= INDEXING_HEAP_GROWTH) return { dispose() {} };
  setFlags(`--heap-growing-percent=${INDEXING_HEAP_GROWTH}`);
  let restored = false;
  return {
    dispose() {
      if (restored) return;
      restored = true;
      setFlags(`--heap-growing-percent=${starting}`);
    },
  };
}
