// `rca site`: the workspace as a static site. The service indexes the root as rca lint
// does; each page is built from what the editor computes (the report, an RCA's metrics,
// link resolution, backlinks). The output folder keeps a manifest: the hash of each file
// written, and of each document page's inputs, so that a second run renders only the
// pages whose inputs changed, writes only the files whose content changed, and removes
// the pages of files that are gone.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { ReportFilter } from '../../../shared/protocol';
import { parseDocument } from '../core/parse';
import type { RcaService } from '../core/service';
import { decodeFile } from '../core/workspace';
import { titleOf, type IndexEntry } from '../core/workspaceIndex';
import { rcaMetrics } from '../features/metrics';
import { renderData } from '../features/renderData';
import { buildReport } from '../features/report';
import { backlinks } from '../features/linkTools';
import { uriToPath } from '../nodeWorkspace';
import { isPathUnder, readRegularFile } from '../safeFiles';
import { renderDocument, siteMarkdown, type PageEnv } from './siteMarkdown';
import { documentPage, documentsPage, reportPage, type FilterLinks, type SiteLinks } from './sitePages';
import { SITE_CSS } from './siteStyle';

const MANIFEST = '.rca-site.json';
const MANIFEST_FORMAT = 'rca site 2';
/** What rca site writes at the top of its folder: with a damaged manifest, what is here and was not written this run is removed. */
const OWN_NAMES = ['index.html', 'documents.html', 'assets', 'year', 'severity', 'service', 'pages', 'files'];
/** Incidents listed on the index and on a service's or severity's page (a year's lists all). */
const LISTED_INCIDENTS = 200;
/** Backlinks listed on a page (a hub note has thousands). */
const LISTED_BACKLINKS = 100;

export class SiteError extends Error {}

export interface SiteOptions {
  /** The workspace folder the service reads. */
  readonly root: string;
  readonly out: string;
  readonly title: string;
  readonly today: string;
  /** The dashboard's stylesheet, as the webview bundle has it. */
  readonly dashboardCss: string;
  /** Names the code that builds the pages: a page built by any other is built again. */
  readonly builder: string;
}

export interface SiteResult {
  /** Files of the site: pages, stylesheets and copies. */
  readonly files: number;
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
  /** Document pages rendered (the others' inputs were the last run's), of all. */
  readonly rendered: number;
  readonly pages: number;
  /** Workspace files parsed into the index (with --cache, the others' entries were stored), of all. */
  readonly parsed: number;
  readonly documents: number;
}

/** What a document's page was built from: the hash of its inputs, and each linked file it copied (its site path) or could not (null). */
interface PageRecord {
  readonly inputs: string;
  readonly assets: readonly (readonly [string, string | null])[];
}

/** What the report pages and the list of documents were built from, and their filters (whose pages they are). */
interface ReportsRecord {
  readonly inputs: string;
  readonly filters: FilterLinks;
}

interface Manifest {
  readonly format: string;
  readonly files: Readonly<Record<string, string>>;
  readonly pages: Readonly<Record<string, PageRecord>>;
  readonly reports: ReportsRecord | null;
}

function isStringRecord(value: unknown, valid: (v: unknown) => boolean): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(valid);
}

function isPageRecord(value: unknown): value is PageRecord {
  const record = value as PageRecord;
  return typeof value === 'object' && value !== null && typeof record.inputs === 'string' && Array.isArray(record.assets)
    && record.assets.every((a) => Array.isArray(a) && a.length === 2 && typeof a[0] === 'string' && (typeof a[1] === 'string' || a[1] === null));
}

function isReportsRecord(value: unknown): value is ReportsRecord {
  const record = value as ReportsRecord;
  const isLinks = (list: unknown) => Array.isArray(list) && list.every((l) => typeof l?.name === 'string' && typeof l?.path === 'string');
  return typeof value === 'object' && value !== null && typeof record.inputs === 'string' && typeof record.filters === 'object' && record.filters !== null
    && isLinks(record.filters.years) && isLinks(record.filters.severities) && isLinks(record.filters.services) && typeof record.filters.documentsPath === 'string';
}

/** The site paths of the report pages and the list of documents. */
function reportPaths(filters: FilterLinks): string[] {
  return ['index.html', filters.documentsPath, ...[...filters.years, ...filters.severities, ...filters.services].map((f) => f.path)];
}

