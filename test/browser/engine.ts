// The engine as a browser hosts it: the service, every rule and a few features
// over an in-memory workspace, with no Node API. browserEngine.test.ts bundles
// this file for `platform: 'browser'` and runs it without Node's globals.
import { RcaService } from '../../server/src/core/service';
import type { Position } from '../../server/src/core/text';
import { decodeFile, type Disposable, type FileText, type Workspace } from '../../server/src/core/workspace';
import { isMarkdownUri, joinUri, relativePath } from '../../server/src/core/uri';
import { definition } from '../../server/src/features/definition';
import { linkCompletion } from '../../server/src/features/linkCompletion';
import { linkHover } from '../../server/src/features/linkHover';
import { RULE_SETS } from '../../server/src/rules';

const ROOT = 'file:///ws';
const encoder = new TextEncoder();

class BrowserMemoryWorkspace implements Workspace {
  readonly roots = [ROOT];
  readonly logs: string[] = [];
  private readonly files = new Map<string, string>();

  constructor(files: Readonly<Record<string, string>>) {
    for (const [path, text] of Object.entries(files)) this.files.set(joinUri(ROOT, path), text);
  }

  async listMarkdownFiles(): Promise<string[]> {
    return [...this.files.keys()].filter(isMarkdownUri);
  }

  async readFile(uri: string, maxBytes?: number): Promise<FileText | undefined> {
    const text = this.files.get(uri);
    if (text === undefined) return undefined;
    const bytes = encoder.encode(text);
    return maxBytes !== undefined && bytes.length > maxBytes ? undefined : decodeFile(bytes);
  }

  onDidChangeFiles(): Disposable {
    return { dispose: () => undefined };
  }

  log(message: string): void {
    this.logs.push(message);
  }

  // A page yields to its event loop with a task; setImmediate is Node's.
  yield(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 0));
  }
}

export interface Probe {
  /** Workspace-relative path of the file the features are asked about. */
  readonly path: string;
  /** On a wiki-link, for definition and hover. */
  readonly link: Position;
  /** Just after `[[` and a few letters, for completion. */
  readonly completion: Position;
}

/** Indexes `files`, lints them and asks the features about `probe`; the answer as JSON (plain data across realms). */
export async function run(files: Readonly<Record<string, string>>, probe: Probe): Promise<string> {
  const workspace = new BrowserMemoryWorkspace(files);
  const service = new RcaService(workspace, RULE_SETS);
  await service.indexWorkspace();
  const problems = [...(await service.diagnoseIndexed())].flatMap(([uri, diagnostics]) => diagnostics.map((d) => ({ file: relativePath(uri, workspace.roots), code: d.code })));
  const uri = joinUri(ROOT, probe.path);
  const doc = service.openDocument(uri, 1, files[probe.path]);
  return JSON.stringify({
    indexed: [...service.index.all()].map((entry) => relativePath(entry.uri, workspace.roots)),
    problems,
    definition: definition(doc, probe.link, service),
    hover: await linkHover(doc, probe.link, service),
    completion: linkCompletion(doc, probe.completion, service)?.items.map((item) => item.label) ?? [],
    logs: workspace.logs,
  });
}
