// Completion inside a wiki-link: after `[[` the files (fuzzy match, then recency,
// at most 100), after `[[target#` that file's headings, after `|` the target's
// title as the alias. Inside an ordinary link's `](`, the paths of Markdown files
// from the document's folder and after `#` the target's heading anchors, unless the
// editor's own Markdown support completes those.
import { headingAnchors, indexedHeading, resolveMarkdownLink, resolveWikiLink } from '../core/links';
import { decodeLinkText } from '../core/markdownLinks';
import { relativeUriPath } from '../core/uri';
import type { RcaDocument } from '../core/model';
import type { RcaService } from '../core/service';
import { lineRange, type Position, type Range } from '../core/text';
import { NONE, type CancellationToken } from '../core/workspace';
import { compareRecency, titleOf, undatedTitle, type IndexedHeading, type IndexEntry } from '../core/workspaceIndex';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-types';
import { fuzzyScore, SCORE_LIMIT, TopK } from '../core/fuzzy';
import { encodeLinkPath, inCode, linkTextFor } from './linkTools';

export const MAX_FILE_ITEMS = 100;
const TITLE_SCORE_LIMIT = SCORE_LIMIT >> 1;
const KIND_FILE = 17;
const KIND_REFERENCE = 18;
const KIND_TEXT = 1;

/** The unfinished link the cursor is in: `[[` up to the cursor, with no `]]` in between. */
interface LinkContext {
  readonly mode: 'file' | 'heading' | 'alias';
  /** The target as typed so far (file mode: the query). */
  readonly target: string;
  /** Heading mode: the heading typed so far. */
  readonly query: string;
  /** What the chosen item replaces: from the part's start to the cursor, and the closing brackets right after it. */
  readonly range: Range;
  /** `]]` to append: none when the link is closed further on (`|alias]]`). */
  readonly closing: string;
  /** The link is in a table row, where `|` must be written `\|`. */
  readonly inTable: boolean;
}

function contextAt(doc: RcaDocument, position: Position): LinkContext | undefined {
  const line = doc.lines.lineText(position.line);
  const prefix = line.slice(0, position.character);
  const open = prefix.lastIndexOf('[[');
  if (open === -1 || prefix.indexOf(']]', open) !== -1 || (open > 0 && prefix[open - 1] === '\\')) return undefined;
  const inner = prefix.slice(open + 2);
  if (/[[\]]/.test(inner) || inCode(doc, position)) return undefined;
  const rest = line.slice(position.character);
  // Brackets right after the cursor (one when the editor auto-closed `[`) are replaced along
  // with the typed part, and the item brings `]]`: accepting never leaves a stray `]`.
  const brackets = rest.startsWith(']]') ? 2 : rest.startsWith(']') ? 1 : 0;
  const close = rest.indexOf(']]');
  const reopen = rest.indexOf('[[');
  const closing = brackets === 0 && close !== -1 && (reopen === -1 || close < reopen) ? '' : ']]';
  const inTable = line.trimStart().startsWith('|');
  const at = (offset: number) => lineRange(position.line, open + 2 + offset, position.character + brackets);
  const pipe = inner.indexOf('|');
  if (pipe !== -1) {
    const beforePipe = inner.slice(0, pipe && inner[pipe - 1] === '\\' ? pipe - 1 : pipe);
    const hash = beforePipe.indexOf('#');
    return { mode: 'alias', target: (hash === -1 ? beforePipe : beforePipe.slice(0, hash)).trim(), query: '', range: at(pipe + 1), closing, inTable };
  }
  const hash = inner.indexOf('#');
  if (hash !== -1) return { mode: 'heading', target: inner.slice(0, hash).trim(), query: inner.slice(hash + 1).trim(), range: at(hash + 1), closing, inTable };
  return { mode: 'file', target: inner, query: inner.trim(), range: at(0), closing, inTable };
}

export function linkCompletion(doc: RcaDocument, position: Position, service: RcaService, token: CancellationToken = NONE): CompletionList | null {
  const context = contextAt(doc, position);
  if (!context) return destinationCompletion(doc, position, service, token);
  if (context.mode === 'file') return fileItems(doc, context, service, token);
  return { isIncomplete: false, items: context.mode === 'heading' ? headingItems(doc, context, service) : aliasItems(doc, context, service) };
}

