// Document links, so Ctrl+click opens a wiki-link's target (at its heading line).
import { resolveWikiLink } from '../core/links';
import type { RcaDocument } from '../core/model';
import type { RcaService } from '../core/service';
import { lineRange } from '../core/text';
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
  return links;
}
