// The catalog file (`.rca/catalog.yaml`) read as a document of its own: the names
// RCAs may use, each problem on its exact range, and where each runbook path sits
// so that moving a runbook can rewrite it. One definition of the keys serves the
// checks and the JSON Schema shipped for YAML editors (catalogJsonSchema).
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { Catalog, CatalogEntry } from './catalog';
import type { RuleCode } from './diagnostics';
import { firstLine, tokenSpan, yamlScalar } from './yamlText';
import { LineIndex, type Range, type TextEdit } from './text';
import { pathInside } from '../../../shared/uri';
import { tooDeep, tooLarge } from './yamlLimits';

/** The catalog's lists, with what RCAs use them for. */
export const CATALOG_LISTS = {
  services: 'Services RCAs may name in `services`: names, or entries with an owner, a runbook and aliases.',
  teams: "Teams RCAs may name as `author`, as an action item's owner or as the footer's author.",
} as const;

/** The keys of an entry that is not a plain name. */
export const CATALOG_ENTRY_KEYS = {
  name: { type: 'text', description: 'The name RCAs use.' },
  owner: { type: 'text', description: 'Who owns it; shown when hovering the name in an RCA.' },
  runbook: { type: 'text', description: 'Path of its runbook, relative to the workspace folder; linked when hovering the name in an RCA.' },
  aliases: { type: 'list', description: 'Other names RCAs may use for it.' },
} as const;

export type CatalogList = keyof typeof CATALOG_LISTS;
export type CatalogCode = Extract<RuleCode, 'catalog-yaml' | 'catalog-type' | 'catalog-duplicate' | 'catalog-unknown-key' | 'catalog-runbook-missing'>;

export interface CatalogProblem {
  readonly code: CatalogCode;
  readonly message: string;
  readonly range: Range;
}

/** A `runbook:` value: the path as read, and the scalar's range (quotes included). */
export interface CatalogRunbook {
  readonly path: string;
  readonly range: Range;
}

export interface CatalogFile {
  readonly catalog: Catalog;
  /** Every problem but missing runbooks, which only the workspace can tell. */
  readonly problems: readonly CatalogProblem[];
  readonly runbooks: readonly CatalogRunbook[];
}

const MAX_ALIASES = 100;
/** Entries read per list: past this a catalog is a data dump, and every lookup and completion pays for its size. */
export const MAX_CATALOG_ENTRIES = 10_000;
/** A megabyte holds 10,000 names with owners and runbooks; `yaml` takes about 1.5 s to read it. */
export const MAX_CATALOG_LENGTH = 1_000_000;
const LIST_NAMES = Object.keys(CATALOG_LISTS) as CatalogList[];
const ENTRY_KEYS = Object.keys(CATALOG_ENTRY_KEYS) as (keyof typeof CATALOG_ENTRY_KEYS)[];
const NOUN: Record<CatalogList, string> = { services: 'Service', teams: 'Team' };

