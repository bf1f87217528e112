// Helpers shared by the link features: what is under the cursor, backlinks from
// the index, the text a link to a file should say, and edit assembly. All pure.
import { withoutMarkdownExtension } from '../core/uri';
import { headingForFragment, resolveWikiLink, type ResolvedLink } from '../core/links';
import { decodeLinkText } from '../core/markdownLinks';
import type { Heading, MarkdownLink, RcaDocument, WikiLink } from '../core/model';
import { containsPosition, lineRange, type Position, type Range } from '../core/text';
import { NONE, type CancellationToken } from '../core/workspace';
import { normalizeTarget, pathKeyMatches, targetBasenameKey, type IndexedHeading, type IndexedLink, type IndexEntry, type WorkspaceIndex } from '../core/workspaceIndex';
import type { CreateFile, RenameFile, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';

/** What the client can do with a WorkspaceEdit (from its capabilities). */
export interface EditSupport {
  readonly documentChanges: boolean;
  /** `create`, `rename`, `delete`. */
  readonly resourceOperations: readonly string[];
}

export const FULL_EDIT_SUPPORT: EditSupport = { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] };

export function linkAt(doc: RcaDocument, position: Position): WikiLink | undefined {
  return doc.links.find((l) => containsPosition(l.range, position));
}

export function markdownLinkAt(doc: RcaDocument, position: Position): MarkdownLink | undefined {
  return doc.markdownLinks.find((l) => containsPosition(l.range, position));
}

export function headingAt(doc: RcaDocument, position: Position): Heading | undefined {
  return doc.headings.find((h) => h.range.start.line === position.line);
}

/** A link in another file (or this one), wiki-link or ordinary, that resolves to a given file. */
export interface Backlink {
  readonly uri: string;
  readonly link: IndexedLink;
  /** The target heading the link's `#fragment` resolves to. */
  readonly heading: IndexedHeading | undefined;
}

/**
 * Every link in the workspace that resolves to `targetUri`, by the one resolution
 * function, one at a time (a hub note has thousands: the first can be sent before
 * the last is found). Only the files the index lists as linking to the target's name are read.
 */
export function* backlinks(index: WorkspaceIndex, targetUri: string, token: CancellationToken = NONE): Generator<Backlink, void, undefined> {
  const target = index.get(targetUri);
  if (!target) return;
  const sources = [...index.linkersOf(targetUri)];
  if (!sources.includes(targetUri)) sources.push(targetUri);
  sources.sort();
  // Many files link the same way (`[[runbook-x#Rollback]]`): resolve each spelling once.
  const resolutions = new Map<string, ResolvedLink>();
  for (const uri of sources) {
    if (token.isCancellationRequested) break;
    const entry = index.get(uri);
    if (!entry) continue;
    for (const link of entry.links) {
      // An ordinary link was resolved when indexed.
      if (link.uri !== undefined) {
        if (link.uri === targetUri) yield { uri, link, heading: link.heading === undefined ? undefined : headingForFragment(target.headings, decodeLinkText(link.heading)) };
        continue;
      }
      let resolved: ResolvedLink | undefined;
      if (link.target === '') {
        if (uri !== targetUri) continue;
        resolved = resolveWikiLink(link, entry, index);
      } else {
        const spelling = link.heading === undefined ? link.target : `${link.target}#${link.heading}`;
        resolved = resolutions.get(spelling);
        if (!resolved) {
          if (targetBasenameKey(link.target) !== target.key) continue;
          resolutions.set(spelling, (resolved = resolveWikiLink(link, entry, index)));
        }
      }
      if (resolved.kind === 'file' && resolved.uri === targetUri) yield { uri, link, heading: resolved.heading };
    }
  }
}

export function linkRange(link: IndexedLink): Range {
  return lineRange(link.line, link.start, link.end);
}

export function linkTargetRange(link: IndexedLink): Range {
  return lineRange(link.line, link.targetStart, link.targetStart + link.target.length);
}

export function linkHeadingRange(link: IndexedLink): Range | undefined {
  return link.heading === undefined ? undefined : lineRange(link.line, link.headingStart, link.headingStart + link.heading.length);
}

/** The heading's text on its first line: a setext heading's text may run over several lines. */
export function headingRange(h: IndexedHeading): Range {
  return lineRange(h.line, h.character, h.character + firstLineLength(h.text));
}

/** The heading's first line, as far as the index knows it. */
export function headingLineRange(h: IndexedHeading): Range {
  return lineRange(h.line, 0, h.character + firstLineLength(h.text));
}

/** Where a file is declared, as a whole: its first `# ` heading's line, else its start. */
export function fileDeclarationRange(entry: Pick<IndexEntry, 'headings'> | undefined): Range {
  const h1 = entry?.headings.find((h) => h.level === 1);
  return h1 ? headingLineRange(h1) : lineRange(0, 0, 0);
}

function firstLineLength(text: string): number {
  const end = text.indexOf('\n');
  return end === -1 ? text.length : end;
}

