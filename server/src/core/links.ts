// Wiki-link resolution: the one function every link feature and rule uses.
import type { RcaDocument, WikiLink } from './model';
import { findIndexedHeading, type IndexedHeading, type IndexEntry, type WorkspaceIndex } from './workspaceIndex';

export type ResolvedLink =
  | { readonly kind: 'missing' }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly IndexEntry[] }
  | {
      readonly kind: 'file';
      readonly uri: string;
      readonly relativePath: string;
      /** The heading `#fragment` names, when it exists. */
      readonly heading: IndexedHeading | undefined;
    };

export function resolveWikiLink(link: WikiLink, from: RcaDocument, index: WorkspaceIndex): ResolvedLink {
  if (link.target === '') {
    // `[[#Heading]]`: the document itself, with its current (maybe unsaved) headings.
    const heading = link.heading === undefined ? undefined : findHeadingIn(from, link.heading);
    return { kind: 'file', uri: from.uri, relativePath: index.get(from.uri)?.relativePath ?? 'this file', heading };
  }
  const matches = index.resolve(link.target);
  if (matches.length === 0) return { kind: 'missing' };
  if (matches.length > 1) return { kind: 'ambiguous', candidates: matches };
  const entry = matches[0];
  const heading = link.heading === undefined ? undefined : findIndexedHeading(entry, link.heading);
  return { kind: 'file', uri: entry.uri, relativePath: entry.relativePath, heading };
}

function findHeadingIn(doc: RcaDocument, fragment: string): IndexedHeading | undefined {
  const wanted = fragment.trim().toLowerCase();
  const h = doc.headings.find((x) => x.text.toLowerCase() === wanted || x.slug === wanted);
  return h && { level: h.level, text: h.text, slug: h.slug, line: h.range.start.line };
}
