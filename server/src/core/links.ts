// Wiki-link resolution: the one function every link feature and rule uses.
import type { Heading, RcaDocument, WikiLink } from './model';
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

/** What resolution reads of a link: a parsed `WikiLink` or an index `IndexedLink`. */
export interface LinkTarget {
  readonly target: string;
  readonly heading: string | undefined;
}

/**
 * Resolves a link written in `from`: a parsed document (its current, maybe unsaved
 * headings serve `[[#Heading]]`) or a file's index entry.
 */
export function resolveWikiLink(link: LinkTarget | WikiLink, from: RcaDocument | IndexEntry, index: WorkspaceIndex): ResolvedLink {
  if (link.target === '') {
    // `[[#Heading]]`: the document itself.
    const heading = link.heading === undefined ? undefined : findHeadingIn(from, link.heading);
    return { kind: 'file', uri: from.uri, relativePath: index.get(from.uri)?.relativePath ?? 'this file', heading };
  }
  const matches = index.resolve(link.target, from.uri);
  if (matches.length === 0) return { kind: 'missing' };
  if (matches.length > 1) return { kind: 'ambiguous', candidates: matches };
  const entry = matches[0];
  const heading = link.heading === undefined ? undefined : findIndexedHeading(entry, link.heading);
  return { kind: 'file', uri: entry.uri, relativePath: entry.relativePath, heading };
}

function findHeadingIn(from: RcaDocument | IndexEntry, fragment: string): IndexedHeading | undefined {
  if (!('text' in from)) return findIndexedHeading(from, fragment);
  const wanted = fragment.trim().toLowerCase();
  // Text first, then slug, as findIndexedHeading matches.
  const h = from.headings.find((x) => x.text.toLowerCase() === wanted) ?? from.headings.find((x) => x.slug === wanted);
  return h && indexedHeading(h);
}

export function indexedHeading(h: Heading): IndexedHeading {
  return { level: h.level, text: h.text, line: h.range.start.line, character: h.textRange.start.character };
}
