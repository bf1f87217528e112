// The outline. An editor without a Markdown outline of its own gets the headings
// and the timeline events as document symbols. VS Code shows one outline tree per
// symbol provider and its built-in Markdown one lists the headings: there the
// server declares no outline (a second tree would repeat every heading), and the
// timeline events come in rca/metrics, for the RCA Timeline view.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { DocumentSymbol, SymbolInformation } from 'vscode-languageserver-protocol';
import { METRICS_REQUEST, type MetricsResult } from '../shared/protocol';
import { InProcessSession, LspSession } from './lspSession';
import { EXAMPLE, SEED_PATH } from './support';

const SEED_LINES = readFileSync(join(EXAMPLE, SEED_PATH), 'utf8').split('\n');
const EVENTS: [string, string | undefined][] = [
  ['20:05 Monitoring alert triggered', 'detected'],
  ['20:07 On-call engineer paged', 'acknowledged'],
  ['20:10 Initial investigation started', 'acknowledged'],
  ['20:15 Root cause identified', 'identified'],
  ['20:48 Mitigation applied', 'mitigated'],
  ['21:02 Service recovery observed', 'recovered'],
  ['21:17 Incident resolved', 'resolved'],
];
const lineOfEvent = (name: string) => SEED_LINES.findIndex((l) => l.startsWith(`| ${name.replace(' ', ' | ')} |`));

describe('the outline', () => {
  test('over stdio, an editor without a Markdown outline gets each heading once, and the timeline events under Timeline', async () => {
    const session = await LspSession.start({ settings: {} });
    try {
      assert.equal(session.capabilities.documentSymbolProvider, true);
      await session.openFile(SEED_PATH);
      const symbols = await session.request<DocumentSymbol[]>('textDocument/documentSymbol', SEED_PATH);
      const all = (list: DocumentSymbol[]): DocumentSymbol[] => list.flatMap((s) => [s, ...all(s.children ?? [])]);
      const headings = SEED_LINES.filter((l) => /^#{1,6} /.test(l)).map((l) => l.replace(/^#+ /, '').trim());
      assert.deepEqual(all(symbols).filter((s) => s.kind !== 24).map((s) => s.name), headings);
      const timeline = all(symbols).find((s) => s.name === 'Timeline')!;
      assert.deepEqual(timeline.children!.map((s) => [s.name, s.detail, s.range.start.line]), EVENTS.map(([name, milestone]) => [name, milestone, lineOfEvent(name)]));
    } finally {
      await session.close();
    }
  });

  test("workspace symbols: headings in other editors; in VS Code, whose built-in Markdown lists every heading, RCAs and services only", async () => {
    const kindsOf = async (markdown: object | undefined) => {
      const session = await InProcessSession.start({ settings: {}, markdown });
      try {
        const symbols = await session.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: 'recommendation' });
        return new Set(symbols.map((s) => s.kind));
      } finally {
        await session.close();
      }
    };
    // 1: an RCA's file, 2: a service, 15: a heading.
    assert.deepEqual([...(await kindsOf(undefined))].sort((a, b) => a - b), [1, 2, 15]);
    assert.deepEqual([...(await kindsOf({}))].sort((a, b) => a - b), [1, 2]);
  });

  test('in VS Code (its built-in Markdown outline), the server declares none; rca/metrics lists the timeline events', async () => {
    const session = await InProcessSession.start({ settings: {}, markdown: {} });
    try {
      assert.ok(!session.capabilities.documentSymbolProvider, 'a second outline tree beside the built-in one');
      const uri = await session.openFile(SEED_PATH);
      const metrics = await session.connection.sendRequest<MetricsResult>(METRICS_REQUEST.method, { uri });
      assert.deepEqual(metrics?.events.map((e) => [e.name, e.milestone, e.line]), EVENTS.map(([name, milestone]) => [name, milestone, lineOfEvent(name)]));
    } finally {
      await session.close();
    }
  });
});
