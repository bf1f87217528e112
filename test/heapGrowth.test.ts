// The Node server's heap grows faster while it builds its index, and as slowly as it
// was started with afterwards: fewer full collections while a start keeps what it reads.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { build } from 'esbuild';
import { fasterHeapGrowth, INDEXING_HEAP_GROWTH, startingHeapGrowth } from '../server/src/heapGrowth';
import { RcaService } from '../server/src/core/service';
import { RULE_SETS } from '../server/src/rules';
import { temporaryFolders } from './indexFixtures';
import { MemoryWorkspace, REPO } from './support';

const tempDir = temporaryFolders();

type Growth = 'as started' | 'faster' | 'restored';

/**
 * Writes, once, a script that prints the full (mark-compact) collections while a process
 * started with a heap growth of 10% comes to keep 200 MB: as started, under
 * fasterHeapGrowth, or after it was disposed (its argument). Gives what runs it.
 */
async function fullCollectionsDriver(): Promise<(growth: Growth) => Promise<number>> {
  const dir = tempDir('rca-heap-growth-');
  const module = join(dir, 'heapGrowth.js');
  await build({ entryPoints: [join(REPO, 'server/src/heapGrowth.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: module, logLevel: 'silent' });
  const driver = join(dir, 'driver.js');
  writeFileSync(
    driver,
    `
    const { fasterHeapGrowth } = require(${JSON.stringify(module)});
    const { PerformanceObserver, constants } = require('node:perf_hooks');
    let full = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) full++; }).observe({ entryTypes: ['gc'] });
    const mode = process.argv[2];
    const growth = mode === 'as started' ? undefined : fasterHeapGrowth();
    if (mode === 'restored') growth.dispose();
    const kept = [];
    // About a megabyte kept at each step.
    for (let i = 0; i < 200 * 16; i++) kept.push(Array.from({ length: 1000 }, (_, n) => ({ n, text: 'x' + n })));
    // GC entries reach the observer a turn later.
    setImmediate(() => setImmediate(() => console.log(full)));
    `,
  );
  return async (growth) => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--heap-growing-percent=10', '--max-semi-space-size=2', driver, growth], { env: { ...process.env, NODE_OPTIONS: '' } });
    return Number(stdout);
  };
}

describe('heap growth while indexing', () => {
  test('the growth a process was started with is its last --heap-growing-percent, the command line after NODE_OPTIONS', () => {
    assert.equal(startingHeapGrowth([], ''), undefined);
    assert.equal(startingHeapGrowth(['--max-semi-space-size=2', '--heap-growing-percent=30'], ''), 30);
    assert.equal(startingHeapGrowth(['--heap_growing_percent=40'], '--heap-growing-percent=20'), 40);
    assert.equal(startingHeapGrowth([], '--inspect  --heap-growing-percent=20'), 20);
    assert.equal(startingHeapGrowth(['--heap-growing-percent=30', '--heap-growing-percent=50'], ''), 50);
    assert.equal(startingHeapGrowth(['--heap-growing-percent=x'], ''), undefined);
    assert.ok(INDEXING_HEAP_GROWTH > 30);
  });

  test('V8 collects the heap in full less often while it grows faster, and as often as before once that ends', async () => {
    const fullCollections = await fullCollectionsDriver();
    // What V8 does depends on what is allocated, not on when: the three can run at once.
    const [asStarted, faster, restored] = await Promise.all([fullCollections('as started'), fullCollections('faster'), fullCollections('restored')]);
    // From V8's first limit (about 64 MB) to 200 MB: about twelve collections at 10%, two or three at 60%.
    assert.ok(asStarted >= 8, `${asStarted} full collections as started`);
    assert.ok(faster <= asStarted / 2, `${faster} full collections while growing faster, against ${asStarted}`);
    assert.ok(Math.abs(restored - asStarted) <= asStarted / 4, `${restored} full collections once the faster growth ended, against ${asStarted}`);
  });

  test('only a growth the process was started with, and slower than while indexing, is changed and put back once', () => {
    const flags: string[] = [];
    const set = (flag: string) => flags.push(flag);
    const growth = fasterHeapGrowth(30, set);
    assert.deepEqual(flags, [`--heap-growing-percent=${INDEXING_HEAP_GROWTH}`]);
    growth.dispose();
    growth.dispose();
    assert.deepEqual(flags, [`--heap-growing-percent=${INDEXING_HEAP_GROWTH}`, '--heap-growing-percent=30']);
    flags.length = 0;
    fasterHeapGrowth(undefined, set).dispose();
    fasterHeapGrowth(INDEXING_HEAP_GROWTH, set).dispose();
    fasterHeapGrowth(200, set).dispose();
    assert.deepEqual(flags, []);
  });

  test('the service asks for it while it builds the index, and ends it when the build ends or fails', async () => {
    const events: string[] = [];
    class Recording extends MemoryWorkspace {
      indexing() {
        events.push('indexing');
        return { dispose: () => events.push('indexed') };
      }
      override async readFile(uri: string, maxBytes?: number) {
        // The catalog is read before the index is built.
        if (uri.endsWith('.md')) events.push('read');
        return super.readFile(uri, maxBytes);
      }
    }
    const workspace = new Recording({ 'a.md': '# A\n', 'b.md': '# B\n[[a]]\n' });
    await new RcaService(workspace, RULE_SETS).indexWorkspace();
    assert.deepEqual(events, ['indexing', 'read', 'read', 'indexed']);

    events.length = 0;
    const failing = new Recording({ 'a.md': '# A\n' });
    failing.listMarkdownFiles = () => Promise.reject(new Error('the folder went away'));
    await assert.rejects(new RcaService(failing, RULE_SETS).indexWorkspace(), /the folder went away/);
    assert.deepEqual(events, ['indexing', 'indexed']);
  });
});
