// Rename: a link target renames the file and rewrites every link to it; a heading
// (or a link's `#heading`) renames the heading and rewrites the links to it.
// `willRenameFiles` rewrites links when the editor moves or renames files (ordinary
// links only where the editor's own Markdown support does not). Both rewrite the
// catalog's `runbook:` paths to the files moved.
// Only the target or heading text of a link is ever replaced, so aliases, `\|`
// escapes, titles and everything around them stay byte for byte.
import { runbookMoveEdits, type FileMove } from '../core/catalogFile';
import { headingAnchors, indexedHeading, resolveMarkdownLink, resolveWikiLink } from '../core/links';
import { decodeLinkText } from '../core/markdownLinks';
import type { RcaDocument } from '../core/model';
import type { RcaService } from '../core/service';
import { containsPosition, slugify, type Position, type Range } from '../core/text';
import { fileNameProblem, hasExtension, isMarkdownUri, linkKey, normalizeUri, pathInside, relativeUriPath, siblingUri, uriBasename, withoutMarkdownExtension } from '../core/uri';
import { NONE, type CancellationToken } from '../core/workspace';
import { normalizeTarget, pathKeyMatches, type IndexedHeading, type IndexedLink, type IndexEntry, type WorkspaceIndex } from '../core/workspaceIndex';
import type { WorkspaceEdit } from 'vscode-languageserver-types';
import { backlinks, EditBuilder, headingAt, headingRange, linkAt, linkHeadingRange, linkTargetRange, markdownLinkAt, pathWithoutExtension, uniqueTarget, encodeLinkPath, type EditSupport } from './linkTools';

export interface RenameError {
  readonly error: string;
}

type Subject =
  | { readonly kind: 'file'; readonly entry: IndexEntry; readonly range: Range; readonly placeholder: string }
  | { readonly kind: 'heading'; readonly uri: string; readonly heading: IndexedHeading; readonly range: Range; readonly placeholder: string };

const NOTHING_HERE = 'Rename works on a [text](file.md) link, a [[wiki-link]] or a heading';
const MULTI_LINE_HEADING = 'A heading over several lines cannot be renamed: join it onto one line first';

function subjectAt(doc: RcaDocument, position: Position, service: RcaService): Subject | RenameError {
  const index = service.index;
  const link = linkAt(doc, position);
  if (link) {
    const resolved = resolveWikiLink(link, doc, index);
    if (resolved.kind === 'missing') return { error: `No file named "${link.target}" to rename` };
    if (resolved.kind === 'ambiguous') return { error: `"${link.target}" matches ${resolved.candidates.length} files; qualify it with a folder first` };
    const onHeading = link.headingRange !== undefined && (link.target === '' || !containsPosition(link.targetRange, position));
    if (onHeading) {
      if (!resolved.heading) return { error: `No heading "${link.heading}" in ${resolved.relativePath}` };
      if (resolved.heading.text.includes('\n')) return { error: MULTI_LINE_HEADING };
      return { kind: 'heading', uri: resolved.uri, heading: resolved.heading, range: link.headingRange!, placeholder: link.heading! };
    }
    const entry = index.get(resolved.uri);
    if (!entry) return { error: NOTHING_HERE };
    return { kind: 'file', entry, range: link.targetRange, placeholder: entry.name };
  }
  const ordinary = markdownLinkAt(doc, position);
  if (ordinary) {
    const resolved = resolveMarkdownLink(ordinary, doc, index);
    if (resolved.kind === 'missing') return { error: `No file at "${ordinary.path}" to rename` };
    if (resolved.kind !== 'file') return { error: NOTHING_HERE };
    // A reference's destination is on its definition's line: the reference itself is what the editor marks.
    const own = ordinary.kind !== 'reference';
    if (own && ordinary.fragmentRange && (ordinary.path === '' || containsPosition(ordinary.fragmentRange, position))) {
      if (!resolved.heading) return { error: `No heading with the anchor "#${ordinary.fragment}" in ${resolved.relativePath}` };
      if (resolved.heading.text.includes('\n')) return { error: MULTI_LINE_HEADING };
      return { kind: 'heading', uri: resolved.uri, heading: resolved.heading, range: ordinary.fragmentRange, placeholder: resolved.heading.text };
    }
    const entry = index.get(resolved.uri);
    if (!entry || resolved.uri === doc.uri) return { error: NOTHING_HERE };
    return { kind: 'file', entry, range: own ? ordinary.pathRange : ordinary.range, placeholder: entry.name };
  }
  const heading = headingAt(doc, position);
  if (heading && heading.text !== '' && containsPosition(heading.range, position)) {
    if (heading.text.includes('\n')) return { error: MULTI_LINE_HEADING };
    return { kind: 'heading', uri: doc.uri, heading: indexedHeading(heading), range: heading.textRange, placeholder: heading.text };
  }
  return { error: NOTHING_HERE };
}

