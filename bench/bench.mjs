#!/usr/bin/env node
// npm run bench: drives the built language server (dist/server.js) over a real
// stdio JSON-RPC session on generated workspaces of 1,000 and 10,000 RCAs, and
// runs rca-lint over them; a hub note with 10,000 backlinks is added to each
// workspace. Each figure is printed beside its target (targets are for 10,000
// documents; start-up and memory ones also for 100,000), with the machine's load.
// The web build's server (dist/web/server.js) indexes each workspace too, in a
// worker thread, reading every file through the client as in vscode.dev.
// Results also go to bench/.work/results.json.
// Timings on a shared machine are noisy: compare figures from one run.
//   node bench/bench.mjs [--sizes 1000,10000,100000] [--startup-only | --session-only]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createMessageConnection, PortMessageReader, PortMessageWriter, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { URI, Utils } from 'vscode-uri';
import { generateWorkspace } from './generate.mjs';
import { build as esbuild } from 'esbuild';
import { createRequire } from 'node:module';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const WORK = join(REPO, 'bench', '.work');
const SERVER = join(REPO, 'dist', 'server.js');
const CLI = join(REPO, 'dist', 'cli.js');
const WEB_SERVER = join(REPO, 'dist', 'web', 'server.js');
const RCA = join(REPO, 'dist', 'rca.js');
/** Per 10,000 documents: a cold start of 100,000 on a loaded machine takes minutes. */
const TIMEOUT_MS = 60_000;
const WARMUP = 200;
const ROUNDS = 5;
const SESSION_REQUESTS = 4000;
const sizes = (process.argv.includes('--sizes') ? process.argv[process.argv.indexOf('--sizes') + 1] : '1000,10000').split(',').map(Number);
const startupOnly = process.argv.includes('--startup-only');
/** Only the editing session: no start-ups, web build, rca-lint or rca site (at 100,000 documents they take many minutes). */
const sessionOnly = process.argv.includes('--session-only');