export function readCatalogFile(text: string): CatalogFile {
  const lines = new LineIndex(text);
  const problems: CatalogProblem[] = [];
  const runbooks: CatalogRunbook[] = [];
  const lists: Record<CatalogList, CatalogEntry[]> = { services: [], teams: [] };
  let readable = true;
  const report = (code: CatalogCode, start: number, end: number, message: string) => problems.push({ code, message, range: lines.range(start, Math.max(start, end)) });
  /** A node's range, without the line break a block node runs into. */
  const span = (node: YamlNode): [number, number] => {
    const [start, end] = node.range ?? [0, text.length];
    return [start, text.slice(0, end).trimEnd().length];
  };
  const result = (): CatalogFile => ({
    catalog: readable ? { ...lists, problems: problems.map((p) => p.message), readable } : { services: [], teams: [], problems: problems.map((p) => p.message), readable },
    problems,
    runbooks,
  });

  const refused = tooLarge(text, MAX_CATALOG_LENGTH, 'catalog') ?? tooDeep(text, 'catalog');
  if (refused) {
    report('catalog-yaml', refused.start, refused.end, refused.message);
    readable = false;
    return result();
  }
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  for (const error of doc.errors) report('catalog-yaml', ...tokenSpan(text, error.pos[0], error.pos[1]), `Not valid YAML: ${firstLine(error.message)}`);
  try {
    doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    // Alias bombs and bad anchors.
    report('catalog-yaml', 0, text.trimEnd().length, `YAML could not be read: ${firstLine((error as Error).message)}`);
  }
  if (problems.length > 0) {
    readable = false;
    return result();
  }
  const root = doc.contents;
  if (root === null || root === undefined || (isScalar(root) && root.value === null)) return result();
  if (!isMap(root)) {
    readable = false;
    report('catalog-type', ...span(root), 'The catalog must be a mapping with `services:` and `teams:` lists');
    return result();
  }
  for (const pair of root.items) {
    const key = keyOf(pair.key);
    if (!LIST_NAMES.includes(key as CatalogList)) {
      report('catalog-unknown-key', ...span(pair.key as YamlNode), `Unknown key "${key}"; the catalog has ${LIST_NAMES.join(' and ')}`);
      continue;
    }
    const kind = key as CatalogList;
    const value = resolve(doc, pair.value);
    if (value === undefined || (isScalar(value) && value.value === null)) continue;
    if (!isSeq(value)) {
      readable = false;
      report('catalog-type', ...span(value), `\`${kind}\` must be a list`);
      continue;
    }
    const seen = new Map<string, number>();
    const claim = (name: string, node: YamlNode) => {
      const lower = name.toLowerCase();
      const first = seen.get(lower);
      const [start, end] = span(node);
      if (first === undefined) seen.set(lower, start);
      else report('catalog-duplicate', start, end, `${NOUN[kind]} "${name}" is already in the catalog (line ${lines.positionAt(first).line + 1})`);
    };
    if (value.items.length > MAX_CATALOG_ENTRIES) {
      const [start] = span(value.items[MAX_CATALOG_ENTRIES] as YamlNode);
      const count = (n: number) => n.toLocaleString('en');
      report('catalog-type', start, span(value)[1], `\`${kind}\` has ${count(value.items.length)} entries: only the first ${count(MAX_CATALOG_ENTRIES)} are read`);
    }
    value.items.slice(0, MAX_CATALOG_ENTRIES).forEach((item, i) => {
      const entry = resolve(doc, item);
      if (entry === undefined) return;
      if (isScalar(entry) && typeof entry.value === 'string' && entry.value.trim()) {
        lists[kind].push({ name: entry.value.trim(), owner: undefined, runbook: undefined, aliases: [] });
        claim(entry.value.trim(), entry);
        return;
      }
      if (!isMap(entry)) {
        report('catalog-type', ...span(entry), `\`${kind}\` entry ${i + 1} needs a name`);
        return;
      }
      const texts = new Map<string, { value: string; node: YamlNode }>();
      const aliases: { value: string; node: YamlNode }[] = [];
      let nameReported = false;
      for (const field of entry.items) {
        const name = keyOf(field.key);
        const keyNode = field.key as YamlNode;
        if (!ENTRY_KEYS.includes(name as keyof typeof CATALOG_ENTRY_KEYS)) {
          report('catalog-unknown-key', ...span(keyNode), `Unknown key "${name}"; an entry has ${ENTRY_KEYS.join(', ')}`);
          continue;
        }
        const node = resolve(doc, field.value);
        if (node === undefined || (isScalar(node) && node.value === null)) continue;
        if (CATALOG_ENTRY_KEYS[name as keyof typeof CATALOG_ENTRY_KEYS].type === 'list') {
          if (!isSeq(node)) {
            report('catalog-type', ...span(node), `\`${name}\` must be a list of names`);
            continue;
          }
          for (const alias of node.items) {
            const aliasNode = resolve(doc, alias);
            if (aliasNode === undefined) continue;
            if (isScalar(aliasNode) && typeof aliasNode.value === 'string') aliases.push({ value: aliasNode.value, node: aliasNode });
            else report('catalog-type', ...span(aliasNode), `Each of \`${name}\` must be text`);
          }
        } else if (isScalar(node) && typeof node.value === 'string') {
          texts.set(name, { value: node.value, node });
        } else {
          report('catalog-type', ...span(node), `\`${name}\` must be text${isScalar(node) ? ` (quote it: "${String(node.value)}")` : ''}`);
          nameReported ||= name === 'name';
        }
      }
      const name = texts.get('name');
      if (!name || !name.value.trim()) {
        if (!nameReported) report('catalog-type', ...span(entry), `\`${kind}\` entry ${i + 1} needs a name`);
        return;
      }
      const runbook = texts.get('runbook');
      if (runbook) runbooks.push({ path: runbook.value, range: lines.range(...span(runbook.node)) });
      lists[kind].push({ name: name.value.trim(), owner: texts.get('owner')?.value, runbook: runbook?.value, aliases: aliases.map((a) => a.value) });
      claim(name.value.trim(), name.node);
      for (const alias of aliases) claim(alias.value, alias.node);
    });
  }
  return result();
}

