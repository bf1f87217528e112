// References: on a link, a heading, or anywhere else in a file (its title and front
// matter included) → every link in the workspace to that file or heading (backlinks), from the index.
import { indexedHeading, resolveMarkdownLink, resolveWikiLink } from '../core/links';
import type { RcaDocument } from '../core/model';
import type { RcaService } from '../core/service';
import { containsPosition, type Position } from '../core/text';
import { NONE, type CancellationToken } from '../core/workspace';
import type { IndexedHeading } from '../core/workspaceIndex';
import type { Location } from 'vscode-languageserver-types';
import { backlinks, fileDeclarationRange, headingAt, headingLineRange, linkAt, linkRange, markdownLinkAt } from './linkTools';

/** What references and rename are about: a file, or one heading of it. */
export interface LinkSubject {
  readonly uri: string;
  readonly heading: IndexedHeading | undefined;
}

/** The file or heading the cursor designates, or undefined on a link that resolves to nothing. */
export function subjectAt(doc: RcaDocument, position: Position, service: RcaService): LinkSubject | undefined {
  const link = linkAt(doc, position);
  if (link) {
    const resolved = resolveWikiLink(link, doc, service.index);
    if (resolved.kind !== 'file') return undefined;
    const onTarget = link.target !== '' && containsPosition(link.targetRange, position);
    return { uri: resolved.uri, heading: onTarget ? undefined : resolved.heading };
  }
  const ordinary = markdownLinkAt(doc, position);
  if (ordinary) {
    const resolved = resolveMarkdownLink(ordinary, doc, service.index);
    if (resolved.kind !== 'file') return undefined;
    const onFragment = ordinary.fragmentRange !== undefined && containsPosition(ordinary.fragmentRange, position);
    return { uri: resolved.uri, heading: onFragment || ordinary.path === '' ? resolved.heading : undefined };
  }
  // The title (the first `# `) stands for the file, as the front matter does: its references are the file's.
  const heading = headingAt(doc, position);
  return { uri: doc.uri, heading: heading && heading !== doc.title ? indexedHeading(heading) : undefined };
}

/** The locations of references, one at a time (the declaration when asked for, then each backlink), so that partial results can go before all are found. */
export function* references(doc: RcaDocument, position: Position, service: RcaService, includeDeclaration: boolean, token: CancellationToken = NONE): Generator<Location, void, undefined> {
  const subject = subjectAt(doc, position, service);
  if (!subject) return;
  if (includeDeclaration) yield { uri: subject.uri, range: subject.heading ? headingLineRange(subject.heading) : fileDeclarationRange(service.index.get(subject.uri)) };
  for (const b of backlinks(service.index, subject.uri, token)) {
    if (subject.heading && b.heading?.line !== subject.heading.line) continue;
    yield { uri: b.uri, range: linkRange(b.link) };
  }
}
