// Scheduling in the server: work over many files gives way to requests, each
// document version is analysed once, edits are coalesced, cancellation is honoured.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { LSPErrorCodes } from 'vscode-languageserver-protocol';
import type { RcaDiagnostic } from '../server/src/core/diagnostics';
import type { RcaDocument } from '../server/src/core/model';
import { RcaService } from '../server/src/core/service';
import { DEFAULT_SETTINGS } from '../server/src/core/settings';
import { RULE_SETS } from '../server/src/rules';
import { DASHBOARD_EXPORT_REQUEST, DASHBOARD_REQUEST, LINT_WORKSPACE_REQUEST, METRICS_REQUEST, NEW_RCA_CHOICES_REQUEST, NEW_RCA_REQUEST } from '../shared/protocol';
import { InProcessSession, NODE_HOST } from './lspSession';
import { MemoryWorkspace, SEED_PATH, seedText, uriOf } from './support';

const DURATION = { line: 7, character: 19 }; // in `duration_minutes: 72`
/** The value `72` of `duration_minutes`, as an edit range. */
const DURATION_VALUE = { start: { line: 7, character: 18 }, end: { line: 7, character: 20 } };

/** The seed with a Root Cause of about 600 KB: its analysis is costly enough for edits to be coalesced. */
const largeSeedText = () => seedText().replace('## Root Cause\n', `## Root Cause\n\n${'The cache layer was slow under load.\n'.repeat(16_000)}\n`);

/** Counts the analyses (rule runs) of each document version. */
class CountingService extends RcaService {
  readonly runs = new Map<string, number>();

  protected override analyse(doc: RcaDocument): RcaDiagnostic[] {
    const key = `${doc.uri}@${doc.version}`;
    this.runs.set(key, (this.runs.get(key) ?? 0) + 1);
    return super.analyse(doc);
  }
}