// The flags every launcher gives the server, read from its shebang (set by the build).
/** How many threads the server parses on by default (server/src/indexWorkers.ts). */
const PARSE_THREADS = Math.max(1, availableParallelism() - 1);
const SERVER_FLAGS = readFileSync(SERVER, 'utf8').split('\n', 1)[0].replace(/^#!.*?\bnode\b\s*/, '').split(/\s+/).filter(Boolean);

const TARGETS = {
  'cold start: spawn → full index, diagnostics (ms)': ['≤', 1000],
  'warm start: spawn → full index, diagnostics (ms)': ['≤', 300],
  'full index (ms)': ['≤', 2000],
  'first completion after [[ after indexing (ms)': ['≤', 100],
  'didOpen → diagnostics p50 (ms)': ['≤', 5],
  'keystroke → diagnostics median (ms)': ['≤', 2],
  'keystroke in a 1 MB RCA → diagnostics median (ms)': ['≤', 50],
  'definition p99 (ms)': ['≤', 2],
  'references p50 (ms)': ['≤', 2],
  'completion after [[ p99 (ms)': ['≤', 10],
  'workspace symbols p99 (ms)': ['≤', 20],
  'file create/rename/delete → diagnostics max (ms)': ['≤', 50],
  'field completion p99 (ms)': ['≤', 10],
  'hover p99 (ms)': ['≤', 10],
  'service hover p99 (ms)': ['≤', 10],
  'hub note references, first result, median (ms)': ['≤', 10],
  'hub note references, all 10,000, median (ms)': ['≤', 50],
  'server peak RSS (MB)': ['≤', 150],
  'rca-lint, whole workspace (ms)': ['≤', 3000],
  'rca-lint --cache, again with nothing changed (ms)': ['≤', 500],
  'dashboard open/filter, max (ms)': ['≤', 1000],
  'rca site, whole workspace into an empty folder (ms)': ['≤', 30_000],
  'rca site, again with nothing changed (ms)': ['≤', 10_000],
  'rca site --cache, again with nothing changed (ms)': ['≤', 5_000],
  'rca/renderData of a 1 MB RCA, median (ms)': ['≤', 50],
  '1 MB RCA preview, wiki-link plugin cost (% of render)': ['≤', 15],
  'web: full index through the client (ms)': ['≤', 4000],
  "web: client thread's longest stall while indexing (ms)": ['≤', 50],
  'action items view, groups and first rows, max (ms)': ['≤', 500],
  "action items view, a folded group's rows, max (ms)": ['≤', 500],
};

/** Targets where 100,000 documents have their own. */
const TARGETS_100K = {
  'cold start: spawn → full index, diagnostics (ms)': ['≤', 10_000],
  'warm start: spawn → full index, diagnostics (ms)': ['≤', 2000],
  'server peak RSS, cold start (MB)': ['≤', 500],
  'server peak RSS, warm start (MB)': ['≤', 500],
  'server peak RSS (MB)': ['≤', 500],
  // The editing session's, as at 10,000: the size of the workspace should not matter.
  'first completion after [[ after indexing (ms)': ['≤', 100],
  'keystroke → diagnostics median (ms)': ['≤', 2],
  'definition p99 (ms)': ['≤', 2],
  'completion after [[ p99 (ms)': ['≤', 10],
  'workspace symbols p99 (ms)': ['≤', 20],
  'file create/rename/delete → diagnostics max (ms)': ['≤', 50],
  'service hover p99 (ms)': ['≤', 10],
  'hub note references, first result, median (ms)': ['≤', 10],
  'hub note references, all 10,000, median (ms)': ['≤', 50],
};

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

/** Generated once per size and kept (100,000 documents take a minute to write). */
function workspace(n) {
  const dir = join(WORK, `n${n}`);
  if (!existsSync(join(dir, 'defects.json'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    generateWorkspace({ out: dir, n, seed: 42, broken: 0 });
  }
  if (!existsSync(join(dir, HUB_NOTE))) addHubNote(dir);
  return dir;
}

/**
 * A hub note and HUB_BACKLINKS links to it (HUB_FILES notes of links), added to
 * the generated workspace (whatever its size) when missing: what references on a
 * much-linked note cost does not depend on how many RCAs there are.
 */
const HUB_FILES = 200;
const HUB_BACKLINKS = 10_000;
const HUB_NOTE = join('notes', 'hub', 'hub-note.md');

function addHubNote(root) {
  mkdirSync(join(root, 'notes', 'hub'), { recursive: true });
  writeFileSync(join(root, HUB_NOTE), '# Hub note\n\n## Overview\n\nWhat every note links to.\n');
  const perFile = HUB_BACKLINKS / HUB_FILES;
  const spellings = ['[[hub-note]]', '[[hub-note|the hub]]', '[[hub-note#Overview]]', '[[notes/hub/hub-note]]'];
  for (let f = 0; f < HUB_FILES; f++) {
    const lines = Array.from({ length: perFile }, (_, i) => `- See ${spellings[(f + i) % spellings.length]} for item ${i}.`);
    writeFileSync(join(root, 'notes', 'hub', `hub-links-${String(f).padStart(3, '0')}.md`), `# Hub links ${f}\n\n${lines.join('\n')}\n`);
  }
}

/** The Node server over stdio, as VS Code on the desktop starts it. */
function nodeServer(args = []) {
  const child = spawn(process.execPath, [...SERVER_FLAGS, SERVER, '--stdio', ...args], { stdio: 'pipe' });
  child.stderr.on('data', (d) => process.stderr.write(d));
  return { reader: new StreamMessageReader(child.stdout), writer: new StreamMessageWriter(child.stdin), pid: child.pid, kill: () => child.kill() };
}

/**
 * What a web worker's scope offers the web server, over a worker thread's port: it
 * posts and receives its messages and closes itself through `self`. The bundle uses
 * nothing else a worker thread adds (test/browserEngine.test.ts runs it with only a worker's globals).
 */
const WORKER_SCOPE = `
const { parentPort } = require('node:worker_threads');
globalThis.self = globalThis;
self.postMessage = (message) => parentPort.postMessage(message);
self.addEventListener = () => {};
Object.defineProperty(self, 'onmessage', { set: (listener) => parentPort.on('message', (data) => listener({ data })) });
self.close = () => parentPort.close();
`;

/** The web server in a worker thread, as the browser client starts it in a web worker. */
function webServer() {
  const worker = new Worker(`${WORKER_SCOPE}\n${readFileSync(WEB_SERVER, 'utf8')}`, { eval: true });
  return { reader: new PortMessageReader(worker), writer: new PortMessageWriter(worker), kill: () => void worker.terminate() };
}

class Session {
  /** `cacheDir`: where the server keeps its index between runs (as a client's storage folder). */
  constructor(root, cacheDir, n, server = nodeServer()) {
    this.root = root;
    this.rootUri = pathToFileURL(root).href;
    this.cacheUri = pathToFileURL(cacheDir).href;
    this.timeoutMs = TIMEOUT_MS * Math.max(1, n / 10_000);
    this.diagnostics = new Map();
    this.waiters = [];
    this.progressEnded = false;
    this.server = server;
    this.connection = createMessageConnection(server.reader, server.writer);
    this.connection.onNotification('textDocument/publishDiagnostics', (p) => {
      this.diagnostics.set(p.uri, p);
      this.wake();
    });
    /** Partial results of requests, by their partialResultToken: [arrival time, batch or piece]. */
    this.partialResults = new Map();
    this.connection.onNotification('$/progress', (p) => {
      // A request's results in batches (references), or its text in pieces (the dashboard's export).
      if (Array.isArray(p.value) || typeof p.value === 'string') this.partialResults.get(p.token)?.push([performance.now(), p.value]);
      else if (p.value.kind === 'end') this.progressEnded = true;
      this.wake();
    });
    this.connection.onNotification('window/logMessage', () => {});
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/configuration', (p) => p.items.map(() => null));
    this.connection.listen();
  }

  wake() {
    const ready = this.waiters.filter((w) => w.check());
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }

  until(check, what) {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), this.timeoutMs);
      this.waiters.push({ check, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  diagnosticsFor(uri, accept) {
    return this.until(() => {
      const p = this.diagnostics.get(uri);
      return p !== undefined && accept(p);
    }, `diagnostics of ${uri}`);
  }

  initialize(capabilities) {
    return this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: this.rootUri,
      workspaceFolders: [{ uri: this.rootUri, name: 'bench' }],
      // Every document indexed: the default rca.maxFiles stops at 50,000.
      initializationOptions: { storageUri: this.cacheUri, settings: { maxFiles: 1_000_000 } },
      capabilities,
    });
  }

  /** CPU time the server has used, user and system (ms): on a loaded machine it says more than the wall clock. */
  cpuMs() {
    const fields = readFileSync(`/proc/${this.server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  }

  peakRssMb() {
    const status = readFileSync(`/proc/${this.server.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
  }

  async close() {
    await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]).catch(() => {});
    await this.connection.sendNotification('exit').catch(() => {});
    this.connection.dispose();
    this.server.kill();
  }
}

// The bench client's own garbage is collected before each request's warm-up, so
// its pauses are not charged to the server. Not right before timing: the sweeping
// a full collection leaves to background threads slowed the next round trips 3x.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');

/** Runs `run` count times and returns each duration. */
async function timed(count, run) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  return times;
}

/**
 * A request's q-quantile in the steady state: untimed runs first let the JIT
 * compile this request's own path (the JSON-RPC path every request shares takes
 * a few thousand messages: the session below), then ROUNDS rounds of `count`.
 * The figure is the median of the rounds' quantiles, so one burst of load on
 * the shared host does not decide it; results.json keeps every round's.
 */
async function steadyQuantile(q, count, run) {
  collectGarbage();
  for (let i = 0; i < WARMUP; i++) await run(i);
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(quantile(await timed(count, (i) => run(r * count + i)), q));
  return { value: quantile(rounds, 0.5), rounds };
}

function rcaFiles(root) {
  const files = [];
  for (const year of readdirSync(join(root, 'rca')).sort()) for (const f of readdirSync(join(root, 'rca', year)).sort()) files.push(join(root, 'rca', year, f));
  return files;
}

function position(text, needle, offset = 0) {
  const at = text.indexOf(needle);
  if (at === -1) throw new Error(`"${needle}" not found`);
  const before = text.slice(0, at + offset).split('\n');
  return { line: before.length - 1, character: before.at(-1).length };
}

/** Milliseconds from spawning a Node process that lists every Markdown file of `root` and reads each to its exit: what no start can beat. */
function floorMs(root) {
  const script = `
    const { readdirSync, readFileSync } = require('node:fs');
    const walk = (dir) => { for (const e of readdirSync(dir, { withFileTypes: true })) { const p = dir + '/' + e.name; if (e.isDirectory()) walk(p); else if (p.endsWith('.md')) readFileSync(p, 'utf8'); } };
    walk(process.argv[1]);`;
  const start = performance.now();
  const run = spawnSync(process.execPath, ['-e', script, root], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error('the floor run failed');
  return performance.now() - start;
}

/**
 * From spawning the server to the complete index and an open RCA's diagnostics
 * (pulled once indexing has ended, so with its links checked), and the peak RSS.
 */
async function start(root, cacheDir, n, file, args) {
  const began = performance.now();
  const session = new Session(root, cacheDir, n, nodeServer(args));
  const c = session.connection;
  await session.initialize({ window: { workDoneProgress: true }, textDocument: { diagnostic: {} } });
  await c.sendNotification('initialized', {});
  const uri = pathToFileURL(file).href;
  await c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: readFileSync(file, 'utf8') } });
  await session.until(() => session.progressEnded, 'indexing');
  await c.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  const ms = performance.now() - began;
  const rss = session.peakRssMb();
  const cpu = session.cpuMs();
  await session.close();
  return { ms, rss, cpu };
}

