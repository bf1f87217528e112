// The RCA language service: a facade over the parser, the rules and the
// workspace index, with the workspace and the rule sets injected (the core does
// not import the rules). The LSP layer and the CLI are thin shells around it.
import type { Catalog } from './catalog';
import { readCatalogFile, type CatalogFile, type CatalogProblem } from './catalogFile';
import { collectDiagnostics, diagnose, reported, severityOf, type DiagnoseInput, type Diagnosis, type RcaDiagnostic, type Rule, type RuleSet, type RuleSets } from './diagnostics';
import { listField, numberField, stringField } from './fields';
import { matchesAnyGlob } from './glob';
import type { RcaDocument } from './model';
import { parseDocument } from './parse';
import { DEFAULT_SETTINGS, type RcaSettings } from './settings';
import { LineIndex, todayIso } from './text';
import { timelineMetrics } from './timeline';
import { isInside, isMarkdownUri, joinUri, normalizeUri, relativePath } from './uri';
import { NONE, timeSlicer, type CancellationToken, type Disposable, type FileChange, type FileText, type Workspace } from './workspace';
import { packActionItems, WorkspaceIndex, type IndexOptions, type RcaSummary } from './workspaceIndex';

/** Files read at once while indexing (at most rca.maxFileSize each). */
const READ_AHEAD = 100;

export interface IndexProgress {
  (done: number, total: number): void;
}

/** The catalog file in effect: the editor's copy while it is open (with its version), else the one on disk. */
export interface CatalogSource {
  readonly uri: string;
  readonly root: string;
  readonly text: string;
  readonly version: number | null;
  readonly file: CatalogFile;
}

export class RcaService {
  readonly index: WorkspaceIndex;
  private settingsValue: RcaSettings;
  /** Each workspace folder's own `rca.*` settings (its folder-level configuration), by folder URI. */
  private folderSettings: ReadonlyMap<string, RcaSettings> = new Map();
  /** Each workspace folder's catalog (at its own `rca.catalog`), by folder URI; a folder without the file has none. */
  private catalogs: ReadonlyMap<string, CatalogSource> = new Map();
  /** Catalogs open in the editor, by URI: each wins over its file on disk. */
  private readonly catalogsInEditor = new Map<string, { readonly version: number; readonly text: string }>();
  private indexed = false;
  /** Set by indexWorkspace when rca.maxFiles left files out: the sentence that says so. */
  private limitedBy: string | undefined;
  /** Parsed open documents, one version each. */
  private readonly open = new Map<string, RcaDocument>();
  private readonly listeners = new Set<(uris: ReadonlySet<string>) => void>();
  /** Bumped when what the rules read besides the document and the index changes: settings, catalog, indexing done. */
  private configuration = 0;
  /** Each open document's diagnostics, for one parsed version, the index generation and configuration they were computed against. */
  private readonly analyses = new Map<string, { doc: RcaDocument; index: number; configuration: number; today: string; diagnostics: readonly RcaDiagnostic[] }>();

  /** Each kind's file and link rules together, for one document on its own. */
  private readonly allRules: { readonly rca: readonly Rule[]; readonly note: readonly Rule[] };

  constructor(
    readonly workspace: Workspace,
    private readonly rules: RuleSets,
    settings: RcaSettings = DEFAULT_SETTINGS,
    indexOptions?: IndexOptions,
  ) {
    const all = (set: RuleSet) => [...set.file, ...set.link];
    this.allRules = { rca: all(rules.rca), note: all(rules.note) };
    this.settingsValue = settings;
    this.index = new WorkspaceIndex(workspace, indexOptions);
    workspace.onDidChangeFiles((changes) => void this.applyFileChanges(changes));
  }

  get settings(): RcaSettings {
    return this.settingsValue;
  }

  /** The catalog a file is checked against: its folder's (outside every folder, the first folder's). */
  catalogFor(uri: string): Catalog | undefined {
    return this.catalogSourceFor(uri)?.file.catalog;
  }

  catalogSourceFor(uri: string): CatalogSource | undefined {
    const root = this.folderFor(uri);
    return root === undefined ? undefined : this.catalogs.get(root);
  }

  /** Where the catalog of a file's folder is, or would be created (outside every folder, the first folder's). */
  catalogUriFor(uri: string): string | undefined {
    const root = this.folderFor(uri);
    return root === undefined ? undefined : this.catalogUriOf(root);
  }

