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
import { ChangedWhileStored, contentHash, DamagedIndex, documentView, factsView, indexSettingsKey, INDEX_STATE, IndexWriter, LINT_STATE, lintOutcomeLine, readIndex, readIndexRows, readLintState, storedIndexText, type FileFacts, type LintOutcomeFile } from './persistedIndex';
import { DEFAULT_SETTINGS, type RcaSettings } from './settings';
import { todayIso } from '../../../shared/calendarDay';
import { timelineMetrics } from './timeline';
import { isInside, isMarkdownPath, isMarkdownUri, joinUri, normalizeUri, relativePath } from './uri';
import { NONE, timeSlicer, type CancellationToken, type Disposable, type FileChange, type FileStamp, type FileText, type ParsedFile, type Workspace } from './workspace';
import { indexedParts, packActionItems, packHeadings, packLinks, WorkspaceIndex, type IndexOptions, type RcaSummary } from './workspaceIndex';

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

/** Keeping the index between sessions, in the workspace's state (see persistedIndex.ts). */
export interface PersistOptions {
  /** Names the code that wrote a stored index: one written by any other is not read. */
  readonly engine: string;
  /** How long after the index last changed it is stored again. */
  readonly delayMs?: number;
  /**
   * Storing, and reading again the files of a stored index, wait for this between their time
   * slices (the server: until no request is in progress), so that a 100,000-file index stored
   * after a branch switch, or read again after a start, does not slow the requests answered meanwhile.
   */
  readonly idle?: () => Promise<void>;
}

/** rca-lint's cache (see lintWorkspace). */
export interface LintCacheOptions {
  /** Names the code that wrote a cache: one written by any other is not read. */
  readonly engine: string;
  /** `metadata`: a file of unchanged size and modification time is not read (ESLint's default); `content`: every file is read, and its text compared by hash. */
  readonly strategy: 'metadata' | 'content';
  /** Whether a run over unchanged files may answer with what the cache's run reported alone, building no index (default: true). */
  readonly reportedOnly?: boolean;
}

const sameStamp = (a: FileStamp, b: FileStamp) => a.size === b.size && a.mtime === b.mtime;

/** What tells an indexed file unchanged on the next start. */
interface FileRecord {
  readonly stamp: FileStamp;
  readonly hash: number;
  readonly settings: string;
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
  private readonly savedFilesListeners = new Set<() => void>();
  /** Bumped when what the rules read besides the document and the index changes: settings, catalog, indexing done. */
  private configuration = 0;
  /** Each open document's diagnostics, for one parsed version, the index generation and configuration they were computed against. */
  private readonly analyses = new Map<string, { doc: RcaDocument; index: number; configuration: number; today: string; diagnostics: readonly RcaDiagnostic[] }>();

  /** Each kind's file and link rules together, for one document on its own. */
  private readonly allRules: { readonly rca: readonly Rule[]; readonly note: readonly Rule[] };
  /** Each indexed file's record as read from disk, while the index is persisted. */
  private readonly records = new Map<string, FileRecord>();
  /** Files indexed from the stored index whose text has not been read this session. */
  private readonly unverified = new Set<string>();
  /** The index was taken from the stored one and its files not yet listed (see reconcileStoredIndex). */
  private unreconciled = false;
  /** indexSettingsKey of each settings object, under the workspace folders `keyedRoots` (workspace.roots is replaced as a whole). */
  private settingsKeys = new WeakMap<RcaSettings, string>();
  private keyedRoots: readonly string[] = [];
  /** The index has changed since it was last stored. */
  private unsaved = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();
  /** The file events applied so far (see applyFileChanges). */
  private fileChangesApplied: Promise<void> = Promise.resolve();
  /** Files read and parsed into the index (rather than taken from a stored one): what indexing cost. */
  parsedFiles = 0;

