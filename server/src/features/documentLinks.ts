// Document links, so Ctrl+click opens a link's target (at its heading line): wiki-links,
// action items' tracker issues, and ordinary links unless the editor's own Markdown
// support makes those clickable.
import { resolveMarkdownLink, resolveWikiLink } from '../core/links';
import type { RcaDocument } from '../core/model';
import type { RcaService } from '../core/service';
import { lineRange } from '../core/text';
import { trackerRefs } from '../core/tracker';
import { NONE, type CancellationToken } from '../core/workspace';
import type { DocumentLink } from 'vscode-languageserver-types';

export function documentLinks(doc: RcaDocument, service: RcaService, token: CancellationToken = NONE): DocumentLink[] {
  const links: DocumentLink[] = [];
  for (const link of doc.links) {
    if (token.isCancellationRequested) break;
    const resolved = resolveWikiLink(link, doc, service.index);
    if (resolved.kind !== 'file') continue;
    // The target and `#heading` part is the clickable text; an alias stays plain.
    const end = (link.headingRange ?? link.targetRange).end.character;
    const start = link.target === '' && link.headingRange ? link.headingRange.start.character : link.targetRange.start.character;
    if (end <= start) continue;
    const fragment = resolved.heading ? `#L${resolved.heading.line + 1}` : '';
    links.push({
      range: lineRange(link.range.start.line, start, end),
      target: resolved.uri + fragment,
      tooltip: resolved.heading ? `${resolved.relativePath} › ${resolved.heading.text}` : resolved.relativePath,
    });
  }
  const settings = service.settingsFor(doc.uri);
  for (const item of doc.actionItems) {
    for (const [cell, anyUrl] of [[item.ticket, true], [item.action, false]] as const) {
      if (!cell) continue;
      for (const ref of trackerRefs(cell.text, settings.tracker, anyUrl)) {
        const start = cell.range.start.character + ref.start;
        if (ref.url !== undefined) links.push({ range: lineRange(cell.range.start.line, start, start + ref.text.length), target: ref.url, tooltip: `Open ${ref.text} in the tracker` });
      }
    }
  }
  if (settings.editorMarkdown.linksDocuments) return links;
  for (const link of doc.markdownLinks) {
    if (token.isCancellationRequested) break;
    const resolved = resolveMarkdownLink(link, doc, service.index);
    if (resolved.kind !== 'file') continue;
    // The destination as written (for a reference, the text in brackets).
    const range = link.kind === 'reference' ? link.range : { start: link.pathRange.start, end: (link.fragmentRange ?? link.pathRange).end };
    if (range.start.character === range.end.character) continue;
    links.push({
      range,
      target: resolved.uri + (resolved.heading ? `#L${resolved.heading.line + 1}` : ''),
      tooltip: resolved.heading ? `${resolved.relativePath} › ${resolved.heading.text}` : resolved.relativePath,
    });
  }
  return links;
}
