// The workspace index: a compact entry per Markdown file (no text is kept), and
// the maps that make link resolution and backlinks lookups, not scans. It is
// updated one file at a time.
import type { RcaDocument } from './model';
import { linkKey, relativePath, uriBasename } from './uri';

export interface IndexedHeading {
  readonly level: number;
  readonly text: string;
  readonly slug: string;
  readonly line: number;
}

export interface RcaSummary {
  readonly title: string | undefined;
  readonly date: string | undefined;
  readonly severity: string | undefined;
  readonly status: string | undefined;
  readonly author: string | undefined;
  readonly services: readonly string[];
  readonly durationMinutes: number | undefined;
}

export interface IndexEntry {
  readonly uri: string;
  /** Workspace-relative path, for messages. */
  readonly relativePath: string;
  /** Workspace-relative path without `.md`, lower case: what `[[folder/target]]` matches. */
  readonly pathKey: string;
  readonly key: string;
  readonly headings: readonly IndexedHeading[];
  /** Lower-case basename keys of every link target in the file. */
  readonly linkKeys: readonly string[];
  readonly rca: RcaSummary | undefined;
}

export class WorkspaceIndex {
  private readonly entries = new Map<string, IndexEntry>();
  private readonly byKey = new Map<string, Set<string>>();
  private readonly linkersByKey = new Map<string, Set<string>>();

  constructor(private roots: readonly string[]) {}

  setRoots(roots: readonly string[]): void {
    this.roots = roots;
  }

  get size(): number {
    return this.entries.size;
  }

  get(uri: string): IndexEntry | undefined {
    return this.entries.get(uri);
  }

  all(): IterableIterator<IndexEntry> {
    return this.entries.values();
  }

  /** Adds or replaces a file's entry from its parsed form. */
  update(doc: RcaDocument, rca: RcaSummary | undefined): void {
    this.remove(doc.uri);
    const key = linkKey(uriBasename(doc.uri));
    const path = relativePath(doc.uri, this.roots);
    const entry: IndexEntry = {
      uri: doc.uri,
      relativePath: path,
      pathKey: linkKey(path),
      key,
      headings: doc.headings.map((h) => ({ level: h.level, text: h.text, slug: h.slug, line: h.range.start.line })),
      linkKeys: [...new Set(doc.links.filter((l) => l.target !== '').map((l) => targetBasenameKey(l.target)))],
      rca,
    };
    this.entries.set(doc.uri, entry);
    addTo(this.byKey, key, doc.uri);
    for (const linked of entry.linkKeys) addTo(this.linkersByKey, linked, doc.uri);
  }

  remove(uri: string): boolean {
    const entry = this.entries.get(uri);
    if (!entry) return false;
    this.entries.delete(uri);
    removeFrom(this.byKey, entry.key, uri);
    for (const linked of entry.linkKeys) removeFrom(this.linkersByKey, linked, uri);
    return true;
  }

  /** Files a wiki-link target names: by basename, `folder/name`, or `name.md`, ignoring case. */
  resolve(target: string): IndexEntry[] {
    const normalized = linkKey(target.trim().replace(/\\/g, '/').replace(/^\.?\//, ''));
    const slash = normalized.lastIndexOf('/');
    const candidates = this.byKey.get(slash === -1 ? normalized : normalized.slice(slash + 1));
    if (!candidates) return [];
    const found: IndexEntry[] = [];
    for (const uri of candidates) {
      const entry = this.entries.get(uri)!;
      if (slash === -1 || entry.pathKey === normalized || entry.pathKey.endsWith(`/${normalized}`)) found.push(entry);
    }
    return found;
  }

  /** Files with a link whose target has this file's basename: the ones to re-check when it changes. */
  linkersOf(uri: string): ReadonlySet<string> {
    return this.linkersByKey.get(linkKey(uriBasename(uri))) ?? EMPTY;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

export function targetBasenameKey(target: string): string {
  const normalized = target.replace(/\\/g, '/');
  return linkKey(normalized.slice(normalized.lastIndexOf('/') + 1).trim());
}

/** A heading of `entry` that a `#fragment` names, by text or slug, ignoring case. */
export function findIndexedHeading(entry: IndexEntry, fragment: string): IndexedHeading | undefined {
  const wanted = fragment.trim().toLowerCase();
  return entry.headings.find((h) => h.text.toLowerCase() === wanted || h.slug === wanted);
}

function addTo(map: Map<string, Set<string>>, key: string, uri: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(uri);
}

function removeFrom(map: Map<string, Set<string>>, key: string, uri: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(uri);
  if (set.size === 0) map.delete(key);
}
