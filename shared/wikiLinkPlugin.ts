// A markdown-it plugin that renders `[[wiki-links]]` as links and an RCA's front
// matter as a compact header, for VS Code's built-in Markdown preview (extension
// host) and any Node renderer. It resolves nothing itself: the host passes in the
// language server's RenderData, so the page and the editor can never disagree.
//
// Parsing is an inline rule (code spans, code blocks and escapes are markdown-it's own,
// so they stay text) and does not depend on the data: a host that caches tokens (VS Code
// does, per document version) still renders the data it has at render time.
import type MarkdownIt = require('markdown-it');
import type { RcaHeader, RenderData, WikiLinkResolution } from './protocol';
import { splitWikiLink, wikiLinkKey } from './wikiLink';

/** A markdown-it instance (its types declare the class only as a constructor). */
export type MarkdownItInstance = ReturnType<typeof MarkdownIt>;
type Token = MarkdownIt.Token;
type Renderer = MarkdownIt.Renderer;

/** Each render's `env` is a new object (VS Code's preview and markdown-it's `render` make one): a link's HTML is kept for the env's render. */
export interface WikiLinkPluginOptions {
  /**
   * The server's data for the document `env` renders: undefined while it is not known (links
   * render pending), null when the server does not check that document (links render as text).
   */
  renderData(env: unknown): RenderData | null | undefined;
  /** The href of a link to a file that resolved (at `anchor` when it has one), as the page reaches it. */
  href(link: WikiLinkResolution, env: unknown): string;
  /** Whether an RCA's front matter renders as its header; when false, or without data, the host's own front matter rendering stays. */
  header?(env: unknown): boolean;
}

/** What the inline rule reads of a `[[…]]`, kept on its token for the renderer. */
type WikiLinkMeta = {
  readonly target: string;
  readonly heading: string | undefined;
  readonly alias: string | undefined;
};

/** What the front matter rule notes for the header's renderer. */
interface FrontMatterMeta {
  readonly h1: string | undefined;
}

const WIKILINK = 'rca_wikilink';
/** markdown-it-front-matter's token (VS Code's preview adds that rule after the plugins). */
const FRONT_MATTER = 'front_matter';
const RCA_FRONT_MATTER = 'rca_front_matter';
const OPEN = 0x5b; // [
const CLOSE = 0x5d; // ]
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

export function wikiLinkPlugin(md: MarkdownItInstance, options: WikiLinkPluginOptions): void {
  // A document repeats its links: each distinct `[[…]]` is split once a parse and rendered once a
  // render (its data and href are the same all through one render), kept by the parse's or the render's env.
  const parsed = new WeakMap<object, Map<string, WikiLinkMeta | null>>();
  const rendered = new WeakMap<object, Map<string, string>>();

  md.inline.ruler.before('link', WIKILINK, (state, silent) => {
    const { src, pos } = state;
    if (src.charCodeAt(pos) !== OPEN || src.charCodeAt(pos + 1) !== OPEN) return false;
    // As the server's scanner reads it: a `\[[` is no link, and the inner text has no bracket or line break.
    if (pos > 0 && src.charCodeAt(pos - 1) === BACKSLASH) return false;
    let end = pos + 2;
    for (; end < state.posMax; end++) {
      const c = src.charCodeAt(end);
      if (c === OPEN || c === NEWLINE || c === CLOSE) break;
    }
    if (src.charCodeAt(end) !== CLOSE || src.charCodeAt(end + 1) !== CLOSE || end + 1 >= state.posMax) return false;
    const markup = src.slice(pos, end + 2);
    const links = perEnv(parsed, state.env);
    let meta = links?.get(markup);
    if (meta === undefined) {
      meta = wikiLinkMeta(markup);
      links?.set(markup, meta);
    }
    if (meta === null) return false;
    if (!silent) {
      const token = state.push(WIKILINK, '', 0);
      token.meta = meta;
      token.markup = markup;
    }
    state.pos = end + 2;
    return true;
  });

  const lookups = new WeakMap<RenderData, Map<string, WikiLinkResolution>>();
  const lookup = (data: RenderData) => {
    let map = lookups.get(data);
    if (!map) lookups.set(data, (map = new Map(data.links.map((l) => [wikiLinkKey(l.target, l.heading), l]))));
    return map;
  };
  const escape = md.utils.escapeHtml;
  const linkHtml = (meta: WikiLinkMeta, env: unknown): string => {
    const data = options.renderData(env);
    if (data === null) return `<span class="rca-wikilink rca-wikilink-unchecked" title="RCA Author does not check this document (it is not a saved file of the workspace)">${escape(label(meta))}</span>`;
    const link = data && lookup(data).get(wikiLinkKey(meta.target, meta.heading));
    return wikiLinkHtml(meta, link, link && link.uri !== undefined ? options.href(link, env) : undefined, escape);
  };

  md.renderer.rules[WIKILINK] = (tokens, idx, _options, env) => {
    const { markup, meta } = tokens[idx];
    const links = perEnv(rendered, env);
    let html = links?.get(markup);
    if (html === undefined) {
      html = linkHtml(meta as unknown as WikiLinkMeta, env);
      links?.set(markup, html);
    }
    return html;
  };

  // The front matter token becomes ours, so that ours renders it whatever rule the host
  // registers for front_matter afterwards; without a header we hand it back to that rule.
  // It also notes the first H1's text: a header whose title the H1 repeats leaves the title to the H1.
  md.core.ruler.after('block', RCA_FRONT_MATTER, (state) => {
    const first = state.tokens[0];
    if (first?.type !== FRONT_MATTER) return;
    first.type = RCA_FRONT_MATTER;
    const h1 = state.tokens.findIndex((token) => token.type === 'heading_open' && token.tag === 'h1');
    first.meta = { h1: h1 < 0 ? undefined : state.tokens[h1 + 1]?.content.trim() } satisfies FrontMatterMeta;
  });
  md.renderer.rules[RCA_FRONT_MATTER] = (tokens, idx, renderOptions, env, self) => {
    const header = options.header?.(env) ? options.renderData(env)?.header : undefined;
    if (header) {
      const h1 = (tokens[idx].meta as FrontMatterMeta | null)?.h1;
      return rcaHeaderHtml(header.title !== undefined && header.title.trim() === h1 ? { ...header, title: undefined } : header, escape, attributes(tokens[idx], self));
    }
    const hostRule = self.rules[FRONT_MATTER];
    return hostRule ? hostRule(tokens, idx, renderOptions, env, self) : '';
  };
}