/**
 * Cold start (no cache) beside the floor, the server parsing on its worker threads
 * (as it does by default) and on its own thread (--parse-threads 0), then a warm
 * start (a second start on the unchanged workspace).
 */
async function measureStartup(n) {
  const root = workspace(n);
  const file = rcaFiles(root)[0];
  const cacheDir = mkdtempSync(join(tmpdir(), 'rca-bench-cache-'));
  const oneThreadCache = mkdtempSync(join(tmpdir(), 'rca-bench-cache-'));
  try {
    const floor = floorMs(root);
    const oneThread = await start(root, oneThreadCache, n, file, ['--parse-threads', '0']);
    const cold = await start(root, cacheDir, n, file);
    const warm = await start(root, cacheDir, n, file);
    return {
      'floor: spawn → every file read (ms, info)': floor,
      'cold start: spawn → full index, diagnostics (ms)': cold.ms,
      'cold start / floor (ratio, info)': cold.ms / floor,
      'cold start, server CPU time (ms, info)': cold.cpu,
      'server peak RSS, cold start (MB)': cold.rss,
      [`cold start, parsing on the server's thread (ms, info)`]: oneThread.ms,
      [`cold start on ${PARSE_THREADS} parse thread(s) / on the server's thread (ratio, info)`]: cold.ms / oneThread.ms,
      [`cold start on the server's thread, CPU time (ms, info)`]: oneThread.cpu,
      [`cold start on the server's thread, peak RSS (MB, info)`]: oneThread.rss,
      'warm start: spawn → full index, diagnostics (ms)': warm.ms,
      'warm start, server CPU time (ms, info)': warm.cpu,
      'server peak RSS, warm start (MB)': warm.rss,
    };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
    rmSync(oneThreadCache, { recursive: true, force: true });
  }
}

/**
 * What the index keeps of a document: the heap an RcaService holds once it has indexed
 * the workspace and stored its index, after a forced collection, less the heap before,
 * per document. Measured in a process of its own with the server's flags, the service
 * bundled from its source; the server holds the same service besides its LSP connection.
 */
const INDEX_HEAP_SCRIPT = `
import { RcaService } from './server/src/core/service';
import { resolveSettings } from './server/src/core/settings';
import { NodeWorkspace, pathToUri, stateFiles } from './server/src/nodeWorkspace';
import { RULE_SETS } from './server/src/rules/index';
const [root, cacheDir] = process.argv.slice(2);
const gc = (globalThis as unknown as { gc: () => void }).gc;
(async () => {
  gc();
  const before = process.memoryUsage().heapUsed;
  const workspace = new NodeWorkspace([pathToUri(root)], () => {}, stateFiles(cacheDir));
  const service = new RcaService(workspace, RULE_SETS, resolveSettings({ maxFiles: 1_000_000 }), undefined, { engine: 'bench' });
  await service.indexWorkspace();
  await service.saveIndex();
  gc();
  process.stdout.write(JSON.stringify({ documents: service.index.size, bytes: process.memoryUsage().heapUsed - before }));
})();
`;

