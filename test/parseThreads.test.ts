// Parsing on worker threads at a cold start: the index, diagnostics, search and
// backlinks equal those of a start that parses every file on the server's thread;
// a thread that stops or fails on a file leaves its files to the server's thread;
// requests are answered while the threads parse.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { SymbolInformation, Location } from 'vscode-languageserver';
import { RcaService } from '../server/src/core/service';
import type { Workspace } from '../server/src/core/workspace';
import { workerParser, type IndexWorkerOptions } from '../server/src/indexWorkers';
import { NodeWorkspace, pathToUri } from '../server/src/nodeWorkspace';
import { RULE_SETS } from '../server/src/rules';
import type { ServerHost } from '../server/src/server';
import { indexSnapshot, temporaryFolders, writeIndexWorkspace } from './indexFixtures';
import { InProcessSession, SERVER } from './lspSession';

const tempDir = temporaryFolders();

/** 400 RCAs with defects and the odd notes: five batches of a hundred files, and some. */
let shared: string | undefined;
const workspace = () => (shared ??= writeIndexWorkspace(tempDir('rca-threads-'), 400));

/** Parsing threads for any number of files (the server's default leaves small workspaces to its own thread). */
const threads = (options: Partial<IndexWorkerOptions> = {}) => (log: (message: string) => void) => workerParser({ script: SERVER, minFiles: 0, count: 2, ...options }, log);

/** A service over `root`, parsing on threads when given them; `logs` collects what it logs. */
function service(root: string, parser?: ReturnType<typeof threads>, logs: string[] = []): RcaService {
  const log = (message: string) => logs.push(message);
  return new RcaService(new NodeWorkspace([pathToUri(root)], log, undefined, parser?.(log)), RULE_SETS);
}

/** Counts the Markdown files the server's thread reads. */
function countReads(workspace: Workspace): { count: number } {
  const reads = { count: 0 };
  const read = workspace.readFile.bind(workspace);
  workspace.readFile = (uri, max) => ((reads.count += uri.endsWith('.md') ? 1 : 0), read(uri, max));
  return reads;
}

async function indexed(root: string, parser?: ReturnType<typeof threads>, logs?: string[]): Promise<{ service: RcaService; mainThreadReads: number }> {
  const s = service(root, parser, logs);
  const reads = countReads(s.workspace);
  await s.indexWorkspace();
  return { service: s, mainThreadReads: reads.count };
}

/** The index whole, in the order files were indexed, and every file's diagnostics. */
async function everything(s: RcaService) {
  return { index: indexSnapshot(s.index), order: [...s.index.all()].map((e) => e.uri), diagnostics: [...(await s.diagnoseIndexed())] };
}

const host =
  (parser?: ReturnType<typeof threads>): ServerHost =>
  ({ createWorkspace: (roots, log) => new NodeWorkspace(roots, log, undefined, parser?.(log)) });

