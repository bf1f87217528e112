// Quick fixes for wiki-links: a broken link can create its target (an RCA
// template under an RCA folder, else a note with an H1) or point at the nearest
// existing name; an ambiguous one can be qualified with a folder.
import { todayIso } from '../../../shared/calendarDay';
import { matchesAnyGlob } from '../core/glob';
import { editDistance } from '../core/fuzzy';
import { resolveWikiLink } from '../core/links';
import type { RcaDocument, WikiLink } from '../core/model';
import type { RcaService } from '../core/service';
import { positionBefore, type Range } from '../core/text';
import { fileNameProblem, joinUri, siblingUri } from '../core/uri';
import { NONE, type CancellationToken } from '../core/workspace';
import { normalizeTarget, type IndexEntry } from '../core/workspaceIndex';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { noteTemplate, rcaTemplate } from './templates';
import { EditBuilder, indexCount, linkTextFor, uniqueTarget, type EditSupport } from './linkTools';

export function linkQuickFixes(
  doc: RcaDocument,
  range: Range,
  diagnostics: readonly Diagnostic[],
  service: RcaService,
  support: EditSupport,
  token: CancellationToken = NONE,
  today: string = todayIso(),
): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const link of doc.links) {
    if (token.isCancellationRequested) break;
    if (link.target === '' || !overlaps(link.range, range)) continue;
    const resolved = resolveWikiLink(link, doc, service.index);
    if (resolved.kind === 'missing') {
      const matching = diagnostics.filter((d) => d.code === 'broken-wiki-link' && overlaps(d.range, link.targetRange));
      const nearest = nearestEntry(link.target, service, doc.uri, token);
      if (nearest) {
        const text = keepExtension(link.target, linkTextFor(service.index, nearest));
        actions.push(replaceAction(`Did you mean [[${text}]]?`, doc, link, text, matching, service, support, true));
      }
      const create = createAction(doc, link, matching, service, support, today);
      if (create) actions.push(create);
    } else if (resolved.kind === 'ambiguous') {
      const matching = diagnostics.filter((d) => d.code === 'ambiguous-wiki-link' && overlaps(d.range, link.targetRange));
      const count = indexCount(service.index);
      for (const candidate of resolved.candidates) {
        const text = keepExtension(link.target, uniqueTarget(candidate.relativePath, count, 2));
        actions.push(replaceAction(`Link to ${candidate.relativePath} ([[${text}]])`, doc, link, text, matching, service, support, false));
      }
    }
  }
  return actions;
}

/** Ranges that share a point, touching included. */
function overlaps(a: Range, b: Range): boolean {
  return !positionBefore(a.end, b.start) && !positionBefore(b.end, a.start);
}

function keepExtension(written: string, target: string): string {
  return /\.md$/i.test(written) ? `${target}.md` : target;
}

function replaceAction(title: string, doc: RcaDocument, link: WikiLink, text: string, diagnostics: Diagnostic[], service: RcaService, support: EditSupport, preferred: boolean): CodeAction {
  const edits = new EditBuilder((uri) => service.getOpenDocument(uri)?.version ?? null);
  edits.replace(doc.uri, link.targetRange, text);
  return { title, kind: 'quickfix', diagnostics, isPreferred: preferred || undefined, edit: edits.build(support) };
}

/** The existing file whose name is closest to `target` (edit distance), if close enough. */
function nearestEntry(target: string, service: RcaService, self: string, token: CancellationToken): IndexEntry | undefined {
  const wanted = normalizeTarget(target);
  const key = wanted.slice(wanted.lastIndexOf('/') + 1);
  const limit = Math.max(2, Math.ceil(key.length * 0.4));
  let best: IndexEntry | undefined;
  let bestDistance = limit + 1;
  let n = 0;
  for (const entry of service.index.all()) {
    if ((++n & 1023) === 0 && token.isCancellationRequested) break;
    if (entry.uri === self || Math.abs(entry.key.length - key.length) >= bestDistance) continue;
    const d = editDistance(key, entry.key, bestDistance);
    if (d < bestDistance || (d === bestDistance && best && entry.touched > best.touched)) {
      best = entry;
      bestDistance = d;
    }
  }
  return best;
}

function createAction(doc: RcaDocument, link: WikiLink, diagnostics: Diagnostic[], service: RcaService, support: EditSupport, today: string): CodeAction | undefined {
  if (!support.documentChanges || !support.resourceOperations.includes('create')) return undefined;
  const written = link.target.replace(/\\/g, '/').replace(/^\.?\//, '').replace(/\.md$/i, '');
  if (written.split('/').some((segment) => fileNameProblem(segment) !== undefined) || /[|#]/.test(written)) return undefined;
  const root = service.folderFor(doc.uri);
  // `[[folder/name]]` is created under the workspace root; a bare name next to the linking file.
  const uri = written.includes('/') && root ? joinUri(root, `${written}.md`) : siblingUri(doc.uri, `${written}.md`);
  if (!service.isWorkspaceFile(uri)) return undefined;
  const relative = service.index.relativePath(uri);
  const name = written.slice(written.lastIndexOf('/') + 1);
  // The new file's folder's settings decide whether it is an RCA and what its template holds.
  const settings = service.settingsFor(uri);
  const isRca = matchesAnyGlob(relative, settings.files);
  const text = isRca ? rcaTemplate(name, settings, today) : noteTemplate(name, link.heading);
  const edits = new EditBuilder(() => null);
  edits.operation({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: true } });
  const built = edits.build(support);
  built.documentChanges!.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] });
  return { title: `Create ${relative}${isRca ? ' from the RCA template' : ''}`, kind: 'quickfix', diagnostics, edit: built };
}

