// A virtual workspace for RCA Author's end-to-end tests: an in-memory file
// system (memfs:/example) holding files.json, which the test writes beside this
// file before packaging. A web extension, like RCA Author's web build: both run
// in the web worker extension host. Quick Open needs a search provider, which a
// file system of an extension has not: "RCA Test: Open File" opens a path.
const vscode = require('vscode');

const ROOT = '/example';

class MemoryFileSystem {
  constructor(loaded) {
    this.loaded = loaded;
    this.changed = new vscode.EventEmitter();
    this.onDidChangeFile = this.changed.event;
  }

  async entry(uri) {
    const files = await this.loaded;
    const file = files.get(uri.path);
    if (file) return { file };
    const prefix = `${uri.path.replace(/\/$/, '')}/`;
    const children = new Map();
    for (const [path] of files) {
      if (!path.startsWith(prefix)) continue;
      const [name, ...below] = path.slice(prefix.length).split('/');
      children.set(name, below.length > 0 ? vscode.FileType.Directory : vscode.FileType.File);
    }
    if (children.size > 0 || uri.path === ROOT) return { children };
    throw vscode.FileSystemError.FileNotFound(uri);
  }

  async stat(uri) {
    const { file } = await this.entry(uri);
    return file ? { type: vscode.FileType.File, ctime: 0, mtime: file.mtime, size: file.data.length } : { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
  }

  async readDirectory(uri) {
    const { children } = await this.entry(uri);
    if (!children) throw vscode.FileSystemError.FileNotADirectory(uri);
    return [...children];
  }

  async readFile(uri) {
    const { file } = await this.entry(uri);
    if (!file) throw vscode.FileSystemError.FileIsADirectory(uri);
    return file.data;
  }

  async writeFile(uri, data) {
    const files = await this.loaded;
    const existed = files.has(uri.path);
    files.set(uri.path, { data, mtime: Date.now() });
    this.changed.fire([{ type: existed ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created, uri }]);
  }

  async delete(uri) {
    const files = await this.loaded;
    for (const path of [...files.keys()]) if (path === uri.path || path.startsWith(`${uri.path}/`)) files.delete(path);
    this.changed.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
  }

  async rename(from, to) {
    const files = await this.loaded;
    files.set(to.path, files.get(from.path));
    files.delete(from.path);
    this.changed.fire([{ type: vscode.FileChangeType.Deleted, uri: from }, { type: vscode.FileChangeType.Created, uri: to }]);
  }

  createDirectory() {}

  watch() {
    return new vscode.Disposable(() => {});
  }
}

async function load(extensionUri) {
  const json = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'files.json'))));
  const encoder = new TextEncoder();
  return new Map(Object.entries(json).map(([path, text]) => [`${ROOT}/${path}`, { data: encoder.encode(text), mtime: Date.now() }]));
}

exports.activate = (context) => {
  // Registered at once, so the workbench finds the folder; answers wait for the files.
  context.subscriptions.push(
    vscode.workspace.registerFileSystemProvider('memfs', new MemoryFileSystem(load(context.extensionUri)), { isCaseSensitive: true }),
    vscode.commands.registerCommand('rcaTest.openFile', async () => {
      const path = await vscode.window.showInputBox({ prompt: 'Path in memfs:/example' });
      if (path) await vscode.window.showTextDocument(vscode.Uri.parse(`memfs:${ROOT}/${path}`));
    }),
  );
};
