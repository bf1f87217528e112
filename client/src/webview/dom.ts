// Building webview DOM from document strings. Text goes in through
// textContent only, never innerHTML: whatever an RCA says renders as text.

import { tokenized, type Markup } from '../../../shared/markup';
import type { TrackerLink } from '../../../shared/protocol';
import { isWebUrl } from '../../../shared/uri';

type Child = Node | string | undefined | false;
const SVG_NS = 'http://www.w3.org/2000/svg';

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) {
    if (child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** A button that runs `action`: keyboard accessible by being a real button. */
export function button(label: string, title: string, action: () => void, className = 'link'): HTMLButtonElement {
  const node = el('button', { type: 'button', class: className, title }, ...tokens(label));
  node.addEventListener('click', action);
  return node;
}

/** An action item's tracker link: a button that asks the extension to open it in the browser (http(s) only); one the settings cannot place is text whose tooltip says which to set. */
export function trackerLink(link: TrackerLink, open: (url: string) => void): HTMLElement {
  const url = link.url;
  // `#123` and `PROJ-123` never break inside; a URL written out breaks anywhere rather than widen its box.
  if (url !== undefined && isWebUrl(url)) return button(link.text, `Open ${url}`, () => open(url), link.text === url ? 'link url' : 'link token');
  return el('span', { class: 'token unresolved', title: link.url === undefined ? link.hint : '' }, link.text);
}

export function section(heading: string, ...children: Child[]): HTMLElement {
  return el('section', { 'aria-label': heading }, el('h2', {}, heading), ...children);
}

/** Text that must not break inside (a date, `104 min`): it wraps as a whole or not at all. */
export function token(text: string): HTMLElement {
  return el('span', { class: 'token' }, text);
}


/** `text` with its dates and durations in tokens, so that a line breaks around them, not inside. */
export function tokens(text: string): (string | HTMLElement)[] {
  return tokenized(text).map((part) => (typeof part === 'string' ? part : (toDom(part) as HTMLElement)));
}

/** `72 min`; `—` when unknown. Shown in a token (or a nowrap box), never broken before `min`. */
export { minutes } from '../../../shared/reportCharts';

/** A table in a box that scrolls sideways when the column is narrower than the table; focusable, so the keyboard can scroll it. */
export function scrollable(label: string, table: HTMLTableElement): HTMLElement {
  return el('div', { class: 'table-scroll', role: 'region', 'aria-label': label, tabindex: '0' }, table);
}

/** Shared markup (charts, legends) as DOM: an `svg` element and what is inside it in the SVG namespace; strings as text nodes. */
export function toDom(node: Markup, inSvg = false): Element {
  const svg = inSvg || node.tag === 'svg';
  const element = svg ? document.createElementNS(SVG_NS, node.tag) : document.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attributes)) {
    // The webviews' Content-Security-Policy refuses a style attribute; a style set through the CSSOM it allows.
    if (name === 'style' && element instanceof HTMLElement) element.style.cssText = String(value);
    else element.setAttribute(name, String(value));
  }
  for (const child of node.children) element.append(typeof child === 'string' ? document.createTextNode(child) : toDom(child, svg));
  return element;
}