/** The manifest as read from the folder: undefined when it is not one this version writes (then the site is built whole). */
function readManifest(text: string): Manifest | undefined {
  try {
    const manifest = JSON.parse(text) as Manifest;
    if (manifest?.format !== MANIFEST_FORMAT || !isStringRecord(manifest.files, (v) => typeof v === 'string') || !isStringRecord(manifest.pages, isPageRecord) || !(manifest.reports === null || isReportsRecord(manifest.reports))) return undefined;
    return manifest;
  } catch {
    return undefined;
  }
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}

/** Files of the output folder, written only when their content changed; the manifest says which are ours and what each page was built from. */
class SiteWriter {
  private readonly previous: Manifest;
  /** The manifest is there but damaged or of another version: nothing of the last run is trusted. */
  private readonly damaged: boolean;
  private readonly files: Record<string, string> = {};
  private readonly pages: Record<string, PageRecord> = {};
  private reports: ReportsRecord | null = null;
  written = 0;
  unchanged = 0;

  constructor(private readonly out: string) {
    const manifest = join(out, MANIFEST);
    const empty: Manifest = { format: MANIFEST_FORMAT, files: {}, pages: {}, reports: null };
    if (existsSync(manifest)) {
      const read = readManifest(readFileSync(manifest, 'utf8'));
      this.previous = read ?? empty;
      this.damaged = read === undefined;
    } else {
      if (existsSync(out) && (!statSync(out).isDirectory() || readdirSync(out).length > 0)) throw new SiteError(`--out ${out} is not empty and was not written by rca site: choose an empty or new folder`);
      this.previous = empty;
      this.damaged = false;
    }
  }

  has(path: string): boolean {
    return path in this.files;
  }

  write(path: string, content: string | Uint8Array): void {
    const hash = createHash('sha1').update(content).digest('hex');
    this.files[path] = hash;
    const file = join(this.out, ...path.split('/'));
    if (this.previous.files[path] === hash && existsSync(file)) {
      this.unchanged++;
      return;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    this.written++;
  }

  /** Whether the last run wrote the file at `path` and it is still there. */
  private wasWritten(path: string): boolean {
    return this.previous.files[path] !== undefined && existsSync(join(this.out, ...path.split('/')));
  }

  /** The file at `path` is the last run's, unchanged. */
  private keep(path: string): void {
    this.files[path] = this.previous.files[path];
    this.unchanged++;
  }

  /** What the last run built the page at `path` from, when its file is still there as written. */
  previousPage(path: string): PageRecord | undefined {
    const record = this.previous.pages[path];
    return record && this.wasWritten(path) ? record : undefined;
  }

  keepPage(path: string, record: PageRecord): void {
    this.keep(path);
    this.pages[path] = record;
  }

  /** The report pages' filters, when the last run built them from `inputs` and they are all still there. */
  previousReports(inputs: string): FilterLinks | undefined {
    const record = this.previous.reports;
    return record?.inputs === inputs && reportPaths(record.filters).every((path) => this.wasWritten(path)) ? record.filters : undefined;
  }

  keepReports(record: ReportsRecord): void {
    for (const path of reportPaths(record.filters)) this.keep(path);
    this.reports = record;
  }

  recordReports(record: ReportsRecord): void {
    this.reports = record;
  }

  recordPage(path: string, record: PageRecord): void {
    this.pages[path] = record;
  }

  /** Removes what the last run wrote and this one did not (with a damaged manifest, whatever of ours this run did not write), and records this run. */
  finish(): number {
    let removed = 0;
    const remove = (path: string) => {
      rmSync(join(this.out, ...path.split('/')), { force: true });
      removed++;
    };
    if (this.damaged) {
      for (const name of OWN_NAMES) {
        const top = join(this.out, name);
        if (!existsSync(top)) continue;
        const paths = statSync(top).isDirectory()
          ? readdirSync(top, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => posix.join(name, ...join(e.parentPath, e.name).slice(top.length + 1).split(/[\\/]/)))
          : [name];
        for (const path of paths) if (!(path in this.files)) remove(path);
      }
    } else {
      for (const path of Object.keys(this.previous.files)) if (!(path in this.files)) remove(path);
    }
    // Rewritten only when it changes, as the pages are; in one order, so that a run's manifest is a full build's.
    const manifest = `${JSON.stringify({ format: MANIFEST_FORMAT, files: sortedRecord(this.files), pages: sortedRecord(this.pages), reports: this.reports })}\n`;
    const path = join(this.out, MANIFEST);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== manifest) writeFileSync(path, manifest);
    return removed;
  }
}