  /** The workspace folder a file belongs to: the one it is in, else the first. */
  folderFor(uri: string): string | undefined {
    return this.folderOf(normalizeUri(uri)) ?? this.workspace.roots[0];
  }

  /** Every folder's catalog file. */
  catalogFiles(): IterableIterator<CatalogSource> {
    return this.catalogs.values();
  }

  get isIndexed(): boolean {
    return this.indexed;
  }

  /** After indexing: undefined when every Markdown file was indexed, else how many of how many were (rca.maxFiles). */
  get indexLimited(): string | undefined {
    return this.limitedBy;
  }

  /** Called with the URIs whose diagnostics may have changed because another file did. */
  onDidInvalidate(listener: (uris: ReadonlySet<string>) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The workspace's settings, and those of folders that have their own (by folder URI). */
  async setSettings(settings: RcaSettings, folders: ReadonlyMap<string, RcaSettings> = new Map()): Promise<void> {
    const catalogUris = () => this.workspace.roots.map((root) => this.catalogUriOf(root)).join('\n');
    const before = catalogUris();
    this.settingsValue = settings;
    this.folderSettings = folders;
    const catalogMoved = catalogUris() !== before;
    this.configuration++;
    // Milestone keywords live in parsed timelines: parse again.
    for (const [uri, doc] of this.open) this.open.set(uri, parseDocument(uri, doc.version, doc.text, this.settingsFor(uri)));
    if (catalogMoved) await this.loadCatalog();
  }

  /** The settings that apply to a file or folder: its workspace folder's, else the workspace's. */
  settingsFor(uri: string): RcaSettings {
    const root = this.folderOf(normalizeUri(uri));
    return (root !== undefined ? this.folderSettings.get(root) : undefined) ?? this.settingsValue;
  }

  /** The workspace folder a (normalized) file or folder URI is in, or is. */
  private folderOf(uri: string): string | undefined {
    return this.workspace.roots.find((root) => root === uri || isInside(uri, root));
  }

  /**
   * Parses an open document once per version; the result is reused by every
   * request. Documents and the index know `uri` in its normalized spelling.
   */
  openDocument(uri: string, version: number, text: string): RcaDocument {
    uri = normalizeUri(uri);
    const current = this.open.get(uri);
    if (current && current.version === version && current.text === text) return current;
    const doc = parseDocument(uri, version, text, this.settingsFor(uri));
    this.open.set(uri, doc);
    if (this.isWorkspaceFile(uri)) this.updateIndexEntry(doc);
    return doc;
  }

  /**
   * Whether `uri` is a file of a workspace folder. Only those are read, indexed,
   * renamed or created; without a folder, the files the editor has open.
   */
  isWorkspaceFile(uri: string): boolean {
    const roots = this.workspace.roots;
    return roots.length === 0 ? this.open.has(uri) : roots.some((root) => isInside(uri, root));
  }

  getOpenDocument(uri: string): RcaDocument | undefined {
    return this.open.get(normalizeUri(uri));
  }

  openUris(): IterableIterator<string> {
    return this.open.keys();
  }

  /** Forgets the editor's copy; the index goes back to the file on disk. */
  async closeDocument(uri: string): Promise<void> {
    uri = normalizeUri(uri);
    if (!this.open.delete(uri)) return;
    this.analyses.delete(uri);
    await this.reindexFromDisk(uri);
  }

  isRca(doc: RcaDocument): boolean {
    const tags = listField(doc, 'tags');
    if (tags?.some((t) => t.value.toLowerCase() === 'rca')) return true;
    return matchesAnyGlob(relativePath(doc.uri, this.workspace.roots), this.settingsFor(doc.uri).files);
  }

  /**
   * A document's diagnostics. An open document's are computed once per version
   * and shared by every request (pull and push diagnostics, metrics, code
   * actions) until the index, the settings or the catalog change.
   */
  diagnose(doc: RcaDocument): readonly RcaDiagnostic[] {
    const cached = this.analyses.get(doc.uri);
    // Rules count days from the incident: a new day is a new analysis.
    const today = todayIso();
    if (cached && cached.doc === doc && cached.index === this.index.generation && cached.configuration === this.configuration && cached.today === today) return cached.diagnostics;
    const diagnostics = this.analyse(doc);
    if (this.open.get(doc.uri) === doc) this.analyses.set(doc.uri, { doc, index: this.index.generation, configuration: this.configuration, today, diagnostics });
    return diagnostics;
  }

  /** Runs the rules over a document: the work diagnose() does once per version. `notUtf8`: the document is a file's lossy decoding (see FileText). */
  protected analyse(doc: RcaDocument, notUtf8 = false): RcaDiagnostic[] {
    return this.runRules(doc, this.isRca(doc) ? this.allRules.rca : this.allRules.note, notUtf8);
  }

  /** Diagnostics of a text that is not (yet) the document's: nothing is cached or indexed. */
  diagnoseText(uri: string, text: string, notUtf8 = false): RcaDiagnostic[] {
    return this.analyse(parseDocument(uri, -1, text, this.settingsFor(uri)), notUtf8);
  }

  /**
   * Diagnostics of every indexed file with problems, against the live index:
   * open documents as edited, the others as saved. Yields between files so
   * other requests are served meanwhile.
   */
  async diagnoseIndexed(token: CancellationToken = NONE): Promise<Map<string, readonly RcaDiagnostic[]>> {
    const results = new Map<string, readonly RcaDiagnostic[]>();
    for await (const [uri, file] of this.readSaved([...this.index.all()].map((entry) => entry.uri), token)) {
      const open = this.getOpenDocument(uri);
      const diagnostics = open ? this.diagnose(open) : file === undefined ? [] : this.diagnoseText(uri, file.text, file.notUtf8);
      if (diagnostics.length > 0) results.set(uri, diagnostics);
    }
    return results;
  }

  private runRules(doc: RcaDocument, rules: readonly Rule[], notUtf8 = false): RcaDiagnostic[] {
    return diagnose(this.diagnoseInput(doc, notUtf8), rules);
  }

  private diagnoseInput(doc: RcaDocument, notUtf8 = false): DiagnoseInput {
    return { doc, settings: this.settingsFor(doc.uri), catalog: this.catalogFor(doc.uri), index: this.indexed ? this.index : undefined, notUtf8, today: todayIso() };
  }

  /**
   * Indexes the workspace and lints the files `select` picks, parsing each file
   * once and keeping none: file rules run as each file is read (lintFile), link
   * rules once the index is complete (finishLint).
   */
  async lintWorkspace(select: (uri: string) => boolean, token: CancellationToken = NONE): Promise<Map<string, RcaDiagnostic[]>> {
    await this.loadCatalog();
    const records: LintRecord[] = [];
    for (const uri of await this.workspace.listMarkdownFiles(token)) {
      if (token.isCancellationRequested) break;
      const file = await this.workspace.readFile(uri, this.settingsFor(uri).maxFileSize);
      if (file === undefined) continue;
      const record = this.lintFile(uri, file);
      this.addLintRecord(record);
      if (select(uri)) records.push(record);
    }
    return this.finishLint(records);
  }

  /**
   * One file's part of a workspace lint: the file rules' diagnostics now (link
   * rules wait for the complete index), and what the index and the link rules
   * need later.
   */
  private lintFile(uri: string, file: FileText): LintRecord {
    const doc = parseDocument(uri, 0, file.text, this.settingsFor(uri));
    const isRca = this.isRca(doc);
    const rules = isRca ? this.rules.rca : this.rules.note;
    return { uri, diagnosis: collectDiagnostics(this.diagnoseInput(doc, file.notUtf8), rules.file), linkRules: rules.link, view: linkView(doc), summary: isRca ? rcaSummary(doc) : undefined };
  }

  private addLintRecord(record: LintRecord): void {
    this.index.update(record.view, record.summary);
  }

  /** With every file's record added, the index is complete: run the link rules. */
  private finishLint(records: readonly LintRecord[]): Map<string, RcaDiagnostic[]> {
    this.indexed = true;
    return new Map(
      records.map((r) => {
        const input = this.diagnoseInput(r.view);
        return [r.uri, reported(input, collectDiagnostics(input, r.linkRules, r.diagnosis))];
      }),
    );
  }

  /** Reads the catalog and every Markdown file under the roots into the index. */
  async indexWorkspace(token: CancellationToken = NONE, progress?: IndexProgress): Promise<void> {
    await this.loadCatalog();
    const files = this.filesToIndex(await this.workspace.listMarkdownFiles(token));
    let done = 0;
    for await (const [uri, file] of this.readSaved(files, token)) {
      this.indexSaved(uri, file);
      progress?.(++done, files.length);
    }
    // Without a folder the index only ever holds open files: links stay unchecked rather than all broken.
    if (token.isCancellationRequested || this.workspace.roots.length === 0) return;
    // Sorted now, as part of indexing, rather than by the first completion or symbol search.
    this.index.searchRows();
    this.indexed = true;
    this.configuration++;
    this.emit(new Set(this.open.keys()));
  }

  /**
   * Follows a change of workspace folders (workspace.roots has changed already):
   * drops the files of removed folders, reloads the catalogs, indexes added folders.
   * A document still open from a removed folder stays open, outside the workspace:
   * out of the index, so links no longer resolve to it.
   */
  async changeFolders(added: readonly string[], removed: readonly string[], token: CancellationToken = NONE): Promise<void> {
    for (const entry of [...this.index.all()]) if (removed.some((root) => isInside(entry.uri, root)) && !this.isWorkspaceFile(entry.uri)) this.removeFromIndex(entry.uri);
    await this.loadCatalog();
    const files = added.length === 0 ? [] : (await this.workspace.listMarkdownFiles(token)).filter((uri) => added.some((root) => isInside(uri, root)));
    for await (const [uri, file] of this.readSaved(files, token)) {
      const open = this.open.get(uri);
      // An open document of an added folder was outside the workspace until now.
      if (open) this.updateIndexEntry(open);
      else this.indexSaved(uri, file);
    }
    if (token.isCancellationRequested) return;
    this.index.searchRows();
    // A session started without a folder checks links once it has one.
    this.indexed = this.workspace.roots.length > 0;
    this.configuration++;
    this.emit(new Set(this.open.keys()));
  }

  /** All of them, or the first rca.maxFiles with RCAs first, saying so. */
  private filesToIndex(files: string[]): string[] {
    const limit = this.settingsValue.maxFiles;
    this.limitedBy = undefined;
    if (files.length <= limit) return files;
    const isRca = (uri: string) => matchesAnyGlob(relativePath(uri, this.workspace.roots), this.settingsFor(uri).files);
    const kept = [...files.filter(isRca), ...files.filter((uri) => !isRca(uri))].slice(0, limit);
    this.limitedBy = `Indexing ${limit} of ${files.length} Markdown files (rca.maxFiles); links to the others are not checked`;
    this.workspace.log(this.limitedBy);
    return kept;
  }

  /** Reads the catalogs of `roots` (by default every folder's, anew), at the path of each folder's `rca.catalog`. */
  private async loadCatalog(roots: readonly string[] = this.workspace.roots): Promise<void> {
    const catalogs = new Map<string, CatalogSource>(roots === this.workspace.roots ? [] : this.catalogs);
    for (const root of roots) {
      const uri = this.catalogUriOf(root);
      const open = this.catalogsInEditor.get(uri);
      const text = open ? open.text : (await this.workspace.readFile(uri))?.text;
      if (text !== undefined) catalogs.set(root, { uri, root, text, version: open?.version ?? null, file: this.readCatalog(root, text) });
      else catalogs.delete(root);
    }
    this.catalogs = catalogs;
    this.configuration++;
  }

  /** The folder's catalog read from `text`: the one already read when the text is the same (a catalog of thousands of entries takes a second). */
  private readCatalog(root: string | undefined, text: string): CatalogFile {
    const loaded = root === undefined ? undefined : this.catalogs.get(root);
    return loaded?.text === text ? loaded.file : readCatalogFile(text);
  }

  private catalogUriOf(root: string): string {
    return joinUri(root, this.settingsFor(root).catalog);
  }

  /** The folder whose catalog `uri` (normalized) is. */
  private catalogRootOf(uri: string): string | undefined {
    return this.workspace.roots.find((root) => this.catalogUriOf(root) === uri);
  }

  isCatalogUri(uri: string): boolean {
    return this.catalogRootOf(normalizeUri(uri)) !== undefined;
  }

  /** The editor's copy of a catalog is that folder's catalog until closed: RCAs are checked against it as it is typed. */
  async openCatalog(uri: string, version: number, text: string): Promise<void> {
    uri = normalizeUri(uri);
    if (this.catalogsInEditor.get(uri)?.text === text) return;
    this.catalogsInEditor.set(uri, { version, text });
    await this.catalogChanged(uri);
  }

  async closeCatalog(uri: string): Promise<void> {
    uri = normalizeUri(uri);
    if (!this.catalogsInEditor.delete(uri)) return;
    await this.catalogChanged(uri);
  }

  /** The catalog at `uri` (normalized) changed: that folder's is read again. */
  private async catalogChanged(uri: string): Promise<void> {
    const root = this.catalogRootOf(uri);
    await this.loadCatalog(root === undefined ? undefined : [root]);
    this.emit(new Set(this.open.keys()));
  }

  /** The catalog file's own diagnostics: its shape, its names, and runbooks that do not exist. */
  async diagnoseCatalog(uri: string, text: string): Promise<RcaDiagnostic[]> {
    const root = this.catalogRootOf(normalizeUri(uri)) ?? this.workspace.roots[0];
    const file = this.readCatalog(root, text);
    const settings = root === undefined ? this.settingsValue : this.settingsFor(root);
    const problems: CatalogProblem[] = [...file.problems];
    for (const runbook of file.runbooks) {
      if (root !== undefined && !(await this.fileExists(joinUri(root, runbook.path)))) {
        problems.push({ code: 'catalog-runbook-missing', range: runbook.range, message: `No file at "${runbook.path}" (runbook paths are relative to the workspace folder)` });
      }
    }
    return problems.flatMap((p): RcaDiagnostic[] => {
      const severity = severityOf(p.code, settings);
      return severity === 'off' ? [] : [{ code: p.code, severity, message: p.message, range: p.range }];
    });
  }

  private async fileExists(uri: string): Promise<boolean> {
    return this.index.get(uri) !== undefined || (await this.workspace.readFile(uri)) !== undefined;
  }

  async applyFileChanges(changes: readonly FileChange[]): Promise<void> {
    const affected = new Set<string>();
    const catalogRoots = new Set<string>();
    for (const { uri, kind } of changes.map((c) => ({ uri: normalizeUri(c.uri), kind: c.kind }))) {
      if (!this.isWorkspaceFile(uri)) continue;
      const catalogRoot = this.catalogRootOf(uri);
      if (catalogRoot !== undefined) {
        catalogRoots.add(catalogRoot);
        for (const uri of this.open.keys()) affected.add(uri);
        continue;
      }
      // A runbook an open catalog names may have appeared or gone.
      if (kind !== 'changed') for (const catalog of this.catalogsInEditor.keys()) affected.add(catalog);
      if (!isMarkdownUri(uri) || this.open.has(uri)) continue;
      if (kind === 'deleted') this.removeFromIndex(uri);
      else await this.reindexFromDisk(uri);
    }
    if (catalogRoots.size > 0) await this.loadCatalog([...catalogRoots]);
    if (affected.size > 0) this.emit(affected);
  }

  private async reindexFromDisk(uri: string): Promise<void> {
    this.indexSaved(uri, await this.readSavedFile(uri));
  }

  /** A file of the workspace as saved; undefined when it is outside the folders, missing or unreadable. */
  private async readSavedFile(uri: string): Promise<FileText | undefined> {
    return this.isWorkspaceFile(uri) ? await this.workspace.readFile(uri, this.settingsFor(uri).maxFileSize) : undefined;
  }

  /** Indexes a file as saved, or drops it when it could not be read; a document opened meanwhile keeps the editor's text. */
  private indexSaved(uri: string, file: FileText | undefined): void {
    if (this.open.has(uri)) return;
    if (file === undefined) this.removeFromIndex(uri);
    // The parsed document is dropped: the index keeps only its summary.
    else this.updateIndexEntry(parseDocument(uri, 0, file.text, this.settingsFor(uri)));
  }

  /**
   * Each of `uris` with its file as saved (undefined for a file open in the
   * editor, not read: the caller takes the editor's text). READ_AHEAD files are
   * asked for at once, so that a host reading through the editor (the web
   * worker) reads them in one request, and the next batch is asked for before
   * this one is indexed, so its reading overlaps the parsing. Between files the
   * host serves what waits.
   */
  private async *readSaved(uris: readonly string[], token: CancellationToken): AsyncGenerator<[string, FileText | undefined]> {
    const pause = timeSlicer(this.workspace);
    const read = (batch: readonly string[]) => Promise.all(batch.map((uri) => (this.open.has(uri) ? undefined : this.readSavedFile(uri))));
    let next = read(uris.slice(0, READ_AHEAD));
    for (let start = 0; start < uris.length && !token.isCancellationRequested; start += READ_AHEAD) {
      const batch = uris.slice(start, start + READ_AHEAD);
      const files = await next;
      if (start + READ_AHEAD < uris.length) next = read(uris.slice(start + READ_AHEAD, start + 2 * READ_AHEAD));
      for (let i = 0; i < batch.length && !token.isCancellationRequested; i++) {
        yield [batch[i], files[i]];
        await pause();
      }
    }
  }

  private removeFromIndex(uri: string): void {
    if (this.index.remove(uri) && this.indexed) this.emitLinkersOf(uri);
  }

  /** A file's appearance, disappearance or new headings matter to the files linking to it. */
  private emitLinkersOf(uri: string): void {
    const linkers = new Set(this.index.linkersOf(uri));
    linkers.delete(uri);
    if (linkers.size > 0) this.emit(linkers);
  }

  private updateIndexEntry(doc: RcaDocument): void {
    const before = this.index.get(doc.uri);
    this.index.update(doc, this.isRca(doc) ? rcaSummary(doc) : undefined);
    const after = this.index.get(doc.uri)!;
    const headingsChanged = !before || before.headings.map((h) => h.text).join('\n') !== after.headings.map((h) => h.text).join('\n');
    if (this.indexed && headingsChanged) this.emitLinkersOf(doc.uri);
  }

  private emit(uris: ReadonlySet<string>): void {
    for (const listener of this.listeners) listener(uris);
  }
}

const NO_LINES = new LineIndex('');
const NO_LINE_NUMBERS: ReadonlySet<number> = new Set();

/** What linting one file yields before the workspace index is complete (see RcaService.lintFile). */
interface LintRecord {
  readonly uri: string;
  /** From the file rules; link rules add to it once every record is in the index. */
  readonly diagnosis: Diagnosis;
  /** The file's kind's link rules, for finishLint. */
  readonly linkRules: readonly Rule[];
  /** The document reduced to what the index and the link rules read. */
  readonly view: RcaDocument;
  readonly summary: RcaSummary | undefined;
}

/** A document reduced to what the index and link rules read, so thousands can wait for the index cheaply. */
function linkView(doc: RcaDocument): RcaDocument {
  return {
    uri: doc.uri,
    version: doc.version,
    text: '',
    lines: NO_LINES,
    frontMatter: undefined,
    title: doc.title,
    headings: doc.headings,
    sections: [],
    summary: undefined,
    timeline: undefined,
    impact: [],
    affectedServices: undefined,
    customerImpact: [],
    actionItems: [],
    links: doc.links,
    markdownLinks: doc.markdownLinks,
    footer: undefined,
    disabledCodes: doc.disabledCodes,
    hiddenLines: NO_LINE_NUMBERS,
  };
}

export function rcaSummary(doc: RcaDocument): RcaSummary {
  const timeline = timelineMetrics(doc.timeline);
  const figure = (name: string) => doc.customerImpact.find((f) => f.name === name)?.value;
  return {
    title: stringField(doc, 'title')?.value,
    date: stringField(doc, 'date')?.value,
    severity: stringField(doc, 'severity')?.value,
    status: stringField(doc, 'status')?.value,
    author: stringField(doc, 'author')?.value,
    services: (listField(doc, 'services') ?? []).map((s) => s.value),
    tags: (listField(doc, 'tags') ?? []).map((t) => t.value),
    durationMinutes: numberField(doc, 'duration_minutes')?.value,
    timeToResolve: timeline?.timeToResolve,
    timeToMitigate: timeline?.timeToMitigate,
    timeToDetect: timeline?.timeToDetect,
    customerImpactMinutes: timeline?.customerImpactMinutes,
    usersAffected: doc.summary?.usersAffected?.value ?? figure('usersAffected'),
    revenueImpact: figure('revenueImpact'),
    actionItems: packActionItems(doc.actionItems.map((a) => ({ line: a.line, action: a.action?.text ?? '', owner: a.owner?.text ?? '', priority: a.priority?.text ?? '', due: a.dueDate?.text ?? '', status: a.status?.text ?? '', ticket: a.ticket?.text ?? '' }))),
  };
}
