// The service and team catalog (`.rca/catalog.yaml`): names or `{name, owner, runbook, aliases}`.
import { parse as parseYaml } from 'yaml';
import { isRecord } from './settings';
import { eolOf, LineIndex, type TextEdit } from './text';

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
}

export function parseCatalog(text: string): Catalog {
  const problems: string[] = [];
  let data: unknown;
  try {
    data = parseYaml(text, { maxAliasCount: 100, prettyErrors: false });
  } catch (error) {
    return { services: [], teams: [], problems: [`catalog is not valid YAML: ${(error as Error).message.split('\n')[0]}`] };
  }
  if (data === null || data === undefined) return { services: [], teams: [], problems };
  if (!isRecord(data)) return { services: [], teams: [], problems: ['catalog must be a mapping with `services:` and `teams:` lists'] };
  const list = (key: string): CatalogEntry[] => {
    const value = data[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      problems.push(`\`${key}\` must be a list`);
      return [];
    }
    return value.flatMap((entry, i): CatalogEntry[] => {
      if (typeof entry === 'string' && entry.trim()) return [{ name: entry.trim(), owner: undefined, runbook: undefined, aliases: [] }];
      if (isRecord(entry) && typeof entry.name === 'string' && entry.name.trim()) {
        const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
        const aliases = Array.isArray(entry.aliases) ? entry.aliases.filter((a): a is string => typeof a === 'string') : [];
        return [{ name: entry.name.trim(), owner: text(entry.owner), runbook: text(entry.runbook), aliases }];
      }
      problems.push(`\`${key}\` entry ${i + 1} needs a name`);
      return [];
    });
  };
  return { services: list('services'), teams: list('teams'), problems };
}

/** The entry a name refers to, by name or alias, ignoring case. */
export function findCatalogEntry(entries: readonly CatalogEntry[], name: string): CatalogEntry | undefined {
  const wanted = name.trim().toLowerCase();
  return entries.find((e) => e.name.toLowerCase() === wanted || e.aliases.some((a) => a.toLowerCase() === wanted));
}

/**
 * The edit adding `name` to the `services:` or `teams:` list of a catalog's text,
 * after the list's last entry and in its indentation; the list is created when absent.
 */
export function addToCatalogEdit(text: string, kind: 'services' | 'teams', name: string): TextEdit {
  const lines = new LineIndex(text);
  const eol = eolOf(text);
  const entry = /[:#{}[\],&*!|>'"%@`]/.test(name) || name.trim() !== name ? JSON.stringify(name) : name;
  const keyLine = findLine(lines, (line) => new RegExp(`^${kind}:\\s*(#.*)?$`).test(line));
  if (keyLine === undefined) {
    const end = lines.positionAt(text.length);
    const lead = text === '' || text.endsWith('\n') ? '' : eol;
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