/** The site path of a document's page: `pages/` and its workspace path, `.html` for `.md`. */
function pagePath(entry: IndexEntry): string {
  return `pages/${entry.relativePath.replace(/\.md$/i, '')}.html`;
}

/** `to` (a site path) from the page at `from`, each segment percent-encoded. */
function relativeHref(from: string, to: string, anchor?: string): string {
  const path = posix.relative(posix.dirname(from), to).split('/').map(encodeURIComponent).join('/');
  return anchor === undefined ? path : `${path}#${encodeURIComponent(anchor)}`;
}

/** File names for filter values (a service may be called anything): a slug, numbered when two collide. */
function filterPaths(folder: string, names: readonly string[]): { name: string; path: string }[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const base = name.toLowerCase().split(/[^a-z0-9._]+/).filter(Boolean).join('-').replace(/^\.+/, '') || 'unnamed';
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    return { name, path: `${folder}/${slug}.html` };
  });
}

export async function buildSite(service: RcaService, options: SiteOptions): Promise<SiteResult> {
  const writer = new SiteWriter(options.out);
  await service.indexWorkspace();
  // Files taken from a stored index (--cache) are read again: one whose text changed under the same size and time is indexed anew.
  await service.verifyStoredFiles();
  const index = service.index;
  const entries = [...index.all()].sort((a, b) => a.relativePath.localeCompare(b.relativePath));
  const pages = new Map(entries.map((e) => [e.uri, pagePath(e)]));
  const linksFrom = (from: string): SiteLinks => ({ href: (to, anchor) => relativeHref(from, to, anchor), pageOf: (uri) => pages.get(uri) });

  writer.write('assets/dashboard.css', options.dashboardCss);
  writer.write('assets/site.css', SITE_CSS);

  // The report pages and the list of documents show every RCA's summary and every document's
  // title and place: built again when any of those, the settings or the day changed.
  const reportHash = createHash('sha1').update(`${options.builder}\0${options.title}\0${options.today}\0${JSON.stringify(service.settings)}`);
  for (const e of entries) reportHash.update(`\0${e.uri}\t${e.relativePath}\t${e.name}\t${e.title ?? ''}\t${JSON.stringify(e.rca ?? null)}`);
  const reportInputs = reportHash.digest('hex');
  let filters = writer.previousReports(reportInputs);
  if (filters) {
    writer.keepReports({ inputs: reportInputs, filters });
  } else {
    // Everything, then each year, severity and service.
    const all = buildReport(entries, {}, options.today, LISTED_INCIDENTS, service.settings.actionItemSlo, service.settings.tracker);
    const years = [...new Set(all.byMonth.map((m) => m.month.slice(0, 4)))];
    const built: FilterLinks = {
      years: years.map((year) => ({ name: year, path: `year/${year}.html` })),
      severities: filterPaths('severity', all.choices.severities),
      services: filterPaths('service', all.choices.services),
      documentsPath: 'documents.html',
    };
    writer.write('index.html', reportPage(options.title, options.title, all, 'index.html', built, linksFrom('index.html')));
    const filtered = (path: string, heading: string, filter: ReportFilter, limit: number) =>
      writer.write(path, reportPage(options.title, heading, buildReport(entries, filter, options.today, limit, service.settings.actionItemSlo, service.settings.tracker), path, built, linksFrom(path)));
    for (const { name, path } of built.years) filtered(path, `Incidents of ${name}`, { from: `${name}-01-01`, to: `${name}-12-31` }, Infinity);
    for (const { name, path } of built.severities) filtered(path, `${name} incidents`, { severity: name }, LISTED_INCIDENTS);
    for (const { name, path } of built.services) filtered(path, `Incidents of ${name}`, { service: name }, LISTED_INCIDENTS);
    const documents = entries.filter((e) => !e.rca);
    writer.write('documents.html', documentsPage(options.title, documents.map((e) => ({ title: titleOf(e), relativePath: e.relativePath, path: pages.get(e.uri)! })), built, linksFrom('documents.html')));
    writer.recordReports({ inputs: reportInputs, filters: built });
    filters = built;
  }
  const servicePages = new Map(filters.services.map((s) => [s.name, s.path]));
  const serviceHref = (from: string) => (name: string) => {
    const path = servicePages.get(name);
    return path && relativeHref(from, path);
  };


  // A page per document, rendered when its inputs are not those the manifest has for it.
  // What a page shows of other documents comes from their faces (where each is, its title,
  // its headings: what links resolve to and say) and its backlinks; a change to any face
  // renders every page again, an edit that leaves the faces alone renders its own page
  // (and those it links to or no longer links to, whose backlinks change).
  const face = createHash('sha1').update(options.builder).update('\0').update(options.title).update('\0').update(JSON.stringify(filters.services));
  for (const e of entries) face.update(`\0${e.uri}\t${e.relativePath}\t${titleOf(e)}\t${e.headings.map((h) => `${h.level} ${h.text}`).join('\t')}`);
  const faces = face.digest('hex');
  const settingsKeys = new Map<object, string>();
  const md = siteMarkdown();
  const root = realpathSync(options.root);
  let rendered = 0;
  for (const entry of entries) {
    const path = pages.get(entry.uri)!;
    let bytes: Uint8Array;
    try {
      bytes = readRegularFile(uriToPath(entry.uri)!).bytes;
    } catch {
      // Gone or unreadable since it was indexed: no page for it.
      pages.delete(entry.uri);
      continue;
    }
    const settings = service.settingsFor(entry.uri);
    let settingsKey = settingsKeys.get(settings);
    if (settingsKey === undefined) settingsKeys.set(settings, (settingsKey = JSON.stringify(settings)));
    const sources = new Set<string>();
    for (const b of backlinks(index, entry.uri)) if (b.uri !== entry.uri && pages.has(b.uri)) sources.add(b.uri);
    const listed = [...sources].slice(0, LISTED_BACKLINKS);
    const inputs = createHash('sha1').update(faces).update('\0').update(settingsKey).update('\0').update(bytes).update('\0').update(`${listed.join('\t')}\0${sources.size}`).digest('hex');
    // Linked files are copied (or not) as they are now: a file that came or went renders the page again.
    const last = writer.previousPage(path);
    if (last?.inputs === inputs && last.assets.every(([uri, copy]) => (copyFile(uri) ?? null) === copy)) {
      writer.keepPage(path, last);
      continue;
    }
    rendered++;
    const assets = new Map<string, string | null>();
    const doc = parseDocument(entry.uri, 0, decodeFile(bytes).text, settings);
    const isRca = service.isRca(doc);
    const env: PageEnv = {
      doc,
      index,
      renderData: renderData(doc, index, isRca),
      tracker: settings.tracker,
      pageHref: (uri, anchor) => {
        const target = pages.get(uri)!;
        return target === path && anchor !== undefined ? `#${encodeURIComponent(anchor)}` : relativeHref(path, target, anchor);
      },
      assetHref: (uri) => {
        const copy = copyFile(uri);
        assets.set(uri, copy ?? null);
        return copy && relativeHref(path, copy);
      },
    };
    writer.write(path, documentPage(options.title, {
      title: titleOf(entry),
      // Nothing of the page depends on the day (its action items are not on it): the day is not among its inputs.
      metrics: isRca ? rcaMetrics(doc, index, [], options.today, settings) : undefined,
      html: renderDocument(md, env),
      backlinks: listed.map((uri) => ({ title: titleOf(index.get(uri)!), path: pages.get(uri)! })),
      moreBacklinks: sources.size - listed.length,
    }, linksFrom(path), serviceHref(path)));
    writer.recordPage(path, { inputs, assets: [...assets] });
  }
  const removed = writer.finish();
  await service.saveIndex();
  return { files: writer.written + writer.unchanged, written: writer.written, unchanged: writer.unchanged, removed, rendered, pages: pages.size, parsed: service.parsedFiles, documents: entries.length };

  /**
   * The site path of the copy of a linked file that is not Markdown (`files/` and its
   * workspace path), copied once; undefined for a folder, a file outside the root (also
   * through a symbolic link) or one that cannot be read.
   */
  function copyFile(uri: string): string | undefined {
    if (!service.isWorkspaceFile(uri)) return undefined;
    const copy = `files/${index.relativePath(uri)}`;
    if (writer.has(copy)) return copy;
    try {
      const file = uriToPath(uri)!;
      if (!isPathUnder(realpathSync(file), root)) return undefined;
      writer.write(copy, readRegularFile(file).bytes);
      return copy;
    } catch {
      return undefined;
    }
  }
}
