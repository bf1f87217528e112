// Markup as data: the one builder of the dashboard's and the site's SVG charts and
// legends, turned into DOM nodes by the webviews (client/src/webview/dom.ts) and into
// HTML text by the static site. Text is always text: `toHtml` escapes every string.

export interface Markup {
  readonly tag: string;
  readonly attributes: Readonly<Record<string, string | number>>;
  readonly children: readonly (Markup | string)[];
}

export type MarkupChild = Markup | string | undefined | false;

/** An element; `undefined` and `false` children are left out, so that `cond && h(…)` reads as "when". */
export function h(tag: string, attributes: Record<string, string | number> = {}, ...children: MarkupChild[]): Markup {
  return { tag, attributes, children: children.filter((c): c is Markup | string => c !== undefined && c !== false) };
}

/**
 * Dates, months, quarters and durations: browsers break `2026-12-09` after a hyphen and `104 min` at the space.
 * A duration starts where its number does (the lookbehind), so a long run of digits is read once, not from each of them.
 */
export const UNBREAKABLE = /\d{4}-\d{2}(?:-\d{2})?|\d{4}-Q\d|(?<![\d.,])\+?\d[\d.,]* (?:min(?:utes)?|ms)\b/g;

/** `text` with its dates and durations in `token` spans, so that a line breaks around them, not inside. */
export function tokenized(text: string): (Markup | string)[] {
  const parts: (Markup | string)[] = [];
  let at = 0;
  for (const match of text.matchAll(UNBREAKABLE)) {
    if (match.index > at) parts.push(text.slice(at, match.index));
    parts.push(h('span', { class: 'token' }, match[0]));
    at = match.index + match[0].length;
  }
  if (at < text.length || parts.length === 0) parts.push(text.slice(at));
  return parts;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in HTML content and in a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Elements HTML writes without an end tag. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
/** Attribute names are the builder's own, never a document's: anything else is a bug. */
const ATTRIBUTE_NAME = /^[a-z][a-z0-9-]*$/i;

/** The markup as HTML (inline SVG included), every text and attribute value escaped. */
export function toHtml(node: Markup | string): string {
  if (typeof node === 'string') return escapeHtml(node);
  let html = `<${node.tag}`;
  for (const [name, value] of Object.entries(node.attributes)) {
    if (!ATTRIBUTE_NAME.test(name)) throw new Error(`not an attribute name: ${name}`);
    html += ` ${name}="${escapeHtml(String(value))}"`;
  }
  html += '>';
  if (VOID.has(node.tag)) return html;
  for (const child of node.children) html += toHtml(child);
  return `${html}</${node.tag}>`;
}
