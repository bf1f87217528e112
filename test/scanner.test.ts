// The Markdown scanner's cost grows linearly with hostile input: long runs that
// made its line patterns backtrack (spaces before a U+2028, dashes, asterisks,
// unclosed comments and code spans) are read at 16 KB and at 1 MB, and the
// time may grow at most a few times more than the size. A ratio measured in one
// run, not a time: the machine's speed cancels out.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { indexedService, uriOf } from './support';

const SMALL = 16 * 1024;
const LARGE = 1024 * 1024;
/**
 * Linear growth gives a ratio near 1 (up to 2 or 3 when the large text no longer
 * fits the processor's caches, more on a busy machine); quadratic gives 64 at these sizes.
 */
const MAX_GROWTH = 8;

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
  'unfinished links, no space: [a](x repeated': (n) => '[a](x'.repeat(n / 5),
  'unfinished links with parentheses: [a](x( repeated': (n) => '[a](x('.repeat(n / 6),
  'unfinished angle destinations: [a](<x repeated': (n) => '[a](<x'.repeat(n / 6),
  'unclosed titles: [a](x "t repeated': (n) => '[a](x "t'.repeat(n / 8),
  'openers, then closers': (n) => `${'['.repeat(n / 2)}${']'.repeat(n / 2)}`,
  'unfinished labels: [a][b repeated': (n) => '[a][b'.repeat(n / 5),
  'references to a definition, repeated': (n) => `[r]: x.md\n\n${'[r] '.repeat(n / 4)}\n`,
  'images holding links, repeated': (n) => `${'![a '.repeat(n / 8)}${'[b](c) '.repeat(n / 8)}`,
};

describe('the scanner on hostile input grows linearly', async () => {
  const { service } = await indexedService({});
  // One document edited again and again: the workspace does not grow between timings.
  const uri = uriOf('rca/2025/hostile.md');
  let version = 0;
  const diagnose = (text: string) => {
    service.diagnose(service.openDocument(uri, ++version, text));
  };
  /** Per diagnosis, the fastest of five timings of each text, taken in turns so that a busy machine slows both alike. */
  const fastest = (small: string, large: string) => {
    const best = { small: Infinity, large: Infinity };
    const time = (text: string, repeat: number) => {
      const start = performance.now();
      for (let i = 0; i < repeat; i++) diagnose(text);
      return (performance.now() - start) / repeat;
    };
    for (let round = 0; round < 5; round++) {
      // The small text is diagnosed as often as the large one is longer, so both timings are long enough to trust.
      best.small = Math.min(best.small, time(small, LARGE / SMALL));
      best.large = Math.min(best.large, time(large, 1));
    }
    return best;
  };

  for (const [name, make] of Object.entries(PATTERNS)) {
    test(name, (t) => {
      const small = make(SMALL);
      const large = make(LARGE);
      diagnose(small); // warm up
      const best = fastest(small, large);
      const growth = best.large / best.small / (large.length / small.length);
      t.diagnostic(`growth ${growth.toFixed(2)}`);
      assert.ok(growth < MAX_GROWTH, `time grew ${growth.toFixed(1)} times faster than the size`);
    });
  }
});