interface Ranked {
  readonly entry: IndexEntry;
  readonly score: number;
}

const byRank = (a: Ranked, b: Ranked) => b.score - a.score || compareRecency(a.entry, b.entry);

/** The files a query names best (by path when it has a `/`, else by name, the title counting half), at most MAX_FILE_ITEMS, and whether more matched. */
function rankFiles(query: string, byPath: boolean, doc: RcaDocument, service: RcaService, token: CancellationToken): { ranked: IndexEntry[]; incomplete: boolean } {
  const self = service.index.get(doc.uri);
  if (query === '') return recentFiles(self, service);
  const best = new TopK<Ranked>(MAX_FILE_ITEMS, byRank);
  let matched = 0;
  // Once more files matched than are listed, one that cannot score above the last kept is passed over
  // (the title, counting half, scores below TITLE_SCORE_LIMIT).
  const floor = () => {
    const worst = best.worst?.score ?? 0;
    return matched > MAX_FILE_ITEMS && worst >= TITLE_SCORE_LIMIT ? worst : 0;
  };
  // Most recent first, so a file only gets in by scoring above the last kept one: ties were settled by arriving first.
  service.index.scanSearchRows(
    query,
    byPath ? 'path' : 'name',
    floor,
    (row) => {
      // Kept for the next query: another document's completion lists this one.
      if (row.entry === self) return true;
      let score = fuzzyScore(query, byPath ? row.entry.pathKey : row.key);
      // The title counts half: only read it when it could beat the name.
      if (score < TITLE_SCORE_LIMIT) {
        const title = fuzzyScore(query, row.title);
        if (score === 0 && title === 0) return false;
        score = Math.max(score, title >> 1);
      }
      if (score === 0) return true;
      matched++;
      if (score > (best.worst?.score ?? 0)) best.add({ entry: row.entry, score });
      return true;
    },
    token,
  );
  return { ranked: best.values().map((r) => r.entry), incomplete: matched > MAX_FILE_ITEMS };
}

/** An empty query scores every file alike: the most recent ones, without a scan. */
function recentFiles(self: IndexEntry | undefined, service: RcaService): { ranked: IndexEntry[]; incomplete: boolean } {
  const rows = service.index.searchRows();
  const ranked: IndexEntry[] = [];
  for (let i = 0; i < rows.length && ranked.length < MAX_FILE_ITEMS; i++) if (rows[i].entry !== self) ranked.push(rows[i].entry);
  return { ranked, incomplete: rows.length - (self ? 1 : 0) > ranked.length };
}

function fileItems(doc: RcaDocument, context: LinkContext, service: RcaService, token: CancellationToken): CompletionList {
  const query = context.query.toLowerCase().replace(/\\/g, '/');
  const { ranked, incomplete } = rankFiles(query, query.includes('/'), doc, service, token);
  const items = ranked.map((entry, i): CompletionItem => {
    const text = linkTextFor(service.index, entry);
    const title = titleOf(entry);
    const rca = entry.rca;
    return {
      label: text,
      kind: KIND_FILE,
      labelDetails: { description: entry.relativePath },
      // The date once: RCA titles start with it.
      detail: rca ? [rca.date, rca.severity, (rca.date && title.trimStart().startsWith(rca.date) && undatedTitle(title)) || title].filter(Boolean).join(' · ') : title,
      sortText: String(i).padStart(4, '0'),
      filterText: `${text} ${title}`,
      textEdit: { range: context.range, newText: text + context.closing },
    };
  });
  return { isIncomplete: incomplete, items };
}

/** The headings a `[[target#` can name: the target's, or this document's for `[[#`. */
function targetHeadings(doc: RcaDocument, target: string, service: RcaService): { headings: readonly IndexedHeading[]; where: string }[] {
  const resolved = resolveWikiLink({ target, heading: undefined }, doc, service.index);
  if (target === '') return [{ headings: doc.headings.map(indexedHeading), where: 'this file' }];
  if (resolved.kind === 'ambiguous') return resolved.candidates.map((c) => ({ headings: c.headings, where: c.relativePath }));
  if (resolved.kind !== 'file') return [];
  return [{ headings: service.index.get(resolved.uri)?.headings ?? [], where: resolved.relativePath }];
}