/** A `[[…]]`'s parts, or null when it names neither a file nor a heading (`[[ ]]`, `[[|alias]]`). */
function wikiLinkMeta(markup: string): WikiLinkMeta | null {
  const { target, heading, alias } = splitWikiLink(markup.slice(2, -2));
  if (target.text === '' && heading === undefined) return null;
  return { target: target.text, heading: heading?.text, alias: alias?.text };
}

/** The map `caches` keeps for `env` (made on first use); none for an env that is not an object. */
function perEnv<T>(caches: WeakMap<object, Map<string, T>>, env: unknown): Map<string, T> | undefined {
  if (typeof env !== 'object' || env === null) return undefined;
  let map = caches.get(env);
  if (!map) caches.set(env, (map = new Map()));
  return map;
}

/** A link's text: its alias, else the target and heading as a reader says them. */
function label(meta: WikiLinkMeta): string {
  if (meta.alias !== undefined && meta.alias !== '') return meta.alias;
  if (meta.heading === undefined || meta.heading === '') return meta.target;
  return meta.target === '' ? meta.heading : `${meta.target} › ${meta.heading}`;
}

function wikiLinkHtml(meta: WikiLinkMeta, link: WikiLinkResolution | undefined, href: string | undefined, escape: (text: string) => string): string {
  const text = escape(label(meta));
  if (!link) return `<span class="rca-wikilink rca-wikilink-pending" title="Resolving this link…">${text}</span>`;
  if (link.state === 'resolved') {
    const where = link.heading ? `${link.relativePath} › ${link.heading}` : (link.relativePath ?? '');
    return `<a class="rca-wikilink" href="${escape(href ?? '')}" title="${escape(where)}">${text}</a>`;
  }
  const title = escape(link.problem ?? '');
  // The file exists: the link still opens it, styled as broken.
  if (link.state === 'headingMissing') return `<a class="rca-wikilink rca-wikilink-broken" href="${escape(href ?? '')}" title="${title}">${text}</a>`;
  return `<span class="rca-wikilink rca-wikilink-${link.state === 'ambiguous' ? 'ambiguous' : 'broken'}" title="${title}">${text}</span>`;
}

/** The token's attributes (VS Code's `data-line` and `code-line` class keep scroll sync), with the header's class. */
function attributes(token: Token, self: Renderer): string {
  const attrs = token.attrs ?? [];
  const classed = attrs.some(([name]) => name === 'class');
  const withClass: [string, string][] = classed ? attrs.map(([name, value]) => [name, name === 'class' ? `rca-header ${value}` : String(value)]) : [...attrs.map(([name, value]): [string, string] => [name, String(value)]), ['class', 'rca-header']];
  return self.renderAttrs({ attrs: withClass } as Token);
}

/** An RCA's header: its title, then severity, status, services, duration and date as a definition list; every value escaped. */
export function rcaHeaderHtml(header: RcaHeader, escape: (text: string) => string, attrs = ' class="rca-header"'): string {
  const facts: [string, string | undefined, string?][] = [
    ['Severity', header.severity, 'rca-header-severity'],
    ['Status', header.status],
    ['Services', header.services.length > 0 ? header.services.join(', ') : undefined],
    ['Duration', header.durationMinutes === undefined ? undefined : `${header.durationMinutes.toLocaleString('en-US')} min`],
    ['Date', header.date],
  ];
  const items = facts
    .filter((fact): fact is [string, string, string?] => fact[1] !== undefined && fact[1] !== '')
    .map(([name, value, className]) => `<div><dt>${name}</dt><dd${className ? ` class="${className}"` : ''}>${escape(value)}</dd></div>`)
    .join('');
  const title = header.title ? `<p class="rca-header-title">${escape(header.title)}</p>` : '';
  return `<header${attrs}>${title}<dl class="rca-header-facts">${items}</dl></header>\n`;
}
