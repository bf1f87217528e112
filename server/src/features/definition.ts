// Go to definition on a wiki-link: the file, or the heading its `#fragment` names;
// both candidates when the name is ambiguous.
import { resolveWikiLink } from '../core/links';
import type { RcaDocument } from '../core/model';
import type { RcaService } from '../core/service';
import { lineRange, type Position } from '../core/text';
import type { LocationLink } from 'vscode-languageserver-types';
import { headingLineRange, headingRange, linkAt } from './linkTools';

const FILE_START = lineRange(0, 0, 0);

export function definition(doc: RcaDocument, position: Position, service: RcaService): LocationLink[] {
  const link = linkAt(doc, position);
  if (!link) return [];
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