function keyOf(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/** The node itself, or the node an alias (`*name`) stands for. */
function resolve(doc: Document, node: unknown): YamlNode | undefined {
  if (isAlias(node)) return (node.resolve(doc) as YamlNode | undefined) ?? undefined;
  return (node as YamlNode | null) ?? undefined;
}

export interface FileMove {
  readonly oldUri: string;
  readonly newUri: string;
}

/**
 * The edits that keep the catalog's `runbook:` paths on the files they name as
 * files or folders move: a path to a moved file, or to a file under a moved
 * folder, becomes its new path, quoted when YAML needs it. Paths are compared
 * decoded and relative to `root`, the folder runbook paths are relative to.
 */
export function runbookMoveEdits(file: CatalogFile, root: string, moves: readonly FileMove[]): TextEdit[] {
  // Each move as paths below the root, worked out once for all the runbooks.
  const inRoot = (uri: string) => pathInside(uri, root)?.replace(/\/$/, '');
  const paths = moves.flatMap((move) => {
    const from = inRoot(move.oldUri);
    const to = inRoot(move.newUri);
    return from === undefined || to === undefined ? [] : [{ from, to }];
  });
  const edits: TextEdit[] = [];
  for (const runbook of file.runbooks) {
    const lead = runbook.path.startsWith('./') ? './' : '';
    const path = runbook.path.slice(lead.length);
    for (const { from, to } of paths) {
      const moved = path === from ? to : path.startsWith(`${from}/`) ? to + path.slice(from.length) : undefined;
      if (moved === undefined) continue;
      edits.push({ range: runbook.range, newText: yamlScalar(lead + moved) });
      break;
    }
  }
  return edits;
}

/** The text of server/schemas/catalog.schema.json (`npm run schema` writes it). */
export function catalogSchemaText(): string {
  return `${JSON.stringify(catalogJsonSchema(), null, 2)}\n`;
}

/** The JSON Schema of the catalog, for YAML editors. */
export function catalogJsonSchema(): object {
  const name = { type: 'string', pattern: '\\S' };
  const properties = Object.fromEntries(
    ENTRY_KEYS.map((key) => {
      const { type, description } = CATALOG_ENTRY_KEYS[key];
      return [key, type === 'list' ? { type: 'array', items: { type: 'string' }, description } : { ...(key === 'name' ? name : { type: 'string' }), description }];
    }),
  );
  const entry = {
    anyOf: [
      { ...name, description: 'A name.' },
      { type: 'object', properties, required: ['name'], additionalProperties: false },
    ],
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'RCA Author catalog',
    description: 'The services and teams RCAs may name (.rca/catalog.yaml, setting rca.catalog).',
    type: ['object', 'null'],
    properties: Object.fromEntries(LIST_NAMES.map((list) => [list, { type: ['array', 'null'], items: { $ref: '#/definitions/entry' }, description: CATALOG_LISTS[list] }])),
    additionalProperties: false,
    definitions: { entry },
  };
}