let indexHeapModule;
function measureIndexHeap(n) {
  const root = workspace(n);
  const bundle = join(WORK, 'indexHeap.cjs');
  indexHeapModule ??= esbuild({ stdin: { contents: INDEX_HEAP_SCRIPT, resolveDir: REPO, loader: 'ts' }, bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'warning' });
  const cacheDir = mkdtempSync(join(tmpdir(), 'rca-bench-cache-'));
  return indexHeapModule.then(() => {
    try {
      const run = spawnSync(process.execPath, ['--expose-gc', ...SERVER_FLAGS, bundle, root, cacheDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      if (run.status !== 0) throw new Error('the index heap run failed');
      const { documents, bytes } = JSON.parse(run.stdout);
      return { 'index heap after a full index and a forced GC (MB, info)': bytes / 2 ** 20, 'index heap per document (bytes, info)': bytes / documents };
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
}

/** EditorFiles (client/src/fileServer.ts) over the disk, with no file search: the client walks the folders, as on an extension's file system. */
function diskFiles(rootUri) {
  const kindOf = (entry) => (entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other');
  return {
    searchMarkdownFiles: async () => [],
    readDirectory: async (folder) => (await readdir(URI.parse(folder).fsPath, { withFileTypes: true })).map((entry) => ({ name: entry.name, kind: kindOf(entry) })),
    stat: async (uri) => {
      try {
        const found = await stat(URI.parse(uri).fsPath);
        return { kind: kindOf(found), size: found.size };
      } catch (error) {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      }
    },
    readFile: (uri) => readFile(URI.parse(uri).fsPath),
    inWorkspace: (uri) => uri.startsWith(`${rootUri}/`),
  };
}

/** The client's FileServer, bundled from its source (the build bundles it only into the extension). */
let fileServerModule;
async function fileServerFor(rootUri) {
  const bundle = join(WORK, 'fileServer.cjs');
  fileServerModule ??= esbuild({ entryPoints: [join(REPO, 'client', 'src', 'fileServer.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'warning' }).then(() => createRequire(import.meta.url)(bundle));
  const { FileServer } = await fileServerModule;
  return new FileServer(diskFiles(rootUri));
}

/** The Action Items view's text, bundled from its source (the build bundles it only into the extension). */
let actionItemsTreeModule;
function actionItemsTree() {
  const bundle = join(WORK, 'actionItemsTree.cjs');
  actionItemsTreeModule ??= esbuild({ entryPoints: [join(REPO, 'client', 'src', 'actionItemsTree.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'warning' }).then(() => createRequire(import.meta.url)(bundle));
  return actionItemsTreeModule;
}

/**
 * The web server's full index: from `initialized` to the end of its progress, every
 * file listed and read through the client (rca/findMarkdownFiles, rca/readFiles),
 * how many read requests that took, and the longest the client's thread (the
 * extension host's) was kept from its other work meanwhile.
 */
async function measureWeb(n) {
  const root = workspace(n);
  const session = new Session(root, tmpdir(), n, webServer());
  const c = session.connection;
  const files = await fileServerFor(session.rootUri);
  let found = 0;
  let read = 0;
  let readRequests = 0;
  c.onRequest('rca/findMarkdownFiles', async (params) => {
    const uris = await files.findMarkdownFiles(params);
    found += uris.length;
    return uris;
  });
  c.onRequest('rca/readFiles', (params) => {
    readRequests++;
    read += params.files.length;
    return files.readFiles(params);
  });
  await session.initialize({ window: { workDoneProgress: true } });
  const stalls = monitorEventLoopDelay({ resolution: 10 });
  const indexStart = performance.now();
  stalls.enable();
  await c.sendNotification('initialized', {});
  await session.until(() => session.progressEnded, 'indexing');
  const ms = performance.now() - indexStart;
  stalls.disable();
  await session.close();
  // An index that read nothing would be fast.
  if (found < n || read < found) throw new Error(`the web server found ${found} and read ${read} of the ${n}+ Markdown files`);
  return {
    'web: full index through the client (ms)': ms,
    'web: rca/readFiles requests (count, info)': readRequests,
    "web: client thread's longest stall while indexing (ms)": stalls.max / 1e6,
  };
}

async function measure(n) {
  const root = workspace(n);
  const files = rcaFiles(root);
  const results = {};
  const rounds = {};
  const steady = async (name, q, count, run) => {
    const figure = await steadyQuantile(q, count, run);
    results[name] = figure.value;
    rounds[name] = figure.rounds.map((v) => Number(v.toFixed(3)));
  };
  // A storage folder of its own, empty: the full index below is a cold one.
  const cacheDir = mkdtempSync(join(tmpdir(), 'rca-bench-cache-'));
  const session = new Session(root, cacheDir, n);
  const c = session.connection;
  await session.initialize({ window: { workDoneProgress: true }, workspace: { didChangeWatchedFiles: { dynamicRegistration: true } }, textDocument: { definition: { linkSupport: true } } });
  const indexStart = performance.now();
  await c.sendNotification('initialized', {});
  await session.until(() => session.progressEnded, 'indexing');
  results['full index (ms)'] = performance.now() - indexStart;

  // The first `[[` completion once indexing has ended, in a note just opened: what one
  // waits for when the search rows are not ready yet.
  const firstUri = `${session.rootUri}/notes/bench-first-completion.md`;
  await c.sendNotification('textDocument/didOpen', { textDocument: { uri: firstUri, languageId: 'markdown', version: 1, text: '# First\n\nSee [[\n' } });
  await session.diagnosticsFor(firstUri, (p) => p.version === 1);
  const firstStart = performance.now();
  await c.sendRequest('textDocument/completion', { textDocument: { uri: firstUri }, position: { line: 2, character: 6 } });
  results['first completion after [[ after indexing (ms)'] = performance.now() - firstStart;
  await c.sendNotification('textDocument/didClose', { textDocument: { uri: firstUri } });

  // didOpen → diagnostics, on documents spread over the workspace.
  const step = Math.max(1, Math.floor(files.length / 200));
  const opened = files.filter((_, i) => i % step === 0).slice(0, 200);
  // Each document is opened once: no warm-up.
  const openTimes = await timed(
    opened.length,
    async (i) => {
      const uri = pathToFileURL(opened[i]).href;
      await c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: readFileSync(opened[i], 'utf8') } });
      await session.diagnosticsFor(uri, (p) => p.version === 1);
    },
  );
  results['didOpen → diagnostics p50 (ms)'] = quantile(openTimes, 0.5);
  for (const file of opened.slice(1)) await c.sendNotification('textDocument/didClose', { textDocument: { uri: pathToFileURL(file).href } });

  // Keystrokes: characters typed into the Root Cause paragraph, each waiting for fresh diagnostics.
  const mainFile = opened[0];
  const mainUri = pathToFileURL(mainFile).href;
  let text = readFileSync(mainFile, 'utf8').replace(/\r\n/g, '\n');
  await c.sendNotification('textDocument/didChange', { textDocument: { uri: mainUri, version: 2 }, contentChanges: [{ text }] });
  await session.diagnosticsFor(mainUri, (p) => p.version === 2);
  let version = 2;
  const typing = position(text, 'The incident was caused by', 'The incident was caused by'.length);
  // Every keystroke counts: no warm-up.
  const keyTimes = await timed(
    500,
    async (i) => {
      version++;
      const at = { line: typing.line, character: typing.character + i };
      await c.sendNotification('textDocument/didChange', { textDocument: { uri: mainUri, version }, contentChanges: [{ range: { start: at, end: at }, text: 'x' }] });
      await session.diagnosticsFor(mainUri, (p) => p.version === version);
    },
  );
  results['keystroke → diagnostics median (ms)'] = quantile(keyTimes, 0.5);
  const typed = text.split('\n');
  typed[typing.line] = typed[typing.line].slice(0, typing.character) + 'x'.repeat(500) + typed[typing.line].slice(typing.character);
  text = typed.join('\n');

  const request = async (method, params) => c.sendRequest(method, params);
  const runbookLink = position(text, '[[runbook-', 4);
  const rcaLinkAt = text.indexOf('- [[20');
  const rcaLink = rcaLinkAt === -1 ? runbookLink : position(text, '- [[20', 6);
  const td = { uri: mainUri };
  const prose = position(text, 'The incident was caused by');
  const definitionOf = (at) => () => request('textDocument/definition', { textDocument: td, position: at });
  // The first requests of a fresh server, before the session below has made its paths hot.
  results['definition p99, first 300 requests (ms, info)'] = quantile(await timed(300, definitionOf(runbookLink)), 0.99);
  // An editor session in use: the requests an editor sends as one writes and moves
  // about, a few thousand of them, untimed. Until then both processes' JSON-RPC
  // paths are still being compiled and a round trip's p99 is several times its
  // p50; every figure below is of the steady state after it.
  const sessionRequests = [
    definitionOf(runbookLink),
    definitionOf(prose),
    () => request('textDocument/hover', { textDocument: td, position: runbookLink }),
    () => request('textDocument/references', { textDocument: td, position: rcaLink, context: { includeDeclaration: false } }),
    () => request('textDocument/documentSymbol', { textDocument: td }),
    () => request('textDocument/documentLink', { textDocument: td }),
    () => request('textDocument/codeAction', { textDocument: td, range: { start: prose, end: prose }, context: { diagnostics: [] } }),
    () => request('textDocument/completion', { textDocument: td, position: runbookLink }),
  ];
  for (let i = 0; i < SESSION_REQUESTS; i++) await sessionRequests[i % sessionRequests.length]();

  await steady('definition p99 (ms)', 0.99, 300, definitionOf(runbookLink));
  // The same request where there is no link: what the round trip alone costs on this machine, in this run.
  await steady('definition off a link, p99 (ms, info: the round trip alone)', 0.99, 300, definitionOf(prose));
  await steady('references p50 (ms)', 0.5, 100, () => request('textDocument/references', { textDocument: td, position: rcaLink, context: { includeDeclaration: false } }));
  await steady('references to a runbook, p50 (ms, info)', 0.5, 20, () => request('textDocument/references', { textDocument: td, position: runbookLink, context: { includeDeclaration: false } }));

  // Completion after `[[`: a new line with a link being typed, asked at each
  // character as an editor asks while the list is incomplete: `[[`, `[[c`, … `[[cache`.
  version++;
  text += '\nSee [[cache\n';
  await c.sendNotification('textDocument/didChange', { textDocument: { uri: mainUri, version }, contentChanges: [{ text }] });
  await session.diagnosticsFor(mainUri, (p) => p.version === version);
  const lastLine = text.split('\n').length - 2;
  const typedLink = 'cache'.length + 1;
  await steady('completion after [[ p99 (ms)', 0.99, 300, (i) => request('textDocument/completion', { textDocument: td, position: { line: lastLine, character: 6 + (i % typedLink) } }));
  // Workspace symbols as the picker asks them, a character at a time.
  const queries = ['cache', 'auth', 'runbook', 'latency', 'dns', 'billing', 'queue', 'deploy'].flatMap((word) => [...word].map((_, i) => word.slice(0, i + 1)));
  await steady('workspace symbols p99 (ms)', 0.99, 300, (i) => request('workspace/symbol', { query: queries[i % queries.length] }));

  // Authoring: completion in front matter and a table cell, hovers that compute.
  const services = position(text, 'services: [', 'services: ['.length);
  const owner = (() => {
    const line = text.split('\n').findIndex((l) => /^\| P1 \|/.test(l));
    const cells = text.split('\n')[line].split('|');
    return { line, character: cells[0].length + cells[1].length + cells[2].length + 4 };
  })();
  await steady('field completion p99 (ms)', 0.99, 300, (i) => request('textDocument/completion', { textDocument: td, position: i % 2 ? services : owner }));
  const hovers = [position(text, 'duration_minutes'), position(text, 'services: [', 'services: ['.length + 1), position(text, 'author: ', 'author: '.length + 1), position(text, '|-------|\n| ', '|-------|\n| '.length)];
  await steady('hover p99 (ms)', 0.99, 300, (i) => request('textDocument/hover', { textDocument: td, position: hovers[i % hovers.length] }));
  // A service's history: every RCA naming it, at any size.
  await steady('service hover p99 (ms)', 0.99, 300, () => request('textDocument/hover', { textDocument: td, position: hovers[1] }));

  // References on the hub note (10,000 backlinks) with a partialResultToken, as an
  // editor showing results as they come asks: the first batch, then the last.
  const hubUri = pathToFileURL(join(root, HUB_NOTE)).href;
  await c.sendNotification('textDocument/didOpen', { textDocument: { uri: hubUri, languageId: 'markdown', version: 1, text: readFileSync(join(root, HUB_NOTE), 'utf8') } });
  await session.diagnosticsFor(hubUri, (p) => p.version === 1);
  const hubFirst = [];
  const hubTotal = [];
  for (let i = 0; i < 25; i++) {
    const token = `hub-${i}`;
    const batches = [];
    session.partialResults.set(token, batches);
    const start = performance.now();
    const answer = await request('textDocument/references', { textDocument: { uri: hubUri }, position: { line: 1, character: 0 }, context: { includeDeclaration: false }, partialResultToken: token });
    const end = performance.now();
    session.partialResults.delete(token);
    // A server without partial results answers in full: its first result is its answer.
    const found = batches.reduce((sum, [, batch]) => sum + batch.length, answer.length);
    if (found !== HUB_BACKLINKS) throw new Error(`references on the hub note: ${found} locations, expected ${HUB_BACKLINKS}`);
    // The first five warm the path up.
    if (i < 5) continue;
    hubFirst.push((batches.length > 0 ? batches[0][0] : end) - start);
    hubTotal.push(end - start);
  }
  results['hub note references, first result, median (ms)'] = quantile(hubFirst, 0.5);
  results['hub note references, all 10,000, median (ms)'] = quantile(hubTotal, 0.5);
  results['hub note references in one answer, median (ms, info)'] = quantile(
    (await timed(25, () => request('textDocument/references', { textDocument: { uri: hubUri }, position: { line: 1, character: 0 }, context: { includeDeclaration: false } }))).slice(5),
    0.5,
  );

  // A file created, renamed and deleted on disk → fresh diagnostics for the open note linking to it.
  const noteUri = `${session.rootUri}/notes/bench-links.md`;
  await c.sendNotification('textDocument/didOpen', { textDocument: { uri: noteUri, languageId: 'markdown', version: 1, text: '# Bench\n\nSee [[bench-target]].\n' } });
  const broken = (p) => p.diagnostics.some((d) => d.code === 'broken-wiki-link');
  await session.diagnosticsFor(noteUri, broken);
  const target = join(root, 'notes', 'bench-target.md');
  const moved = join(root, 'notes', 'bench-target-moved.md');
  const watched = (changes) => c.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map(([path, type]) => ({ uri: pathToFileURL(path).href, type })) });
  const fileOps = [];
  for (let i = 0; i < 10; i++) {
    session.diagnostics.delete(noteUri);
    let start = performance.now();
    writeFileSync(target, '# Bench target\n');
    await watched([[target, 1]]);
    await session.diagnosticsFor(noteUri, (p) => !broken(p));
    fileOps.push(performance.now() - start);

    session.diagnostics.delete(noteUri);
    start = performance.now();
    renameSync(target, moved);
    await watched([[target, 3], [moved, 1]]);
    await session.diagnosticsFor(noteUri, broken);
    fileOps.push(performance.now() - start);

    renameSync(moved, target);
    session.diagnostics.delete(noteUri);
    await watched([[moved, 3], [target, 1]]);
    await session.diagnosticsFor(noteUri, (p) => !broken(p));
    session.diagnostics.delete(noteUri);
    start = performance.now();
    unlinkSync(target);
    await watched([[target, 3]]);
    await session.diagnosticsFor(noteUri, broken);
    fileOps.push(performance.now() - start);
  }
  results['file create/rename/delete → diagnostics max (ms)'] = Math.max(...fileOps);

  // A branch switch: a tenth of the RCAs deleted in one batch of file events, then
  // written back in another, as git and an editor's watcher report them → fresh
  // diagnostics for the open note, which links to the batch's last file.
  const switched = files.filter((_, i) => i % 10 === 5);
  const aside = mkdtempSync(join(WORK, 'branch-switch-'));
  const asidePath = (i) => join(aside, `${i}.md`);
  const lastSwitched = switched[switched.length - 1];
  await c.sendNotification('textDocument/didChange', { textDocument: { uri: noteUri, version: 2 }, contentChanges: [{ text: `# Bench\n\nSee [[${lastSwitched.slice(lastSwitched.lastIndexOf('/') + 1, -'.md'.length)}]].\n` }] });
  await session.diagnosticsFor(noteUri, (p) => p.version === 2 && !broken(p));
  session.diagnostics.delete(noteUri);
  let switchStart = performance.now();
  switched.forEach((file, i) => renameSync(file, asidePath(i)));
  await watched(switched.map((file) => [file, 3]));
  await session.diagnosticsFor(noteUri, broken);
  results['branch switch: a tenth of the RCAs deleted → diagnostics (ms, info)'] = performance.now() - switchStart;
  session.diagnostics.delete(noteUri);
  switchStart = performance.now();
  switched.forEach((file, i) => renameSync(asidePath(i), file));
  await watched(switched.map((file) => [file, 1]));
  // A request sent as the batch is being read: is the editor kept waiting for all of it?
  const duringStart = performance.now();
  await definitionOf(runbookLink)();
  results['branch switch: definition while the RCAs are read back (ms, info)'] = performance.now() - duringStart;
  await session.diagnosticsFor(noteUri, (p) => !broken(p));
  results['branch switch: the same RCAs back → diagnostics (ms, info)'] = performance.now() - switchStart;
  rmSync(aside, { recursive: true, force: true });
  results['server peak RSS (MB)'] = session.peakRssMb();

  // The dashboard's report as it asks for it (200 rows), unfiltered then filtered; then an
  // export (10,000 incidents and their action items: megabytes of JSON). Last, so the peak
  // RSS above is the editing session's; the peak with an export follows it.
  const filters = [{}, { severity: 'P1' }, { from: '2025-01-01', to: '2025-06' }, {}];
  results['dashboard open/filter, max (ms)'] = Math.max(...(await timed(8, (i) => request('rca/dashboard', { filter: filters[i % filters.length], limit: 200 }))));
  // The RCA Action Items view as it refreshes, each time the server says the action items
  // changed: the server groups every action item of the workspace (40,000 at 10,000 RCAs) by
  // status, owner and RCA in turn and sends the groups, with the first rows of those that start
  // expanded; the view builds each group's and row's text.
  const tree = await actionItemsTree();
  const groupings = ['status', 'owner', 'rca'];
  results['action items view, groups and first rows, max (ms)'] = Math.max(...(await timed(9, async (i) => {
    const grouping = groupings[i % groupings.length];
    const { today, groups } = await request('rca/actionItems', { grouping });
    for (const group of groups) {
      tree.groupDescription(group, grouping);
      for (const item of group.rows?.items ?? []) tree.itemDescription(item, today, grouping);
    }
  })));
  // A folded group opened: its rows asked (by owner: a pass over every RCA).
  const { groups: owners } = await request('rca/actionItems', { grouping: 'owner' });
  results["action items view, a folded group's rows, max (ms)"] = Math.max(...(await timed(4, (i) => request('rca/actionItemRows', { grouping: 'owner', key: owners[i % owners.length].key }))));
  // Export JSON: the whole report, every incident and open action item, as the file's text in pieces.
  let exportedLength = 0;
  results['dashboard export, full report as JSON (ms, info)'] = Math.max(...(await timed(2, async (i) => {
    const token = `export-${i}`;
    session.partialResults.set(token, []);
    await request('rca/dashboardExport', { filter: {}, format: 'json', partialResultToken: token });
    exportedLength = session.partialResults.get(token).reduce((length, [, piece]) => length + piece.length, 0);
    session.partialResults.delete(token);
  })));
  results['dashboard export, JSON text (millions of characters, info)'] = exportedLength / 1e6;
  results['server peak RSS after a full export (MB, info)'] = session.peakRssMb();

  // Keystrokes in a 1 MB RCA (the main one with its Root Cause grown to a megabyte of
  // paragraphs), each waiting for fresh diagnostics; opened last, so that the figures above
  // are of ordinary documents.
  const paragraph = 'The cache layer kept **stale entries** after the `invalidate` call returned, because the consumer acknowledged messages before applying them.\n\n';
  const large = text.replace('## Root Cause\n', `## Root Cause\n\n${paragraph.repeat(Math.ceil(1_000_000 / paragraph.length))}`);
  const largeUri = `${session.rootUri}/rca/bench-megabyte.md`;
  await c.sendNotification('textDocument/didOpen', { textDocument: { uri: largeUri, languageId: 'markdown', version: 1, text: large } });
  await session.diagnosticsFor(largeUri, (p) => p.version === 1);
  const largeTyping = position(large, '## Root Cause\n\nThe cache layer', '## Root Cause\n\nThe cache layer'.length);
  const largeKeyTimes = await timed(100, async (i) => {
    const at = { line: largeTyping.line, character: largeTyping.character + i };
    await c.sendNotification('textDocument/didChange', { textDocument: { uri: largeUri, version: i + 2 }, contentChanges: [{ range: { start: at, end: at }, text: 'x' }] });
    await session.diagnosticsFor(largeUri, (p) => p.version === i + 2);
  });
  results['keystroke in a 1 MB RCA → diagnostics median (ms)'] = quantile(largeKeyTimes, 0.5);
  Object.assign(results, await measurePreview(session, large));
  await session.close();
  rmSync(cacheDir, { recursive: true, force: true });
  if (sessionOnly) return { results, rounds };

  const rcaLint = (...options) => {
    const lintStart = performance.now();
    const lint = spawnSync(process.execPath, [CLI, '--root', root, '--format', 'json', ...options, root], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (lint.status !== 0) throw new Error(`rca-lint found problems in a clean workspace:\n${lint.stdout.slice(0, 2000)}${lint.stderr}`);
    return performance.now() - lintStart;
  };
  results['rca-lint, whole workspace (ms)'] = rcaLint();
  // With --cache (ESLint's convention): the first run stores each file's findings, the second reads no file's rules again.
  const lintCache = join(WORK, `lint-${n}.cache`);
  rmSync(lintCache, { force: true });
  rcaLint('--cache', '--cache-location', lintCache);
  results['rca-lint --cache, again with nothing changed (ms)'] = rcaLint('--cache', '--cache-location', lintCache);
  rmSync(lintCache, { force: true });

  const siteOut = join(WORK, `site-${n}`);
  rmSync(siteOut, { recursive: true, force: true });
  const siteCache = join(WORK, `site-${n}.cache`);
  rmSync(siteCache, { force: true });
  const site = (...options) => {
    const siteStart = performance.now();
    const run = spawnSync(process.execPath, [RCA, 'site', '--root', root, '--out', siteOut, ...options], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`rca site failed:\n${run.stderr}`);
    return performance.now() - siteStart;
  };
  results['rca site, whole workspace into an empty folder (ms)'] = site();
  results['rca site, again with nothing changed (ms)'] = site();
  // With --cache: the first run stores the index, the second parses nothing and renders nothing.
  site('--cache', '--cache-location', siteCache);
  results['rca site --cache, again with nothing changed (ms)'] = site('--cache', '--cache-location', siteCache);
  rmSync(siteOut, { recursive: true, force: true });
  rmSync(siteCache, { force: true });
  return { results, rounds };
}

/** The machine's load averages over 1, 5 and 15 minutes, beside the figures: on a shared machine they explain them. */
/**
 * VS Code's built-in Markdown preview of a 1 MB RCA: the server's rca/renderData for it (the
 * client asks once per version), then markdown-it's render with and without the wiki-link
 * plugin (shared/wikiLinkPlugin.ts, bundled here), fed that data. The RCA's paragraphs each
 * hold a wiki-link, an aliased one with a heading and a code span; its tables hold `\|` links.
 */
async function measurePreview(session, large) {
  const c = session.connection;
  const paragraph = 'Failover followed [[runbook-api-gateway#Rollback|the rollback steps]] and [[runbook-checkout]]; `[[not-a-link]]` stayed in code.\n\n';
  const row = '| 20:05 | Paged, see [[runbook-api-gateway\\|runbook]] |\n';
  const text = large
    .replace(/(## Root Cause\n\n)[\s\S]*?(\n## )/, (_, head, next) => `${head}${paragraph.repeat(Math.ceil(900_000 / paragraph.length))}${next}`)
    .replace('| Time (UTC) | Event |\n|------------|-------|\n', (header) => header + row.repeat(Math.ceil(100_000 / row.length)));
  const uri = `${session.rootUri}/rca/bench-preview-megabyte.md`;
  await c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  await session.diagnosticsFor(uri, (p) => p.version === 1);
  let data;
  const dataTimes = await timed(20, async () => {
    data = await c.sendRequest('rca/renderData', { uri });
  });
  const bundle = join(WORK, 'wikiLinkPlugin.cjs');
  await esbuild({ entryPoints: [join(REPO, 'shared', 'wikiLinkPlugin.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'warning' });
  const require = createRequire(import.meta.url);
  const { wikiLinkPlugin } = require(bundle);
  const MarkdownIt = require('markdown-it');
  const plain = new MarkdownIt();
  const extended = new MarkdownIt();
  wikiLinkPlugin(extended, { renderData: () => data, href: (link) => `${link.relativePath}${link.anchor ? `#${link.anchor}` : ''}`, header: () => true });
  const renders = (md) => timed(15, () => md.render(text, {}));
  // Alternated, so that load on the shared machine falls on both alike.
  const plainTimes = [];
  const pluginTimes = [];
  for (let round = 0; round < 3; round++) {
    plainTimes.push(...(await renders(plain)));
    pluginTimes.push(...(await renders(extended)));
  }
  const plainMs = quantile(plainTimes, 0.5);
  const pluginMs = quantile(pluginTimes, 0.5);
  return {
    'rca/renderData of a 1 MB RCA, median (ms)': quantile(dataTimes, 0.5),
    '1 MB RCA preview, markdown-it render alone, median (ms, info)': plainMs,
    '1 MB RCA preview, with the wiki-link plugin, median (ms, info)': pluginMs,
    '1 MB RCA preview, wiki-link plugin cost (% of render)': ((pluginMs - plainMs) / plainMs) * 100,
  };
}

const load = () => `load ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`;

const print = (n, results) => {
  for (const [name, value] of Object.entries(results)) {
    const target = (n >= 100_000 && TARGETS_100K[name]) || TARGETS[name];
    const verdict = !target || n < 10_000 ? '' : value <= target[1] ? 'PASS' : 'MISS';
    process.stdout.write(`  ${name.padEnd(60)} ${value.toFixed(value < 10 ? 2 : 0).padStart(8)}   ${target ? `${target[0]} ${target[1]}` : ''.padEnd(6)}  ${verdict}\n`);
  }
};

const all = {};
for (const n of sizes) {
  process.stdout.write(`\n${n.toLocaleString('en')} documents (${load()})\n`);
  all[n] = { loadBefore: loadavg() };
  if (!sessionOnly) {
    const startup = { ...(await measureStartup(n)), ...(await measureIndexHeap(n)) };
    print(n, startup);
    // The web build's start-up beside the Node one's.
    const web = await measureWeb(n);
    print(n, web);
    Object.assign(all[n], { startup, web });
  }
  if (startupOnly) continue;
  const { results, rounds } = await measure(n);
  Object.assign(all[n], { results, rounds, loadAfter: loadavg() });
  print(n, results);
  process.stdout.write(`  (${load()})\n`);
}
mkdirSync(WORK, { recursive: true });
writeFileSync(join(WORK, 'results.json'), JSON.stringify(all, null, 2) + '\n');
process.exit(0);