describe('scheduling', () => {
  test('a hover on a clean document is answered while the workspace is being indexed', async () => {
    const files: Record<string, string> = { 'notes/clean.md': '# Clean\n\nNothing to see.\n' };
    for (let i = 0; i < 2000; i++) files[`rca/bulk/incident-${i}.md`] = seedText();
    const memory = new MemoryWorkspace(files);
    const session = await InProcessSession.start({ root: '/ws', indexing: true }, { createWorkspace: () => memory });
    try {
      const order: string[] = [];
      const indexed = session.until(() => session.progress.some((p) => p.kind === 'end'), 'indexing to finish').then(() => order.push('indexed'));
      const uri = session.uri('notes/clean.md');
      await session.open(uri, files['notes/clean.md']);
      const hover = session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } }).then(() => order.push('hover'));
      await Promise.all([hover, indexed]);
      assert.deepEqual(order, ['hover', 'indexed']);
    } finally {
      await session.close();
    }
  });

  test('a hover is answered while a batch of 2,000 files created on disk (a branch switch) is indexed', async () => {
    const memory = new MemoryWorkspace({ 'notes/clean.md': '# Clean\n\nNothing to see.\n' });
    let service!: RcaService;
    const session = await InProcessSession.start({ root: '/ws' }, { createWorkspace: () => memory, createService: (workspace, settings) => (service = new RcaService(workspace, RULE_SETS, settings)) });
    try {
      const uri = session.uri('notes/clean.md');
      await session.open(uri, '# Clean\n\nNothing to see.\n');
      const order: string[] = [];
      const indexed = new Promise<void>((resolve) => service.onDidIndexSavedFiles(() => resolve(void order.push('indexed'))));
      const created = Array.from({ length: 2000 }, (_, i) => uriOf(`rca/bulk/incident-${i}.md`));
      for (const file of created) memory.files.set(file, seedText());
      memory.fireChanges(created.map((file) => ({ uri: file, kind: 'created' })));
      await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
      order.push('hover');
      await indexed;
      assert.deepEqual(order, ['hover', 'indexed']);
      assert.equal(service.index.size, 2001);
    } finally {
      await session.close();
    }
  });

  test('file events apply in the order they came, though a batch waits on a read', async () => {
    const x = uriOf('notes/x.md');
    const y = uriOf('notes/y.md');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    /** Reading y waits for the gate. */
    class GatedWorkspace extends MemoryWorkspace {
      override async readFile(uri: string, maxBytes?: number) {
        if (uri === y) await gate;
        return super.readFile(uri, maxBytes);
      }
    }
    const memory = new GatedWorkspace({ 'notes/x.md': '# X\n', 'notes/y.md': '# Y\n' });
    const service = new RcaService(memory, RULE_SETS, DEFAULT_SETTINGS);
    memory.files.set(y, '# Y again\n');
    // y changed and x deleted, then x written again: x is on disk at the end.
    const first = service.applyFileChanges([{ uri: y, kind: 'changed' }, { uri: x, kind: 'deleted' }]);
    const second = service.applyFileChanges([{ uri: x, kind: 'created' }]);
    // Every turn the second batch could take before the first reads y.
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await Promise.all([first, second]);
    assert.ok(service.index.get(x), 'x is indexed');
    assert.equal(service.index.get(y)?.headings[0]?.text, 'Y again');
  });

  describe('with pull diagnostics', () => {
    let session: InProcessSession;
    let service: CountingService;
    let uri: string;
    before(async () => {
      session = await InProcessSession.start({ pull: true }, { ...NODE_HOST, createService: (workspace, settings) => (service = new CountingService(workspace, RULE_SETS, settings)) });
      uri = session.uri(SEED_PATH);
    });
    after(() => session.close());

    /** The three requests that read a version's diagnostics. */
    async function readDiagnostics(): Promise<void> {
      const range = { start: { line: 0, character: 0 }, end: DURATION };
      await Promise.all([
        session.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } }),
        session.connection.sendRequest(METRICS_REQUEST.method, { uri }),
        session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } }),
      ]);
    }

    test('pull diagnostics, metrics and code actions share one analysis per version', async () => {
      const text = seedText();
      await session.open(uri, text);
      await readDiagnostics();
      await readDiagnostics();
      assert.equal(service.runs.get(`${uri}@1`), 1);

      await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: text.replace('duration_minutes: 72', 'duration_minutes: 80') }] });
      await readDiagnostics();
      assert.equal(service.runs.get(`${uri}@2`), 1);
    });

    test('pulls interleaved with a burst of edits to a large RCA are answered for the last version only', async () => {
      const text = largeSeedText();
      await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text }] });
      await session.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
      const pulls: Promise<unknown>[] = [];
      for (let version = 4; version <= 8; version++) {
        void session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: DURATION_VALUE, text: String(70 + version) }] });
        pulls.push(session.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } }));
      }
      const reports = (await Promise.all(pulls)) as { items: { message: string }[] }[];
      for (const report of reports) assert.match(report.items.map((d) => d.message).join('\n'), /\b78\b/);
      assert.deepEqual([4, 5, 6, 7, 8].map((v) => service.runs.get(`${uri}@${v}`) ?? 0), [0, 0, 0, 0, 1]);
    });

    test('pulls after edits to a small RCA are answered at once, each for the version it follows', async () => {
      const small = session.uri('rca/2025/small.md');
      const text = seedText();
      await session.open(small, text);
      for (let version = 2; version <= 4; version++) {
        void session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: small, version }, contentChanges: [{ range: DURATION_VALUE, text: String(80 + version) }] });
        const report = (await session.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: small } })) as { items: { message: string }[] };
        assert.match(report.items.map((d) => d.message).join('\n'), new RegExp(`\\b${80 + version}\\b`));
      }
    });

    test('every request cancelled by the client answers RequestCancelled', async () => {
      const textDocument = { uri };
      const position = DURATION;
      const range = { start: position, end: position };
      const requests: [string, object][] = [
        ['textDocument/diagnostic', { textDocument }],
        ['textDocument/hover', { textDocument, position }],
        ['textDocument/completion', { textDocument, position }],
        ['textDocument/definition', { textDocument, position }],
        ['textDocument/references', { textDocument, position, context: { includeDeclaration: true } }],
        ['textDocument/prepareRename', { textDocument, position }],
        ['textDocument/rename', { textDocument, position, newName: 'x' }],
        ['textDocument/documentLink', { textDocument }],
        ['textDocument/documentSymbol', { textDocument }],
        ['textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }],
        ['textDocument/codeLens', { textDocument }],
        ['textDocument/inlayHint', { textDocument, range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } } }],
        ['workspace/symbol', { query: 'cache' }],
        ['workspace/willRenameFiles', { files: [{ oldUri: uri, newUri: session.uri('rca/2025/renamed.md') }] }],
        [METRICS_REQUEST.method, { uri }],
        [LINT_WORKSPACE_REQUEST.method, {}],
        [DASHBOARD_REQUEST.method, { filter: {} }],
        [DASHBOARD_EXPORT_REQUEST.method, { filter: {}, format: 'json', partialResultToken: 'cancelled-export' }],
        [NEW_RCA_CHOICES_REQUEST.method, {}],
        [NEW_RCA_REQUEST.method, { title: 'Cancelled', service: 'billing-api', severity: 'P3' }],
      ];
      const answers = await Promise.all(
        requests.map(async ([method, params]) => {
          const source = new CancellationTokenSource();
          const answer = session.connection.sendRequest(method, params, source.token);
          source.cancel();
          return answer.then(
            () => `${method}: answered`,
            (error: unknown) => `${method}: ${error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled ? 'cancelled' : String(error)}`,
          );
        }),
      );
      assert.deepEqual(answers, requests.map(([method]) => `${method}: cancelled`));
    });
  });

  test('a burst of 100 edits to a large RCA publishes diagnostics about once, last for the last version', async () => {
    const session = await InProcessSession.start();
    try {
      const uri = await session.openFile(SEED_PATH, largeSeedText());
      const first = session.publications.length;
      for (let version = 2; version <= 101; version++) {
        const duration = version === 101 ? 80 : 72 + (version % 2);
        void session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: DURATION_VALUE, text: String(duration) }] });
      }
      const diagnostics = await session.diagnosticsOf(uri, 101);
      assert.deepEqual(diagnostics.map((d) => d.code), ['duration-mismatch', 'summary-mismatch']);
      // Usually once. Each stall of the server between two of the edits longer than an analysis
      // takes adds one (a loaded machine stalls it several times); without coalescing it is a hundred.
      const published = session.publications.slice(first).map((p) => `${p.uri === uri ? 'seed' : p.uri} v${p.version}`);
      assert.equal(published.at(-1), 'seed v101');
      assert.ok(published.length <= 10, published.join(', '));
    } finally {
      await session.close();
    }
  });
});
