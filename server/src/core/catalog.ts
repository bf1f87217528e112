// The service and team catalog (`.rca/catalog.yaml`): names or `{name, owner, runbook, aliases}`.
import { parse as parseYaml } from 'yaml';
import { isRecord } from './settings';

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
