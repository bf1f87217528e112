// Link resolution: the one function per kind of link (wiki-links, ordinary
// Markdown links) that every link feature and rule uses.
import type { Heading, MarkdownLink, RcaDocument, WikiLink } from './model';
import { slugify } from './text';
import { isMarkdownPath } from './uri';
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

/** What is wrong with a resolved wiki-link, as its diagnostic says it; undefined when it works. */
export function wikiLinkProblem(link: LinkTarget, resolved: ResolvedLink): { readonly code: 'broken-wiki-link' | 'ambiguous-wiki-link' | 'broken-heading-link'; readonly message: string } | undefined {
  if (resolved.kind === 'missing') return { code: 'broken-wiki-link', message: `No file named "${link.target}" in the workspace` };
  if (resolved.kind === 'ambiguous') {
    const paths = resolved.candidates.map((c) => c.relativePath).join(', ');
    return { code: 'ambiguous-wiki-link', message: `"${link.target}" matches ${resolved.candidates.length} files (${paths}); qualify it with a folder` };
  }
  if (link.heading !== undefined && link.heading !== '' && !resolved.heading) return { code: 'broken-heading-link', message: `No heading "${link.heading}" in ${resolved.relativePath}` };
  return undefined;
}

export function indexedHeading(h: Heading): IndexedHeading {
  return { level: h.level, text: h.text, line: h.range.start.line, character: h.textRange.start.character };
}

export type ResolvedMarkdownLink =
  /** A folder, another kind of file, a place outside the workspace folders, or a path without an extension naming no `.md`. */
  | { readonly kind: 'unchecked' }
  | { readonly kind: 'missing'; readonly uri: string; readonly relativePath: string }
  | {
      readonly kind: 'file';
      readonly uri: string;
      readonly relativePath: string;
      /** The heading the `#fragment` names, when it exists. */
      readonly heading: IndexedHeading | undefined;
      /** The fragment names no heading (a line, `#L12`, is never missing). */
      readonly fragmentMissing: boolean;
    };

const UNCHECKED: ResolvedMarkdownLink = { kind: 'unchecked' };
/** `#L12`, `#L12,3`, `#L12-L20`: a line, as VS Code and GitHub read it. */
const LINE_FRAGMENT = /^L\d+(?:,\d+)?(?:-L?\d+(?:,\d+)?)?$/i;

/** Resolves an ordinary link written in `from` (a parsed document: its current headings serve `#heading`; or an index entry). */
export function resolveMarkdownLink(link: Pick<MarkdownLink, 'path' | 'fragment'>, from: RcaDocument | IndexEntry, index: WorkspaceIndex): ResolvedMarkdownLink {
  const uri = index.markdownTarget(from.uri, link.path);
  if (uri === undefined) return UNCHECKED;
  const self = uri === from.uri;
  const entry = self ? from : index.get(uri);
  if (!entry) return isMarkdownPath(link.path) ? { kind: 'missing', uri, relativePath: index.relativePath(uri) } : UNCHECKED;
  const relativePath = index.get(uri)?.relativePath ?? index.relativePath(uri);
  if (link.fragment === undefined || link.fragment === '' || LINE_FRAGMENT.test(link.fragment)) return { kind: 'file', uri, relativePath, heading: undefined, fragmentMissing: false };
  const found = headingForFragment<Heading | IndexedHeading>(entry.headings, link.fragment);
  const heading = found && ('range' in found ? indexedHeading(found) : found);
  return { kind: 'file', uri, relativePath, heading, fragmentMissing: !heading };
}

/** The anchors of headings of these texts, in order, as GitHub and VS Code make them: the slug, with `-1`, `-2`… after a slug already taken. */
export function headingAnchors(texts: readonly string[]): string[] {
  const taken = new Map<string, number>();
  return texts.map((text) => {
    const base = slugify(text);
    const count = taken.get(base);
    taken.set(base, count === undefined ? 0 : count + 1);
    return count === undefined ? base : `${base}-${count + 1}`;
  });
}

/** The heading a `#fragment` names by its anchor (see headingAnchors), ignoring case. */
export function headingForFragment<H extends { readonly text: string }>(headings: readonly H[], fragment: string): H | undefined {
  const wanted = fragment.toLowerCase();
  const at = headingAnchors(headings.map((h) => h.text)).indexOf(wanted);
  return at === -1 ? undefined : headings[at];
}
