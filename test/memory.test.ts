// A language server lives for days: 10,000 edits of one document and 1,000
// open/close cycles must leave its memory where it was. Peak RSS (VmHWM) of the
// real server process over stdio, after a warm-up, then after the run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { LspSession } from './lspSession';
import { SEED_PATH, seedText } from './support';

const DURATION_LINE = 7;
/** Growth allowed after the warm-up: V8 settles its heap sizes, nothing accumulates. */
const TOLERANCE_MB = 20;

function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

describe('memory over a long session', { skip: process.platform !== 'linux' && 'reads /proc' }, () => {
  let session: LspSession;
  before(async () => {
    session = await LspSession.start();
  });
  after(() => session.close());

  test('10,000 edits of one document keep peak RSS flat', { timeout: 120_000 }, async () => {
    const uri = await session.openFile(SEED_PATH);
    let version = 1;
    const edit = async (count: number) => {
      for (let i = 0; i < count; i++) {
        version++;
        // Each keystroke makes a new text: gray-matter must not keep every one of them.
        const minutes = String(10 + (version % 89));
        await session.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version },
          contentChanges: [{ range: { start: { line: DURATION_LINE, character: 18 }, end: { line: DURATION_LINE, character: 20 } }, text: minutes.padStart(2, '0') }],
        });
      }
      await session.diagnosticsOf(uri, version);
    };
    await edit(1000);
    const warm = memoryMb(session.process.pid!);
    await edit(9000);
    const end = memoryMb(session.process.pid!);
    process.stdout.write(`# 10,000 edits: peak RSS ${warm.peak.toFixed(0)} MB after 1,000, ${end.peak.toFixed(0)} MB after 10,000 (RSS ${end.rss.toFixed(0)} MB)\n`);
    assert.ok(end.peak - warm.peak < TOLERANCE_MB, `peak RSS grew from ${warm.peak.toFixed(1)} to ${end.peak.toFixed(1)} MB`);
  });

  test('1,000 open/close cycles (in and outside the workspace) keep peak RSS flat', { timeout: 120_000 }, async () => {
    const text = seedText();
    const cycle = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        // Half are files of the workspace, half are documents from elsewhere with new URIs each time.
        const uri = i % 2 ? session.uri(`rca/2025/cycle-${i % 10}.md`) : `file:///elsewhere/cycle-${i}.md`;
        await session.open(uri, text.replace('72 minutes', `${i} minutes`));
        await session.diagnosticsOf(uri, 1, () => true);
        await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
        session.forget(uri);
      }
    };
    await cycle(0, 100);
    const warm = memoryMb(session.process.pid!);
    await cycle(100, 1100);
    const end = memoryMb(session.process.pid!);
    process.stdout.write(`# 1,000 open/close cycles: peak RSS ${warm.peak.toFixed(0)} MB after 100, ${end.peak.toFixed(0)} MB after 1,100 (RSS ${end.rss.toFixed(0)} MB)\n`);
    assert.ok(end.peak - warm.peak < TOLERANCE_MB, `peak RSS grew from ${warm.peak.toFixed(1)} to ${end.peak.toFixed(1)} MB`);
    // Closed documents from outside the workspace leave the index.
    const symbols = await session.connection.sendRequest<{ location: { uri: string } }[]>('workspace/symbol', { query: 'Cache Invalidation' });
    assert.ok(!symbols.some((s) => s.location.uri.startsWith('file:///elsewhere/')), 'closed outside documents still indexed');
  });
});
