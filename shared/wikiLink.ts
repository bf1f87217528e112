// The syntax inside `[[…]]`, read one way by the server's scanner and by the
// markdown-it plugin that renders wiki-links outside the editor, so both agree
// on what a link's target, heading and alias are.

/** One part of a wiki-link's inner text: the trimmed text and its offsets in that inner text. */
export interface WikiLinkPart {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface WikiLinkParts {
  readonly target: WikiLinkPart;
  /** After `#`; undefined without one. */
  readonly heading: WikiLinkPart | undefined;
  /** After `|` (or `\|`, as written in a table cell); undefined without one. */
  readonly alias: WikiLinkPart | undefined;
}

/**
 * Splits the text between `[[` and `]]`: `target#heading|alias`. The first `|` ends the
 * target and heading; a backslash before it (`\|`, how a table cell writes the pipe)
 * belongs to neither.
 */
export function splitWikiLink(inner: string): WikiLinkParts {
  let pipe = inner.indexOf('|');
  const aliasStart = pipe === -1 ? -1 : pipe + 1;
  if (pipe > 0 && inner[pipe - 1] === '\\') pipe--;
  const beforeAlias = pipe === -1 ? inner.length : pipe;
  const hash = inner.slice(0, beforeAlias).indexOf('#');
  return {
    target: trimmedPart(inner, 0, hash === -1 ? beforeAlias : hash, true),
    heading: hash === -1 ? undefined : trimmedPart(inner, hash + 1, beforeAlias),
    alias: aliasStart === -1 ? undefined : trimmedPart(inner, aliasStart, inner.length),
  };
}

/** An empty target (`[[#Heading]]`, `[[ #Heading]]`) is placed at the start of its slice. */
function trimmedPart(source: string, from: number, to: number, emptyAtStart = false): WikiLinkPart {
  const slice = source.slice(from, to);
  const text = slice.trim();
  const start = emptyAtStart && text === '' ? from : from + (slice.length - slice.trimStart().length);
  return { text, start, end: start + text.length };
}

/** The key a link's resolution is looked up by: its target and heading as written. */
export function wikiLinkKey(target: string, heading: string | undefined): string {
  return heading === undefined ? target : `${target}#${heading}`;
}