/** Workspace-relative path without `.md`, as written. */
export function pathWithoutExtension(relativePath: string): string {
  return withoutMarkdownExtension(relativePath);
}

/**
 * The shortest target that names `entry` alone: its name, or `folder/name` with
 * as many folders as it takes. `count(target)` says how many files a target
 * would name (the index by default; rename passes the world after the rename).
 */
export function uniqueTarget(path: string, count: (normalized: string) => number, minSegments = 1): string {
  const segments = pathWithoutExtension(path).split('/');
  for (let k = Math.min(Math.max(1, minSegments), segments.length); k <= segments.length; k++) {
    const candidate = segments.slice(-k).join('/');
    if (count(normalizeTarget(candidate)) <= 1) return candidate;
  }
  return segments.join('/');
}

export function indexCount(index: WorkspaceIndex): (normalized: string) => number {
  return (normalized) => {
    const slash = normalized.lastIndexOf('/');
    const key = slash === -1 ? normalized : normalized.slice(slash + 1);
    if (slash === -1) return index.basenameCount(key);
    return index.byBasename(key).filter((e) => pathKeyMatches(e.pathKey, normalized)).length;
  };
}

/** The target a new link to `entry` should say. */
export function linkTextFor(index: WorkspaceIndex, entry: IndexEntry): string {
  return index.basenameCount(entry.key) <= 1 ? entry.name : uniqueTarget(entry.relativePath, indexCount(index));
}

/**
 * A path or anchor as a link destination, encoded the way `written` was: spaces
 * raw only where it had raw ones (inside `<>`), else `%20`; other letters than
 * ASCII `%`-encoded where it had such escapes; what would end the destination always.
 */
export function encodeLinkPath(path: string, written: string): string {
  const rawSpaces = written.includes(' ');
  const encodedLetters = /%[89a-f][0-9a-f]/i.test(written);
  let out = '';
  for (const ch of path) {
    if (ch === ' ') out += rawSpaces ? ' ' : '%20';
    else if (ch < ' ' || '%<>#?\\'.includes(ch) || (encodedLetters && ch > '\u007f')) out += encodeURIComponent(ch);
    else out += ch;
  }
  return out;
}

/** Text edits grouped by file, assembled into a WorkspaceEdit the client can apply. */
export class EditBuilder {
  private readonly edits = new Map<string, TextEdit[]>();
  private readonly operations: (CreateFile | RenameFile)[] = [];

  constructor(private readonly versionOf: (uri: string) => number | null) {}

  replace(uri: string, range: Range, newText: string): void {
    let list = this.edits.get(uri);
    if (!list) this.edits.set(uri, (list = []));
    list.push({ range, newText });
  }

  /** File operations run after every text edit (edits address files by their old names). */
  operation(op: CreateFile | RenameFile): void {
    this.operations.push(op);
  }

  get isEmpty(): boolean {
    return this.edits.size === 0 && this.operations.length === 0;
  }

  build(support: EditSupport): WorkspaceEdit {
    const byUri = [...this.edits].map(([uri, edits]) => [uri, dropOverlaps(edits)] as const);
    if (!support.documentChanges) {
      return { changes: Object.fromEntries(byUri) };
    }
    const documentChanges: (TextDocumentEdit | CreateFile | RenameFile)[] = byUri.map(([uri, edits]) => ({ textDocument: { uri, version: this.versionOf(uri) }, edits }));
    documentChanges.push(...this.operations);
    return { documentChanges };
  }
}

/** Sorted edits, without duplicates or overlaps (which LSP forbids). */
function dropOverlaps(edits: TextEdit[]): TextEdit[] {
  const cmp = (a: Position, b: Position) => a.line - b.line || a.character - b.character;
  const sorted = [...edits].sort((a, b) => cmp(a.range.start, b.range.start) || cmp(a.range.end, b.range.end));
  const kept: TextEdit[] = [];
  for (const edit of sorted) {
    const last = kept.at(-1);
    if (last && cmp(edit.range.start, last.range.end) < 0) continue;
    if (last && cmp(edit.range.start, last.range.start) === 0 && cmp(edit.range.end, last.range.end) === 0) continue;
    kept.push(edit);
  }
  return kept;
}

/** Whether `position` sits in fenced code or an inline code span, where `[[` is not a link. */
export function inCode(doc: RcaDocument, position: Position): boolean {
  let fence: string | undefined;
  for (let line = 0; line < position.line; line++) {
    const text = doc.lines.lineText(line);
    const match = /^ {0,3}(`{3,}|~{3,})/.exec(text);
    if (!match) continue;
    if (fence === undefined) fence = match[1];
    else if (match[1][0] === fence[0] && match[1].length >= fence.length && text.trim() === match[1]) fence = undefined;
  }
  if (fence !== undefined) return true;
  const before = doc.lines.lineText(position.line).slice(0, position.character);
  let ticks = 0;
  for (let i = 0; i < before.length; i++) if (before[i] === '`' && before[i - 1] !== '\\') ticks++;
  return ticks % 2 === 1;
}
