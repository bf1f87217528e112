// The service and team catalog (`.rca/catalog.yaml`): names or `{name, owner, runbook, aliases}`.
import { readCatalogFile } from './catalogFile';
import { yamlScalar } from './yamlText';
import { endsWithEol, eolOf, LineIndex, type TextEdit } from './text';

export interface CatalogEntry {
  readonly name: string;
  readonly owner: string | undefined;
  readonly runbook: string | undefined;
  readonly aliases: readonly string[];
}

export interface Catalog {
  readonly services: readonly CatalogEntry[];
  readonly teams: readonly CatalogEntry[];
  /** Why entries were skipped or the file could not be read. */
  readonly problems: readonly string[];
  /** False when the file is not YAML or its lists are not lists: then no name can be checked against it. */
  readonly readable: boolean;
}

export function parseCatalog(text: string): Catalog {
  return readCatalogFile(text).catalog;
}

/** Each list's entries by lower-cased name and alias, built on its first lookup: a list is not changed once read. */
const byName = new WeakMap<readonly CatalogEntry[], ReadonlyMap<string, CatalogEntry>>();

/** The entry a name refers to, by name or alias, ignoring case; the first in the list when several claim it. */
export function findCatalogEntry(entries: readonly CatalogEntry[], name: string): CatalogEntry | undefined {
  let index = byName.get(entries);
  if (!index) {
    const map = new Map<string, CatalogEntry>();
    const claim = (key: string, entry: CatalogEntry) => {
      if (!map.has(key)) map.set(key, entry);
    };
    for (const entry of entries) {
      claim(entry.name.toLowerCase(), entry);
      for (const alias of entry.aliases) claim(alias.toLowerCase(), entry);
    }
    byName.set(entries, map);
    index = map;
  }
  return index.get(name.trim().toLowerCase());
}

/**
 * The edit adding `name` to the `services:` or `teams:` list of a catalog's text,
 * after the list's last entry and in its indentation; the list is created when absent.
 */
export function addToCatalogEdit(text: string, kind: 'services' | 'teams', name: string): TextEdit {
  const lines = new LineIndex(text);
  const eol = eolOf(text);
  const entry = yamlScalar(name);
  const keyLine = findLine(lines, (line) => new RegExp(`^${kind}:\\s*(#.*)?$`).test(line));
  if (keyLine === undefined) {
    const end = lines.positionAt(text.length);
    const lead = text === '' || endsWithEol(text) ? '' : eol;
    return { range: { start: end, end }, newText: `${lead}${kind}:${eol}  - ${entry}${eol}` };
  }
  // The list runs while lines are indented, blank or comments.
  let last = keyLine;
  let indent = '  ';
  for (let line = keyLine + 1; line < lines.lineCount; line++) {
    const content = lines.lineText(line);
    if (content.trim() === '' || content.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(content)) break;
    last = line;
    const item = /^(\s*)- /.exec(content);
    if (item) indent = item[1];
  }
  const at = { line: last, character: lines.lineText(last).length };
  return { range: { start: at, end: at }, newText: `${eol}${indent}- ${entry}` };
}

function findLine(lines: LineIndex, test: (line: string) => boolean): number | undefined {
  for (let line = 0; line < lines.lineCount; line++) if (test(lines.lineText(line))) return line;
  return undefined;
}