  constructor(
    readonly workspace: Workspace,
    private readonly rules: RuleSets,
    settings: RcaSettings = DEFAULT_SETTINGS,
    indexOptions?: IndexOptions,
    /** Keeps the index between sessions when given and the workspace can stat files and store state. */
    private readonly persist?: PersistOptions,
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
    const { roots } = this.workspace;
    // One folder (the common case, asked for every file): the file's, or the first.
    return roots.length === 1 ? roots[0] : (this.folderOf(normalizeUri(uri)) ?? roots[0]);
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

  /** Called once files changed on disk, not open in the editor, were indexed again or dropped. */
  onDidIndexSavedFiles(listener: () => void): Disposable {
    this.savedFilesListeners.add(listener);
    return { dispose: () => this.savedFilesListeners.delete(listener) };
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
    // Asked for every file: without folder settings there is no folder to look up.
    if (this.folderSettings.size === 0) return this.settingsValue;
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
    return isRcaIn(doc, this.settingsFor(doc.uri), this.workspace.roots);
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
      if (!open) this.verifyFile(uri, file);
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
   * rules once the index is complete (finishLint). With `cache`, a file whose
   * record in the cache is current is not parsed: its file rules' findings and
   * its part of the index come from the cache, which is written anew. When no
   * file changed, was added or removed since the cache's run, and that run reported
   * every file `select` picks, its findings are the answer: no index is built
   * (isIndexed stays false) unless `cache.reportedOnly` is false.
   */
  async lintWorkspace(select: (uri: string) => boolean, token: CancellationToken = NONE, cache?: LintCacheOptions): Promise<Map<string, RcaDiagnostic[]>> {
    await this.loadCatalog();
    const key = cache && this.canStore ? this.lintCacheKey(cache.engine) : undefined;
    const text = key === undefined ? undefined : await this.workspace.readState!(LINT_STATE);
    const state = text === undefined ? undefined : readLintState(text, key!);
    const files = await this.workspace.listMarkdownFiles(token);
    if (state?.outcome && cache!.reportedOnly !== false) {
      const reported = await this.reportedBefore(files, select, state.outcome, cache!.strategy);
      if (reported) return reported;
    }
    const stored = state === undefined ? undefined : this.readStoredText(LINT_STATE, state.index, key!);
    const toStore: [string, FileFacts][] = [];
    const records: LintRecord[] = [];
    // Whether the cache would change: a file linted, changed in time or size only, added or removed.
    let changed = stored === undefined;
    let reused = 0;
    for (const uri of files) {
      if (token.isCancellationRequested) break;
      const found = stored?.get(uri);
      const current = found?.lint && found.settings === this.indexSettingsKey(uri) ? found : undefined;
      const stamp = current && cache!.strategy === 'metadata' ? await this.workspace.stat!(uri) : undefined;
      let record: LintRecord;
      let facts: FileFacts | undefined;
      if (current && stamp && sameStamp(stamp, current.stamp)) {
        record = this.cachedLintRecord(uri, current);
        facts = current;
        reused++;
        this.addLintRecord(record);
      } else {
        const file = await this.workspace.readFile(uri, this.settingsFor(uri).maxFileSize);
        if (file === undefined) continue;
        const hash = key === undefined ? undefined : contentHash(file.text);
        const unchanged = current && hash === current.hash;
        if (unchanged) reused++;
        changed ||= !unchanged || !file.stamp || !sameStamp(file.stamp, current.stamp);
        record = unchanged ? this.cachedLintRecord(uri, current) : this.lintFile(uri, file);
        this.addLintRecord(record);
        if (file.stamp && key !== undefined) facts = unchanged ? { ...current, stamp: file.stamp } : this.lintFacts(record, file.stamp, hash!);
      }
      if (facts) toStore.push([uri, facts]);
      if (select(uri)) records.push(record);
    }
    const results = this.finishLint(records);
    if (key !== undefined && !token.isCancellationRequested) {
      const line = lintOutcomeLine(key, toStore.map(([uri, { stamp, hash }]) => [uri, { stamp, hash, findings: results.get(uri) }]));
      // Written only when it would change: a file linted, changed in time or size, added or removed, or other files reported.
      if (changed || reused !== stored?.size) {
        const writer = new IndexWriter(key);
        for (const [uri, facts] of toStore) writer.add(uri, facts);
        await this.writeState(LINT_STATE, line + writer.finish());
      } else if (line !== state!.line) {
        await this.writeState(LINT_STATE, line + state!.index);
      }
    }
    return results;
  }

  /**
   * What the cache's run reported of the files `select` picks, when `files` are the files it read,
   * each unchanged (by size and time, or by text with the `content` strategy), and it reported each picked.
   */
  private async reportedBefore(files: readonly string[], select: (uri: string) => boolean, outcome: ReadonlyMap<string, LintOutcomeFile>, strategy: LintCacheOptions['strategy']): Promise<Map<string, RcaDiagnostic[]> | undefined> {
    if (files.length !== outcome.size) return undefined;
    const reported = new Map<string, RcaDiagnostic[]>();
    for (const uri of files) {
      const before = outcome.get(uri);
      if (before === undefined) return undefined;
      if (strategy === 'metadata') {
        const stamp = await this.workspace.stat!(uri);
        if (!stamp || !sameStamp(stamp, before.stamp)) return undefined;
      } else {
        const file = await this.workspace.readFile(uri, this.settingsFor(uri).maxFileSize);
        if (!file || contentHash(file.text) !== before.hash) return undefined;
      }
      if (!select(uri)) continue;
      if (!before.findings) return undefined;
      reported.set(uri, [...before.findings]);
    }
    return reported;
  }

  /** What a cached lint depends on besides each file: the engine, the settings, the catalogs, the folders and the day (rules such as action-untracked count days). */
  private lintCacheKey(engine: string): string {
    const catalogs = [...this.catalogs.values()].map((c) => [c.uri, c.text]);
    return `${engine} ${contentHash(JSON.stringify([this.settingsValue, [...this.folderSettings], catalogs, this.workspace.roots, todayIso()]))}`;
  }

  /** A file's lint record from the cache: its file rules' findings as they were (without fixes), its view from its stored facts. */
  private cachedLintRecord(uri: string, facts: FileFacts): LintRecord {
    const { diagnosis } = facts.lint!;
    const rules = facts.rca ? this.rules.rca : this.rules.note;
    return { uri, diagnosis: { ...diagnosis, diagnostics: [...diagnosis.diagnostics] }, linkRules: rules.link, view: factsView(uri, facts), summary: facts.rca };
  }

  /** What the cache keeps of a file just linted (its record must be in the index). */
  private lintFacts(record: LintRecord, stamp: FileStamp, hash: number): FileFacts {
    const entry = this.index.get(record.uri)!;
    const diagnostics = record.diagnosis.diagnostics.map(({ code, severity, message, range }) => ({ code, severity, message, range }));
    return {
      stamp,
      hash,
      settings: this.indexSettingsKey(record.uri),
      headings: entry.headingValues,
      links: entry.linkValues,
      rca: record.summary,
      lint: { diagnosis: { ...record.diagnosis, diagnostics }, disabledCodes: [...record.view.disabledCodes] },
    };
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

  /**
   * Reads the catalog and every Markdown file under the roots into the index: from
   * the index an earlier session stored, when there is one, without listing or
   * looking at the files (reconcileStoredIndex then brings it up to them).
   */
  async indexWorkspace(token: CancellationToken = NONE, progress?: IndexProgress): Promise<void> {
    await this.loadCatalog();
    const indexing = this.workspace.indexing?.();
    try {
      if (!(await this.restoreStoredIndex(token, progress))) {
        const files = this.filesToIndex(await this.workspace.listMarkdownFiles(token));
        let done = 0;
        for await (const _ of this.indexFromDisk(files, token)) progress?.(++done, files.length);
      }
    } finally {
      indexing?.dispose();
    }
    this.scheduleSave(0);
    // Without a folder the index only ever holds open files: links stay unchecked rather than all broken.
    if (token.isCancellationRequested || this.workspace.roots.length === 0) return;
    this.indexed = true;
    this.configuration++;
    this.emit(new Set(this.open.keys()));
  }

  /**
   * Brings an index taken from the stored one up to the files as they are now:
   * lists them, indexes those added since, drops those removed, and reads again
   * each whose size or time changed; open documents that link to them are checked
   * again. Run once the index is complete, in time slices. Whether it listed them.
   */
  async reconcileStoredIndex(token: CancellationToken = NONE): Promise<boolean> {
    if (!this.unreconciled) return false;
    const files = this.filesToIndex(await this.workspace.listMarkdownFiles(token));
    // A listing cut short would drop the files it did not reach.
    if (token.isCancellationRequested) return false;
    this.unreconciled = false;
    const listed = new Set(files);
    for (const uri of [...this.unverified]) if (!listed.has(uri) && !this.open.has(uri)) this.removeFromIndex(uri);
    const pause = timeSlicer(this.workspace);
    const toRead: string[] = [];
    for (const uri of files) {
      if (token.isCancellationRequested) return true;
      if (this.open.has(uri)) continue;
      if (this.unverified.has(uri)) {
        const stamp = await this.workspace.stat!(uri);
        if (stamp && sameStamp(stamp, this.records.get(uri)!.stamp)) continue;
        this.dropStaleEntry(uri);
      } else if (this.index.get(uri)) continue;
      toRead.push(uri);
      await pause();
    }
    for await (const _ of this.indexFromDisk(toRead, token));
    return true;
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
    for await (const uri of this.indexFromDisk(files, token)) {
      const open = this.open.get(uri);
      // An open document of an added folder was outside the workspace until now.
      if (open) this.updateIndexEntry(open);
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

  /**
   * Applies file events (from the editor's watcher) in the order they came. A batch
   * yields between files, so requests are served through a branch switch of
   * thousands of files, and the next batch waits for it: a file deleted, then
   * created again, must end up indexed.
   */
  applyFileChanges(changes: readonly FileChange[]): Promise<void> {
    const applied = this.fileChangesApplied.then(() => this.applyFileChangesNow(changes));
    this.fileChangesApplied = applied.catch(() => {});
    return applied;
  }

  private async applyFileChangesNow(changes: readonly FileChange[]): Promise<void> {
    const pause = timeSlicer(this.workspace);
    const affected = new Set<string>();
    const catalogRoots = new Set<string>();
    let indexed = false;
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
      indexed = true;
      await pause();
    }
    if (catalogRoots.size > 0) await this.loadCatalog([...catalogRoots]);
    if (affected.size > 0) this.emit(affected);
    if (indexed) for (const listener of this.savedFilesListeners) listener();
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
    else this.indexFileText(uri, file);
  }

  /** Indexes a file read from disk. The parsed document is dropped: the index keeps only its summary. */
  private indexFileText(uri: string, file: FileText): void {
    this.updateIndexEntry(parseDocument(uri, 0, file.text, this.settingsFor(uri)));
    this.fileIndexed(uri, file.stamp, () => contentHash(file.text));
  }

  /** Indexes what the host parsed of a file elsewhere (see Workspace.parseFiles): the entry indexFileText makes of it. */
  private indexParsed(uri: string, file: ParsedFile | undefined): void {
    if (this.open.has(uri)) return;
    if (file === undefined) return this.removeFromIndex(uri);
    this.replaceIndexEntry(uri, () => this.index.restore(uri, file.headings, file.links, file.rca));
    this.fileIndexed(uri, file.stamp, () => file.hash);
  }

  /**
   * Reads and indexes files as saved, yielding each once done (a file open in the
   * editor is left to the caller): parsed on the host's other threads when it has
   * them and would gain by them, else here; between files the host serves what waits.
   */
  private async *indexFromDisk(uris: readonly string[], token: CancellationToken): AsyncGenerator<string> {
    const parsed = this.parseElsewhere(uris);
    if (parsed === undefined) {
      for await (const [uri, file] of this.readSaved(uris, token)) {
        this.indexSaved(uri, file);
        yield uri;
      }
      return;
    }
    const pause = timeSlicer(this.workspace);
    let i = 0;
    for await (const file of parsed) {
      if (token.isCancellationRequested) return;
      const uri = uris[i++];
      // A file its thread failed on is read and parsed here.
      if (file === null) this.indexSaved(uri, this.open.has(uri) ? undefined : await this.readSavedFile(uri));
      else this.indexParsed(uri, file);
      yield uri;
      await pause();
    }
  }

  /**
   * What the workspace's files, bar those open, parse into, from the host's
   * other threads when it has them and would gain by them.
   */
  private parseElsewhere(uris: readonly string[]): AsyncIterable<ParsedFile | undefined | null> | undefined {
    if (this.workspace.parseFiles === undefined || uris.length === 0) return undefined;
    const settings: RcaSettings[] = [];
    const files = uris.map((uri): [string, number] => {
      const own = this.settingsFor(uri);
      let at = settings.indexOf(own);
      if (at === -1) at = settings.push(own) - 1;
      return [uri, at];
    });
    return this.workspace.parseFiles({ roots: this.workspace.roots, settings, files });
  }

  /** A file read from disk is in the index: what was parsed, and its record for the stored index. */
  private fileIndexed(uri: string, stamp: FileStamp | undefined, hash: () => number): void {
    this.parsedFiles++;
    this.unverified.delete(uri);
    if (!this.persisting) return;
    if (stamp) this.records.set(uri, { stamp, hash: hash(), settings: this.indexSettingsKey(uri) });
    else this.records.delete(uri);
    this.indexChanged();
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
    this.unverified.delete(uri);
    if (this.records.delete(uri)) this.indexChanged();
    if (this.index.remove(uri) && this.indexed) this.emitLinkersOf(uri);
  }

  /** Whether the index is kept between sessions. */
  private get persisting(): boolean {
    return this.persist !== undefined && this.canStore;
  }

  /** Whether the workspace can tell unchanged files and store state. */
  private get canStore(): boolean {
    const { workspace } = this;
    return workspace.stat !== undefined && workspace.readState !== undefined && workspace.readStateLines !== undefined && workspace.writeState !== undefined;
  }

  private indexSettingsKey(uri: string): string {
    if (this.keyedRoots !== this.workspace.roots) {
      this.keyedRoots = this.workspace.roots;
      this.settingsKeys = new WeakMap();
    }
    const settings = this.settingsFor(uri);
    let key = this.settingsKeys.get(settings);
    if (key === undefined) this.settingsKeys.set(settings, (key = indexSettingsKey(settings, this.keyedRoots)));
    return key;
  }

  /**
   * Indexes every file of the index an earlier session stored under this
   * session's settings, one line at a time, trusting it until reconcileStoredIndex
   * has looked at the files. Whether it did: not when the stored index is absent,
   * of another engine, or damaged anywhere (what was taken from it before is
   * taken out again).
   */
  private async restoreStoredIndex(token: CancellationToken, progress?: IndexProgress): Promise<boolean> {
    const lines = this.persisting ? await this.workspace.readStateLines!(INDEX_STATE) : undefined;
    this.unsaved = this.persisting;
    if (lines === undefined) return false;
    const pause = timeSlicer(this.workspace);
    const limit = this.settingsValue.maxFiles;
    let rows = 0;
    let total = 0;
    try {
      for (const [uri, facts] of readIndexRows(lines, this.persist!.engine, (files) => (total = files))) {
        if (token.isCancellationRequested) break;
        rows++;
        // A row is taken for a Markdown file of the workspace, once: the stored text is not trusted to say only those.
        // (A workspace file's path in its folder ends as its URI's path does, and is found without parsing it.)
        if (this.unverified.size === limit || this.open.has(uri) || this.index.get(uri) || !this.isWorkspaceFile(uri) || !isMarkdownPath(relativePath(uri, this.workspace.roots))) continue;
        if (facts.settings !== this.indexSettingsKey(uri)) continue;
        this.index.restore(uri, facts.headings, facts.links, facts.rca);
        this.records.set(uri, { stamp: facts.stamp, hash: facts.hash, settings: facts.settings });
        this.unverified.add(uri);
        progress?.(this.unverified.size, total);
        await pause();
      }
    } catch (error) {
      if (!(error instanceof DamagedIndex)) throw error;
      this.workspace.log(`The stored index is not read (${error.message}): indexing every file`);
      for (const uri of this.unverified) {
        this.index.remove(uri);
        this.records.delete(uri);
      }
      this.unverified.clear();
      return false;
    }
    if (this.unverified.size === 0) return false;
    this.unreconciled = true;
    // Stored anew only if it would change: rows left out, or files added, changed or removed since.
    this.unsaved = this.unverified.size !== rows;
    return true;
  }

  /** What was stored under `name` as `text` with this key (engine and settings), when it was and is whole. */
  private readStoredText(name: string, text: string, key: string): Map<string, FileFacts> | undefined {
    const stored = readIndex(text, key);
    if (stored === undefined) this.workspace.log(`The stored ${name} is not one this version wrote with these settings, or is damaged: reading every file`);
    return stored;
  }

  /** Whether it was stored. */
  private async writeState(name: string, text: string | AsyncIterable<string>): Promise<boolean> {
    try {
      await this.workspace.writeState!(name, text);
      return true;
    } catch (error) {
      this.workspace.log(`Could not store the ${name}: ${(error as Error).message}`);
      return false;
    }
  }

  /**
   * Makes what the index looks up for hovers, searches and views but not for
   * diagnostics (see WorkspaceIndex.prepareLookups), in time slices: run once
   * the index is complete, so that the first such request finds it made.
   */
  async prepareLookups(token: CancellationToken = NONE): Promise<void> {
    const pause = timeSlicer(this.workspace);
    while (!token.isCancellationRequested && this.index.prepareLookups(LOOKUPS_PER_STEP)) await pause();
  }

  /**
   * Reads the files indexed from the stored index, in time slices, and indexes
   * again each whose text is not the one its facts were read from (changed
   * under the same size and time). Run once the index is complete.
   */
  async verifyStoredFiles(token: CancellationToken = NONE): Promise<void> {
    const pause = this.backgroundSlicer();
    for (const uri of [...this.unverified]) {
      if (token.isCancellationRequested) return;
      if (!this.unverified.has(uri) || this.open.has(uri)) continue;
      const file = await this.workspace.readFile(uri, this.settingsFor(uri).maxFileSize);
      this.verifyFile(uri, file);
      await pause();
    }
  }

  /**
   * Time slices of work no request waits for (storing the index, reading the files of a stored one
   * again): between them it also waits until no request is in progress (PersistOptions.idle).
   */
  private backgroundSlicer(): () => Promise<void> {
    const pause = timeSlicer(this.workspace);
    return async () => {
      await pause();
      await this.persist?.idle?.();
    };
  }

  /** A file indexed from the stored index has just been read: index it again if its text is not the one the facts were read from. */
  private verifyFile(uri: string, file: FileText | undefined): void {
    if (!this.unverified.delete(uri)) return;
    if (file === undefined) return this.removeFromIndex(uri);
    if (contentHash(file.text) === this.records.get(uri)?.hash) return;
    this.dropStaleEntry(uri);
    this.indexFileText(uri, file);
  }

  /**
   * Takes out the entry of a file indexed from the stored index that changed since,
   * before it is read again: indexed as a start would have indexed it, not as an
   * edit of this session (IndexEntry.touched).
   */
  private dropStaleEntry(uri: string): void {
    this.unverified.delete(uri);
    this.index.remove(uri);
  }

  private indexChanged(): void {
    this.unsaved = true;
    if (this.indexed) this.scheduleSave(this.persist?.delayMs ?? SAVE_DELAY_MS);
  }

  private scheduleSave(delayMs: number): void {
    if (!this.persisting || !this.unsaved) return;
    if (this.saveTimer !== undefined) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.saveIndex();
    }, delayMs);
  }

  /** Stores the index now if it changed since it was last stored (at shutdown); resolves once it is written. */
  async saveIndex(): Promise<void> {
    if (this.saveTimer !== undefined) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.saving = this.saving.then(() => this.writeIndex());
    return this.saving;
  }

  private async writeIndex(): Promise<void> {
    if (!this.persisting || !this.unsaved || !this.indexed) return;
    this.unsaved = false;
    // An open document's entry is the editor's text, not the file's.
    const uris = [...this.index.all()].map((entry) => entry.uri).filter((uri) => this.records.has(uri) && !this.open.has(uri));
    const settings = [...new Set(uris.map((uri) => this.records.get(uri)!.settings))];
    // Not stored: stored at the next change or at shutdown.
    if (!(await this.writeState(INDEX_STATE, storedIndexText(this.persist!.engine, settings, uris.length, this.storedFacts(uris))))) this.unsaved = true;
  }

  /**
   * What the index keeps of each of `uris` (with a record, not open), a file at a time
   * in time slices, for the stored index to be written as it is made. A file changed
   * or opened meanwhile ends it (ChangedWhileStored): nothing is stored this time.
   */
  private async *storedFacts(uris: readonly string[]): AsyncGenerator<[string, FileFacts]> {
    const pause = this.backgroundSlicer();
    for (const uri of uris) {
      const record = this.records.get(uri);
      const entry = this.index.get(uri);
      if (!record || !entry || this.open.has(uri)) throw new ChangedWhileStored();
      yield [uri, { ...record, headings: entry.headingValues, links: entry.linkValues, rca: entry.rca }];
      await pause();
    }
  }

  /** A file's appearance, disappearance or new headings matter to the files linking to it. */
  private emitLinkersOf(uri: string): void {
    const linkers = new Set(this.index.linkersOf(uri));
    linkers.delete(uri);
    if (linkers.size > 0) this.emit(linkers);
  }

  private updateIndexEntry(doc: RcaDocument): void {
    this.replaceIndexEntry(doc.uri, () => this.index.update(doc, this.isRca(doc) ? rcaSummary(doc) : undefined));
  }

  /** Replaces a file's entry (`replace`); files linking to it are told when its headings changed. */
  private replaceIndexEntry(uri: string, replace: () => void): void {
    const before = this.index.get(uri);
    replace();
    const after = this.index.get(uri)!;
    const headingsChanged = !before || before.headings.map((h) => h.text).join('\n') !== after.headings.map((h) => h.text).join('\n');
    if (this.indexed && headingsChanged) this.emitLinkersOf(uri);
  }

  private emit(uris: ReadonlySet<string>): void {
    for (const listener of this.listeners) listener(uris);
  }
}

/** Entries added to the index's lookups between looks at the clock (a few milliseconds' worth). */
const LOOKUPS_PER_STEP = 50;

/** How long after the index last changed it is stored again: a burst of file events is stored once. */
const SAVE_DELAY_MS = 5000;

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
  return documentView(doc.uri, doc.version, doc.headings, doc.links, doc.markdownLinks, doc.disabledCodes);
}

/** Whether a document is an RCA: tagged `rca`, or at a path rca.files matches. */
function isRcaIn(doc: RcaDocument, settings: RcaSettings, roots: readonly string[]): boolean {
  const tags = listField(doc, 'tags');
  if (tags?.some((t) => t.value.toLowerCase() === 'rca')) return true;
  return matchesAnyGlob(relativePath(doc.uri, roots), settings.files);
}

/**
 * What the index keeps of a file read from disk, parsed under `settings` in a
 * workspace of `roots`: what a host parsing files on other threads sends back
 * (Workspace.parseFiles). Indexing it gives the entry the service makes of the file.
 */
export function parseFile(uri: string, file: FileText, settings: RcaSettings, roots: readonly string[]): ParsedFile {
  const doc = parseDocument(uri, 0, file.text, settings);
  const { headings, links } = indexedParts(doc, roots);
  return { stamp: file.stamp, hash: contentHash(file.text), headings: packHeadings(headings), links: packLinks(links), rca: isRcaIn(doc, settings, roots) ? rcaSummary(doc) : undefined };
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
    impactStart: timeline?.milestones.impactStarted?.row.clock,
    timeToDetect: timeline?.timeToDetect,
    timeToAcknowledge: timeline?.timeToAcknowledge,
    timeToIdentify: timeline?.timeToIdentify,
    timeToRecover: timeline?.timeToRecover,
    customerImpactMinutes: timeline?.customerImpactMinutes,
    usersAffected: doc.summary?.usersAffected?.value ?? figure('usersAffected'),
    revenueImpact: figure('revenueImpact'),
    actionItems: packActionItems(doc.actionItems.map((a) => ({ line: a.line, action: a.action?.text ?? '', owner: a.owner?.text ?? '', priority: a.priority?.text ?? '', due: a.dueDate?.text ?? '', status: a.status?.text ?? '', ticket: a.ticket?.text ?? '' }))),
  };
}
