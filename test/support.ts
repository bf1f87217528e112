// Test support: an in-memory Workspace, range markers in test strings, and the
// example workspace's files. `⟦` and `⟧` mark an expected range in a test string
// (they are removed before parsing), the way vscode-markdown-languageservice
// marks cursors.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createContext, type Context } from 'node:vm';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { RcaDiagnostic, RuleCode } from '../server/src/core/diagnostics';
import { RcaService } from '../server/src/core/service';
import { RULE_SETS } from '../server/src/rules';
import { DEFAULT_SETTINGS, resolveSettings, type RcaSettings } from '../server/src/core/settings';
import { LineIndex, type Range } from '../server/src/core/text';
import { decodeFile, type Disposable, type FileChange, type FileText, type Workspace } from '../server/src/core/workspace';
import { isMarkdownUri, joinUri } from '../server/src/core/uri';

export const ROOT = 'file:///ws';
export const REPO = resolve(__dirname, '..', '..');
export const EXAMPLE = join(REPO, 'example');
/** Cases per property test: CI runs the default; `npm run fuzz` sets FUZZ_RUNS for many more. */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

/** mulberry32: a small seeded generator, so every run checks the same cases and a failure names the seed that reproduces it. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class MemoryWorkspace implements Workspace {
  readonly files = new Map<string, string>();
  readonly logs: string[] = [];
  private readonly listeners = new Set<(changes: readonly FileChange[]) => void>();

  constructor(
    files: Record<string, string> = {},
    public roots: readonly string[] = [ROOT],
  ) {
    for (const [path, text] of Object.entries(files)) this.files.set(uriOf(path), text);
  }

  async listMarkdownFiles(): Promise<string[]> {
    return [...this.files.keys()].filter(isMarkdownUri);
  }

  async readFile(uri: string, maxBytes?: number): Promise<FileText | undefined> {
    const text = this.files.get(uri);
    if (text === undefined) return undefined;
    const bytes = Buffer.from(text);
    return maxBytes !== undefined && bytes.length > maxBytes ? undefined : decodeFile(bytes);
  }

  onDidChangeFiles(listener: (changes: readonly FileChange[]) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  log(message: string): void {
    this.logs.push(message);
  }

  yield(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }

  /** Writes or deletes a file and tells the listeners, as a file watcher would. */
  change(path: string, text: string | undefined): void {
    const uri = uriOf(path);
    const kind = text === undefined ? 'deleted' : this.files.has(uri) ? 'changed' : 'created';
    if (text === undefined) this.files.delete(uri);
    else this.files.set(uri, text);
    this.fireChanges([{ uri, kind }]);
  }

  setRoots(roots: readonly string[]): void {
    this.roots = roots;
  }

  /** Tells the listeners of changes made elsewhere, as the language server does with its client's file events. */
  fireChanges(changes: readonly FileChange[]): void {
    for (const listener of this.listeners) listener(changes);
  }
}

/** The normalized URI of a workspace-relative path, as the Node workspace makes them. */
export function uriOf(path: string): string {
  return joinUri(ROOT, path);
}

/** Removes `⟦…⟧` markers and returns the clean text with the ranges they marked. */
export function marked(source: string): { text: string; ranges: Range[] } {
  let text = '';
  const offsets: [number, number][] = [];
  const open: number[] = [];
  for (const ch of source) {
    if (ch === '⟦') open.push(text.length);
    else if (ch === '⟧') offsets.push([open.pop()!, text.length]);
    else text += ch;
  }
  assert.equal(open.length, 0, 'unbalanced ⟦ marker');
  const lines = new LineIndex(text);
  offsets.sort((a, b) => a[0] - b[0]);
  return { text, ranges: offsets.map(([s, e]) => lines.range(s, e)) };
}

/** A service over the given files, indexed. Paths are workspace-relative. */
export async function indexedService(files: Record<string, string>, settings: RcaSettings | object = DEFAULT_SETTINGS): Promise<{ service: RcaService; workspace: MemoryWorkspace }> {
  const workspace = new MemoryWorkspace(files);
  const service = new RcaService(workspace, RULE_SETS, 'files' in settings ? (settings as RcaSettings) : resolveSettings(settings));
  await service.indexWorkspace();
  return { service, workspace };
}

export function diagnosticsFor(service: RcaService, path: string, text: string): readonly RcaDiagnostic[] {
  return service.diagnose(service.openDocument(uriOf(path), 1, text));
}

export function codesOf(diagnostics: readonly RcaDiagnostic[]): RuleCode[] {
  return diagnostics.map((d) => d.code);
}

/** Every file under `dir`, by its path relative to `dir` with forward slashes. */
export function filesUnder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path).split('\\').join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

/** The example workspace's files, by workspace-relative path. */
export function exampleFiles(): Record<string, string> {
  return filesUnder(EXAMPLE);
}

/** The seed RCA of 2025-07-30, the reference document of many tests. */
export const SEED_PATH = 'rca/2025/2025-07-30-cache-invalidation-bug-in-recommendation-engine.md';
export function seedText(): string {
  return readFileSync(join(EXAMPLE, SEED_PATH), 'utf8');
}

/**
 * A V8 context holding the standard JavaScript globals and what a web worker adds
 * that the bundles use, as `self` too; no process, Buffer, setImmediate, require,
 * global or __dirname. `scope` adds the worker's messaging (postMessage, close).
 */
export function workerContext(scope: Record<string, unknown> = {}): Context {
  const context = createContext({ TextEncoder, TextDecoder, setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask, console, URL, performance, MessageChannel: TaskChannel, ...scope });
  context.self = context;
  return context;
}

/** A worker's MessageChannel as far as the bundles use it: a message to the twin port arrives in a task of its own. */
class TaskChannel {
  readonly port1 = new TaskPort();
  readonly port2 = new TaskPort();

  constructor() {
    this.port1.twin = this.port2;
    this.port2.twin = this.port1;
  }
}

class TaskPort {
  twin: TaskPort | undefined;
  onmessage: ((event: { data: unknown }) => void) | undefined;

  postMessage(data: unknown): void {
    const twin = this.twin;
    setImmediate(() => twin?.onmessage?.({ data }));
  }
}

/**
 * A validator of the OASIS SARIF 2.1.0 schema (errata 01), as published in github.com/oasis-tcs/sarif-spec,
 * sarif-2.1/schema/sarif-schema-2.1.0.json (last changed there in commit a560296c, 2024-05-02).
 */
export function sarifValidator() {
  const schema = JSON.parse(readFileSync(join(REPO, 'test', 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}