function headingItems(doc: RcaDocument, context: LinkContext, service: RcaService): CompletionItem[] {
  const query = context.query.toLowerCase();
  const items: CompletionItem[] = [];
  for (const { headings, where } of targetHeadings(doc, context.target, service)) {
    for (const h of headings) {
      if (h.text === '' || fuzzyScore(query, h.text.toLowerCase()) === 0) continue;
      const text = escapeForLink(h.text, context.inTable);
      items.push({
        label: h.text,
        kind: KIND_REFERENCE,
        detail: `${'#'.repeat(h.level)} ${h.text} · ${where}`,
        sortText: String(items.length).padStart(4, '0'),
        textEdit: { range: context.range, newText: text + context.closing },
      });
    }
  }
  return items;
}

function aliasItems(doc: RcaDocument, context: LinkContext, service: RcaService): CompletionItem[] {
  if (context.target === '') return [];
  const resolved = resolveWikiLink({ target: context.target, heading: undefined }, doc, service.index);
  if (resolved.kind !== 'file') return [];
  const entry = service.index.get(resolved.uri);
  if (!entry) return [];
  const titles = [...new Set([entry.rca?.title?.trim(), entry.title, entry.name].filter((t): t is string => !!t))];
  return titles.map((title, i) => ({
    label: title,
    kind: KIND_TEXT,
    detail: `Alias for ${entry.relativePath}`,
    sortText: String(i).padStart(4, '0'),
    textEdit: { range: context.range, newText: escapeForLink(title, context.inTable) + context.closing },
  }));
}

/**
 * In an ordinary link's destination (`](` up to the cursor, no space or parenthesis
 * since): Markdown files by their path from this document's folder, or after `#`
 * the anchors of the target's headings (this document's for `](#`).
 */
function destinationCompletion(doc: RcaDocument, position: Position, service: RcaService, token: CancellationToken): CompletionList | null {
  const prefix = doc.lines.lineText(position.line).slice(0, position.character);
  const open = prefix.lastIndexOf('](');
  if (open === -1) return null;
  const typed = prefix.slice(open + 2);
  if (/[\s()<>]/.test(typed) || inCode(doc, position)) return null;
  // Left to the editor, and nothing else offered inside a destination.
  if (service.settingsFor(doc.uri).editorMarkdown.completesPaths) return { isIncomplete: false, items: [] };
  const hash = typed.indexOf('#');
  if (hash !== -1) return { isIncomplete: false, items: anchorItems(doc, decodeLinkText(typed.slice(0, hash)), lineRange(position.line, open + 3 + hash, position.character), service) };
  const query = decodeLinkText(typed).replace(/^(?:\.\.?\/)+/, '').toLowerCase();
  const { ranked, incomplete } = rankFiles(query, true, doc, service, token);
  const range = lineRange(position.line, open + 2, position.character);
  const items = ranked.map((entry, i): CompletionItem => {
    const path = encodeLinkPath(relativeUriPath(doc.uri, entry.uri), typed);
    return { label: path, kind: KIND_FILE, detail: titleOf(entry), sortText: String(i).padStart(4, '0'), filterText: path, textEdit: { range, newText: path } };
  });
  return { isIncomplete: incomplete, items };
}

function anchorItems(doc: RcaDocument, path: string, range: Range, service: RcaService): CompletionItem[] {
  const resolved = resolveMarkdownLink({ path, fragment: undefined }, doc, service.index);
  if (resolved.kind !== 'file') return [];
  const headings = resolved.uri === doc.uri ? doc.headings.map(indexedHeading) : (service.index.get(resolved.uri)?.headings ?? []);
  const anchors = headingAnchors(headings.map((h) => h.text));
  return headings.flatMap((h, i): CompletionItem[] =>
    anchors[i] === '' ? [] : [{ label: anchors[i], kind: KIND_REFERENCE, detail: `${'#'.repeat(h.level)} ${h.text}`, sortText: String(i).padStart(4, '0'), textEdit: { range, newText: anchors[i] } }],
  );
}

/** Text that cannot end or split the link: brackets dropped, `|` escaped in tables. */
function escapeForLink(text: string, inTable: boolean): string {
  const clean = text.replace(/[[\]]/g, '');
  return inTable ? clean.replace(/\|/g, '\\|') : clean.replace(/\|/g, '-');
}
