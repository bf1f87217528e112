// The Markdown scanner's cost grows linearly with hostile input: long runs that
// made its line patterns backtrack (spaces before a U+2028, dashes, asterisks,
// unclosed comments and code spans) are read at 16 KB and at 256 KB, and the
// time may grow at most a few times more than the size. A ratio measured in one
// run, not a time: the machine's speed cancels out.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { indexedService, uriOf } from './support';

const SMALL = 16 * 1024;
const LARGE = 256 * 1024;
/** Linear growth gives a ratio near 1; quadratic gives 16 at these sizes. */
const MAX_GROWTH = 4;

/** Each pattern at about `size` characters, in an RCA section that reads it. */
const PATTERNS: Record<string, (size: number) => string> = {
  'heading, spaces, U+2028': (n) => `# a${' '.repeat(n)}\u2028x\n`,
  'heading, spaces, lone CR': (n) => `# a${' '.repeat(n)}\rx\n`,
  'Affected Services item, spaces, U+2028': (n) => `## Impact\n### Affected Services\n-${' '.repeat(n)}\u2028x\n`,
  'Affected Services item with text, spaces, U+2028': (n) => `## Impact\n### Affected Services\n- a${' '.repeat(n)}\u2028x\n`,
  'table row, then |--- and spaces and x': (n) => `## Timeline\n| a |\n|---${' '.repeat(n)}x\n`,
  '<!-- rca-disable repeated, never closed': (n) => '<!-- rca-disable'.repeat(n / 16),
  'x <!-- rca-disable repeated on a line': (n) => 'x <!-- rca-disable'.repeat(n / 18),
  'x <!-- repeated on a line': (n) => 'x <!--'.repeat(n / 6),
  'backtick runs of every length, unclosed': (n) => {
    let text = 'x ';
    for (let run = 1; text.length < n; run++) text += `${'`'.repeat(run)} `;
    return text;
  },
  'footer, asterisks, then a word': (n) => `RCA prepared by a on${'*'.repeat(n)} b\n`,
  'footer, a space, asterisks, then a word': (n) => `RCA prepared by a on ${'*'.repeat(n)} b\n`,
  'many lines opening a comment': (n) => 'a <!-- b\n'.repeat(n / 9),
};

describe('the scanner on hostile input grows linearly', async () => {
  const { service } = await indexedService({});
  // One document edited again and again: the workspace does not grow between timings.
  const uri = uriOf('rca/2025/hostile.md');
  let version = 0;
  const diagnose = (text: string) => {
    service.diagnose(service.openDocument(uri, ++version, text));
  };
  /** The fastest of five timings of `repeat` diagnoses, per diagnosis. */
  const time = (text: string, repeat: number) => {
    let best = Infinity;
    for (let round = 0; round < 5; round++) {
      const start = performance.now();
      for (let i = 0; i < repeat; i++) diagnose(text);
      best = Math.min(best, (performance.now() - start) / repeat);
    }
    return best;
  };

  for (const [name, make] of Object.entries(PATTERNS)) {
    test(name, (t) => {
      const small = make(SMALL);
      const large = make(LARGE);
      diagnose(small); // warm up
      // The small input is timed as often as the large one is longer, so both timings are long enough to trust.
      const growth = time(large, 1) / time(small, LARGE / SMALL) / (large.length / small.length);
      t.diagnostic(`growth ${growth.toFixed(2)}`);
      assert.ok(growth < MAX_GROWTH, `time grew ${growth.toFixed(1)} times faster than the size`);
    });
  }
});