export function prepareRename(doc: RcaDocument, position: Position, service: RcaService): { range: Range; placeholder: string } | RenameError {
  const subject = subjectAt(doc, position, service);
  return 'error' in subject ? subject : { range: subject.range, placeholder: subject.placeholder };
}

export function rename(doc: RcaDocument, position: Position, newName: string, service: RcaService, support: EditSupport, token: CancellationToken = NONE): WorkspaceEdit | RenameError {
  const subject = subjectAt(doc, position, service);
  if ('error' in subject) return subject;
  const edits = new EditBuilder(versionsOf(service));
  if (subject.kind === 'heading') {
    const text = newName.trim();
    if (text === '' || /[\r\n[\]|]/.test(text)) return { error: 'A heading cannot be empty or contain line breaks, brackets or "|"' };
    edits.replace(subject.uri, headingRange(subject.heading), text);
    const anchor = anchorAfterRename(service.index.get(subject.uri)?.headings ?? [], subject.heading.line, text);
    for (const b of backlinks(service.index, subject.uri, token)) {
      if (b.heading?.line !== subject.heading.line) continue;
      const written = b.link.heading!;
      // An ordinary link names the heading by its anchor, as written (encoded or not).
      if (b.link.uri !== undefined) {
        edits.replace(b.uri, linkHeadingRange(b.link)!, encodeLinkPath(anchor, written));
        continue;
      }
      // A link that names the heading by its slug gets the new slug.
      const bySlug = written.toLowerCase() !== subject.heading.text.toLowerCase();
      edits.replace(b.uri, linkHeadingRange(b.link)!, bySlug ? slugify(text) : text);
    }
    return edits.build(support);
  }

  if (!support.documentChanges || !support.resourceOperations.includes('rename')) {
    return { error: 'This editor cannot rename files through the language server' };
  }
  const name = newName.trim().replace(/\.md$/i, '');
  const problem = /[#[\]|]/.test(name) ? 'a wiki-link target cannot contain # [ ] |' : fileNameProblem(name);
  if (problem) return { error: `${JSON.stringify(newName)} is not a valid file name: ${problem}` };
  const entry = subject.entry;
  if (name === entry.name) return {};
  const base = uriBasename(entry.uri);
  const extension = base.slice(entry.name.length);
  const newUri = siblingUri(entry.uri, `${name}${extension}`);
  const folder = entry.uri.slice(0, entry.uri.lastIndexOf('/') + 1);
  const clash = service.index.byBasename(linkKey(name)).find((e) => e.uri !== entry.uri && e.uri.startsWith(folder) && !e.uri.slice(folder.length).includes('/'));
  if (clash) return { error: `${clash.relativePath} already exists` };
  rewriteLinks(service.index, new Map([[entry.uri, newUri]]), edits, token, () => true);
  rewriteRunbooks(service, [{ oldUri: entry.uri, newUri }], edits);
  edits.operation({ kind: 'rename', oldUri: entry.uri, newUri, options: { overwrite: false, ignoreIfExists: false } });
  return edits.build(support);
}

/** Link rewrites for files (or folders) the editor is about to rename or move. */
export function willRenameFiles(files: readonly { oldUri: string; newUri: string }[], service: RcaService, support: EditSupport, token: CancellationToken = NONE): WorkspaceEdit | null {
  const index = service.index;
  const moves = new Map<string, string>();
  // Nothing is rewritten to point outside the workspace folders.
  const kept = files.map((f) => ({ oldUri: normalizeUri(f.oldUri), newUri: normalizeUri(f.newUri) })).filter((f) => service.isWorkspaceFile(f.newUri));
  for (const { oldUri, newUri } of kept) {
    if (index.get(oldUri)) {
      if (isMarkdownUri(newUri)) moves.set(oldUri, newUri);
      continue;
    }
    if (isMarkdownUri(oldUri)) continue;
    // A folder: every indexed file under it moves along.
    const prefix = oldUri.endsWith('/') ? oldUri : `${oldUri}/`;
    const target = newUri.endsWith('/') ? newUri : `${newUri}/`;
    for (const entry of index.all()) if (entry.uri.startsWith(prefix)) moves.set(entry.uri, target + entry.uri.slice(prefix.length));
  }
  const edits = new EditBuilder(versionsOf(service));
  rewriteLinks(index, moves, edits, token, (uri) => !service.settingsFor(uri).editorMarkdown.updatesLinksOnMove);
  rewriteRunbooks(service, kept, edits);
  return edits.isEmpty ? null : edits.build(support);
}

/** Each folder's catalog `runbook:` paths follow the files they name, in the same edit as the links. */
function rewriteRunbooks(service: RcaService, moves: readonly FileMove[], edits: EditBuilder): void {
  for (const catalog of service.catalogFiles()) {
    for (const edit of runbookMoveEdits(catalog.file, catalog.root, moves)) edits.replace(catalog.uri, edit.range, edit.newText);
  }
}

/**
 * Rewrites each link to a moved file so that it names the file at its new path:
 * a plain name stays a plain name (qualified with folders only if it would become
 * ambiguous), `folder/name` keeps as many folders, `.md` stays. Ordinary links
 * (in the files `ordinary` accepts) get the path from where their file will be to
 * where their target will be, and a moved file's own relative links are rewritten too.
 */
function rewriteLinks(index: WorkspaceIndex, moves: ReadonlyMap<string, string>, edits: EditBuilder, token: CancellationToken, ordinary: (uri: string) => boolean): void {
  const after = (uri: string) => moves.get(uri) ?? uri;
  const rewriteOrdinary = (uri: string, link: IndexedLink, source: string, target: string) => {
    const text = ordinaryLinkPath(link.target, source, target, index);
    if (text !== undefined && text !== link.target) edits.replace(uri, linkTargetRange(link), text);
  };
  const newPaths = new Map([...moves].map(([oldUri, newUri]) => [oldUri, index.relativePath(newUri)]));
  const newPathKeys = [...newPaths.values()].map(linkKey);
  // How many files a target names once the moves are done.
  const countAfter = (normalized: string) => {
    const slash = normalized.lastIndexOf('/');
    const key = slash === -1 ? normalized : normalized.slice(slash + 1);
    let n = 0;
    for (const e of index.byBasename(key)) if (!moves.has(e.uri) && pathKeyMatches(e.pathKey, normalized)) n++;
    for (const pathKey of newPathKeys) if (pathKeyMatches(pathKey, normalized)) n++;
    return n;
  };
  for (const [oldUri] of moves) {
    const newPath = newPaths.get(oldUri)!;
    const nameChanged = baseName(newPath) !== baseName(index.get(oldUri)!.relativePath);
    for (const b of backlinks(index, oldUri, token)) {
      const written = b.link.target;
      if (written === '') continue;
      if (b.link.uri !== undefined) {
        if (ordinary(b.uri)) rewriteOrdinary(b.uri, b.link, after(b.uri), after(oldUri));
        continue;
      }
      const withMd = /\.md$/i.test(written);
      const bare = (withMd ? written.slice(0, -3) : written).replace(/\\/g, '/').replace(/^\.?\//, '');
      const segments = bare.split('/').length;
      let target = uniqueTarget(newPath, countAfter, segments);
      if (withMd) target += '.md';
      if (target === written) continue;
      // A link that names the file in another case keeps its spelling unless the name itself changed.
      if (!nameChanged && normalizeTarget(target) === normalizeTarget(written)) continue;
      edits.replace(b.uri, linkTargetRange(b.link), target);
    }
    // The moved file's own relative links now start from its new folder.
    if (!ordinary(oldUri)) continue;
    for (const link of index.get(oldUri)!.links) {
      if (link.uri !== undefined && link.uri !== oldUri && link.target !== '' && !link.target.startsWith('/')) rewriteOrdinary(oldUri, link, after(oldUri), after(link.uri));
    }
  }
}

/**
 * The path an ordinary link written `written` in `source` should say to name
 * `target` (both where they will be): relative as it was, or from the workspace
 * folder with a leading `/`; `./`, a left-out `.md` and the way it was encoded kept.
 */
function ordinaryLinkPath(written: string, source: string, target: string, index: WorkspaceIndex): string | undefined {
  let path: string;
  if (written.startsWith('/')) {
    const root = index.folderOf(source);
    const inside = root === undefined ? undefined : pathInside(target, root);
    if (inside === undefined) return undefined;
    path = `/${inside}`;
  } else {
    path = relativeUriPath(source, target);
    if (written.startsWith('./') && !path.startsWith('../')) path = `./${path}`;
  }
  if (!hasExtension(decodeLinkText(written))) path = withoutMarkdownExtension(path);
  return encodeLinkPath(path, written);
}

/** The anchor a heading of a file (at `line`) will have once its text is `text`. */
function anchorAfterRename(headings: readonly IndexedHeading[], line: number, text: string): string {
  const at = headings.findIndex((h) => h.line === line);
  return at === -1 ? slugify(text) : headingAnchors(headings.map((h) => (h.line === line ? text : h.text)))[at];
}

function baseName(path: string): string {
  return pathWithoutExtension(path.slice(path.lastIndexOf('/') + 1));
}

function versionsOf(service: RcaService): (uri: string) => number | null {
  const catalogs = [...service.catalogFiles()];
  return (uri) => service.getOpenDocument(uri)?.version ?? catalogs.find((c) => c.uri === uri)?.version ?? null;
}