describe('parsing on worker threads', () => {
  test('the index, diagnostics, search and backlinks equal those of a start parsing on the server thread', async () => {
    const root = workspace();
    const single = await indexed(root);
    const threaded = await indexed(root, threads());
    // Every Markdown file was parsed on a thread (the catalog is read on the server's).
    assert.equal(threaded.mainThreadReads, 0);
    assert.equal(single.service.parsedFiles, threaded.service.parsedFiles);
    assert.ok(single.service.index.size > 400);
    const expected = await everything(single.service);
    assert.ok(expected.diagnostics.length > 50, `${expected.diagnostics.length} files with diagnostics`);
    assert.deepEqual(await everything(threaded.service), expected);

    // The same over the protocol: a few files' diagnostics, workspace symbols, a runbook's backlinks.
    const rcas = readdirSync(join(root, 'rca', '2025')).sort().slice(0, 4).map((f) => `rca/2025/${f}`);
    const runbook = readdirSync(join(root, 'runbooks')).sort()[0];
    const answers = async (session: InProcessSession) => {
      const diagnostics = [];
      for (const path of rcas) diagnostics.push(await session.diagnosticsOf(await session.openFile(path)));
      const symbols = [];
      for (const query of ['', 'database', 'runbook', 'odd', 'sub part']) symbols.push(await session.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query }));
      await session.openFile(`runbooks/${runbook}`);
      // On its title, which stands for the file.
      const backlinks = await session.request<Location[]>('textDocument/references', `runbooks/${runbook}`, { line: 4, character: 3 }, { context: { includeDeclaration: false } });
      return { diagnostics, symbols, backlinks };
    };
    const plain = await InProcessSession.start({ root }, host());
    const onThreads = await InProcessSession.start({ root }, host(threads()));
    try {
      const want = await answers(plain);
      assert.ok(want.backlinks.length > 20, `${want.backlinks.length} backlinks`);
      assert.ok(want.symbols.every((found) => found.length > 0));
      assert.deepEqual(await answers(onThreads), want);
    } finally {
      await plain.close();
      await onThreads.close();
    }
  });

  test('a folder added to the workspace is parsed on threads too, to the same index', async () => {
    const added = workspace();
    const first = tempDir('rca-first-');
    writeFileSync(join(first, 'links.md'), '# Links\n\nSee [[runbook-api-gateway]] and [[setext#Sub part]].\n');
    const withFolderAdded = async (parser?: ReturnType<typeof threads>) => {
      const s = service(first, parser);
      await s.indexWorkspace();
      const reads = countReads(s.workspace);
      (s.workspace as NodeWorkspace).setRoots([pathToUri(first), pathToUri(added)]);
      await s.changeFolders([pathToUri(added)], []);
      return { service: s, mainThreadReads: reads.count };
    };
    const single = await withFolderAdded();
    assert.ok(single.mainThreadReads > 400);
    const threaded = await withFolderAdded(threads());
    assert.equal(threaded.mainThreadReads, 0);
    assert.deepEqual(await everything(threaded.service), await everything(single.service));
  });

  test('a thread that stops, or fails on a file, leaves its files to the server thread', async () => {
    const root = workspace();
    const expected = await everything((await indexed(root)).service);
    // The server's bundle, but its first batch says it failed on its fourth file, and it stops before answering the second.
    const failing = join(tempDir('rca-worker-'), 'failing.js');
    writeFileSync(
      failing,
      `const { parentPort } = require('node:worker_threads');
       const post = parentPort.postMessage.bind(parentPort);
       let batches = 0;
       parentPort.postMessage = (message) => {
         if (++batches === 2) process.exit(7);
         post({ ...message, results: message.results.map((result, i) => (i === 3 ? null : result)) });
       };
       require(${JSON.stringify(SERVER)});`,
    );
    const logs: string[] = [];
    const stopped = await indexed(root, threads({ script: failing, count: 1 }), logs);
    // The file its thread failed on, and every file after the first batch, were read on the server's thread.
    assert.equal(stopped.mainThreadReads, stopped.service.parsedFiles - 99);
    assert.ok(logs.some((line) => /A parsing thread stopped/.test(line)), logs.join('\n'));
    assert.deepEqual(await everything(stopped.service), expected);

    // A thread that cannot even start.
    const broken = join(tempDir('rca-worker-'), 'broken.js');
    writeFileSync(broken, `throw new Error('no parser here');`);
    const failed: string[] = [];
    const none = await indexed(root, threads({ script: broken }), failed);
    assert.equal(none.mainThreadReads, none.service.parsedFiles);
    assert.ok(failed.some((line) => /A parsing thread failed \(no parser here\)/.test(line)), failed.join('\n'));
    assert.deepEqual(await everything(none.service), expected);
  });

  test('requests are answered while the threads parse', async () => {
    const root = workspace();
    // The server's bundle, holding its third batch back until the gate file exists.
    const gate = join(tempDir('rca-gate-'), 'open');
    const held = join(tempDir('rca-worker-'), 'held.js');
    writeFileSync(
      held,
      `const { existsSync } = require('node:fs');
       const { parentPort } = require('node:worker_threads');
       const post = parentPort.postMessage.bind(parentPort);
       let batches = 0;
       parentPort.postMessage = (message) => {
         if (++batches < 3) return post(message);
         const timer = setInterval(() => existsSync(${JSON.stringify(gate)}) && (clearInterval(timer), post(message)), 5);
       };
       require(${JSON.stringify(SERVER)});`,
    );
    // A heading of a file of the first batch.
    const [uri, heading] = (await new NodeWorkspace([pathToUri(root)]).listMarkdownFiles())
      .slice(0, 50)
      .flatMap((uri) => [...readFileSync(new URL(uri), 'utf8').matchAll(/^## (.+)$/gm)].map((m) => [uri, m[1]]))[0];
    const session = await InProcessSession.start({ root, indexing: true }, host(threads({ script: held, count: 1 })));
    try {
      // Answered from the files the first two batches gave, while the rest wait on the thread.
      await session.until(() => session.progress.some((p) => p.message?.startsWith('200/') === true), 'the first two batches');
      const found = await session.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: heading });
      assert.ok(found.some((symbol) => symbol.location.uri === uri && symbol.name === heading), JSON.stringify(found));
      assert.ok(!session.progress.some((p) => p.kind === 'end'), 'indexing had ended');
      assert.ok(!existsSync(gate));
      writeFileSync(gate, '');
      await session.until(() => session.progress.some((p) => p.kind === 'end'), 'indexing');
    } finally {
      await session.close();
    }
  });
});
