// `rca site`: the workspace as a static site. The service indexes the root as rca lint
// does; each page is built from what the editor computes (the report, an RCA's metrics,
// link resolution, backlinks) and written only when it differs from the last run's
// (a manifest of content hashes in the output folder), so a second run rewrites only
// the pages whose inputs changed, and removes the pages of files that are gone.
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
}

export interface SiteResult {
  /** Files of the site: pages, stylesheets and copies. */
  readonly files: number;
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
}

/** Files of the output folder, written only when their content changed; the manifest says which are ours. */
class SiteWriter {
  private readonly previous: Readonly<Record<string, string>>;
  private readonly current: Record<string, string> = {};
  written = 0;
  unchanged = 0;

  constructor(private readonly out: string) {
    const manifest = join(out, MANIFEST);
    if (existsSync(manifest)) {
      try {
        this.previous = (JSON.parse(readFileSync(manifest, 'utf8')) as { files: Record<string, string> }).files;
      } catch {
        throw new SiteError(`${manifest} is not the manifest rca site writes: remove the folder or choose another --out`);
      }
    } else {
      if (existsSync(out) && (!statSync(out).isDirectory() || readdirSync(out).length > 0)) throw new SiteError(`--out ${out} is not empty and was not written by rca site: choose an empty or new folder`);
      this.previous = {};
    }
  }

  has(path: string): boolean {
    return path in this.current;
  }

  write(path: string, content: string | Uint8Array): void {
    const hash = createHash('sha1').update(content).digest('hex');
    this.current[path] = hash;
    const file = join(this.out, ...path.split('/'));
    if (this.previous[path] === hash && existsSync(file)) {
      this.unchanged++;
      return;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    this.written++;
  }

  /** Removes what the last run wrote and this one did not, and records this run. */
  finish(): number {
    let removed = 0;
    for (const path of Object.keys(this.previous)) {
      if (path in this.current) continue;
      rmSync(join(this.out, ...path.split('/')), { force: true });
      removed++;
    }
    // Rewritten only when it changes, as the pages are.
    const manifest = `${JSON.stringify({ files: this.current })}\n`;
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
  const index = service.index;
  const entries = [...index.all()].sort((a, b) => a.relativePath.localeCompare(b.relativePath));
  const pages = new Map(entries.map((e) => [e.uri, pagePath(e)]));
  const linksFrom = (from: string): SiteLinks => ({ href: (to, anchor) => relativeHref(from, to, anchor), pageOf: (uri) => pages.get(uri) });

  writer.write('assets/dashboard.css', options.dashboardCss);
  writer.write('assets/site.css', SITE_CSS);

  // Report pages: everything, then each year, severity and service.
  const all = buildReport(entries, {}, options.today, LISTED_INCIDENTS);
  const years = [...new Set(all.byMonth.map((m) => m.month.slice(0, 4)))];
  const filters: FilterLinks = {
    years: years.map((year) => ({ name: year, path: `year/${year}.html` })),
    severities: filterPaths('severity', all.choices.severities),
    services: filterPaths('service', all.choices.services),
    documentsPath: 'documents.html',
  };
  writer.write('index.html', reportPage(options.title, options.title, all, 'index.html', filters, linksFrom('index.html')));
  const filtered = (path: string, heading: string, filter: ReportFilter, limit: number) =>
    writer.write(path, reportPage(options.title, heading, buildReport(entries, filter, options.today, limit), path, filters, linksFrom(path)));
  for (const { name, path } of filters.years) filtered(path, `Incidents of ${name}`, { from: `${name}-01-01`, to: `${name}-12-31` }, Infinity);
  for (const { name, path } of filters.severities) filtered(path, `${name} incidents`, { severity: name }, LISTED_INCIDENTS);
  for (const { name, path } of filters.services) filtered(path, `Incidents of ${name}`, { service: name }, LISTED_INCIDENTS);
  const servicePages = new Map(filters.services.map((s) => [s.name, s.path]));
  const serviceHref = (from: string) => (name: string) => {
    const path = servicePages.get(name);
    return path && relativeHref(from, path);
  };

  const documents = entries.filter((e) => !e.rca);
  writer.write('documents.html', documentsPage(options.title, documents.map((e) => ({ title: titleOf(e), relativePath: e.relativePath, path: pages.get(e.uri)! })), filters, linksFrom('documents.html')));

  // A page per document.
  const md = siteMarkdown();
  const root = realpathSync(options.root);
  for (const entry of entries) {
    const path = pages.get(entry.uri)!;
    let text: string;
    try {
      text = decodeFile(readRegularFile(uriToPath(entry.uri)!).bytes).text;
    } catch {
      // Gone or unreadable since it was indexed: no page for it.
      pages.delete(entry.uri);
      continue;
    }
    const doc = parseDocument(entry.uri, 0, text, service.settingsFor(entry.uri));
    const isRca = service.isRca(doc);
    const env: PageEnv = {
      doc,
      index,
      renderData: renderData(doc, index, isRca),
      pageHref: (uri, anchor) => {
        const target = pages.get(uri)!;
        return target === path && anchor !== undefined ? `#${encodeURIComponent(anchor)}` : relativeHref(path, target, anchor);
      },
      assetHref: (uri) => {
        const copy = copyFile(uri);
        return copy && relativeHref(path, copy);
      },
    };
    const sources = new Set<string>();
    for (const b of backlinks(index, entry.uri)) if (b.uri !== entry.uri && pages.has(b.uri)) sources.add(b.uri);
    const listed = [...sources].slice(0, LISTED_BACKLINKS);
    writer.write(path, documentPage(options.title, {
      title: titleOf(entry),
      metrics: isRca ? rcaMetrics(doc, index, [], options.today) : undefined,
      html: renderDocument(md, env),
      backlinks: listed.map((uri) => ({ title: titleOf(index.get(uri)!), path: pages.get(uri)! })),
      moreBacklinks: sources.size - listed.length,
    }, linksFrom(path), serviceHref(path)));
  }
  const removed = writer.finish();
  return { files: writer.written + writer.unchanged, written: writer.written, unchanged: writer.unchanged, removed };

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
