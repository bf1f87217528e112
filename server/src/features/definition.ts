// Go to definition on a wiki-link or an ordinary link: the file, or the heading its
// `#fragment` names; a wiki-link's candidates when its name is ambiguous.
import { resolveMarkdownLink, resolveWikiLink } from '../core/links';
import type { RcaDocument } from '../core/model';
import type { RcaService } from '../core/service';
import { lineRange, type Position } from '../core/text';
import type { LocationLink } from 'vscode-languageserver-types';
import { headingLineRange, headingRange, linkAt, markdownLinkAt } from './linkTools';

const FILE_START = lineRange(0, 0, 0);

export function definition(doc: RcaDocument, position: Position, service: RcaService): LocationLink[] {
  const link = linkAt(doc, position);
  if (!link) {
    const ordinary = markdownLinkAt(doc, position);
    const resolved = ordinary && resolveMarkdownLink(ordinary, doc, service.index);
    if (resolved?.kind !== 'file') return [];
    const h = resolved.heading;
    return [{ originSelectionRange: ordinary!.range, targetUri: resolved.uri, targetRange: h ? headingLineRange(h) : FILE_START, targetSelectionRange: h ? headingRange(h) : FILE_START }];
  }
  const resolved = resolveWikiLink(link, doc, service.index);
  const origin = link.range;
  if (resolved.kind === 'missing') return [];
  if (resolved.kind === 'ambiguous') {
    return resolved.candidates.map((c) => ({ originSelectionRange: origin, targetUri: c.uri, targetRange: FILE_START, targetSelectionRange: FILE_START }));
  }
  const h = resolved.heading;
  return [
    {
      originSelectionRange: origin,
      targetUri: resolved.uri,
      targetRange: h ? headingLineRange(h) : FILE_START,
      targetSelectionRange: h ? headingRange(h) : FILE_START,
    },
  ];
}
