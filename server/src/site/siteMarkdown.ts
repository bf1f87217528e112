// A document's Markdown as a page of the static site: markdown-it with raw HTML off (a
// document's HTML shows as text), the wiki-link plugin the VS Code preview uses, fed by
// the server's resolver, and ordinary links and images pointed at the site's pages and
// copies. Every heading the server knows gets the anchor links to it use, and the tracker
// issues of action items link to the tracker.
import MarkdownIt, { type StateCore, type Token } from 'markdown-it';
import { escapeHtml, toHtml, UNBREAKABLE } from '../../../shared/markup';
import type { RenderData } from '../../../shared/protocol';
import { wikiLinkPlugin, type MarkdownItInstance } from '../../../shared/wikiLinkPlugin';
import { decodeLinkText } from '../core/markdownLinks';
import { headingAnchors, resolveMarkdownLink } from '../core/links';
import type { ActionItem, RcaDocument, TableCell } from '../core/model';
import { trackerRefs, type TrackerRef, type TrackerSettings } from '../core/tracker';
import { linkedUri } from '../core/uri';
import type { WorkspaceIndex } from '../core/workspaceIndex';
import { trackerLink } from './sitePages';

/** What rendering one document reads and reports: set per call in markdown-it's env. */
export interface PageEnv {
  readonly doc: RcaDocument;
  readonly index: WorkspaceIndex;
  readonly renderData: RenderData;
  /** Where the document's action items are tracked (its `rca.tracker` settings). */
  readonly tracker: TrackerSettings;
  /** The relative href of a workspace file's page (at `anchor`), from the page being rendered. */
  pageHref(uri: string, anchor: string | undefined): string;
  /**
   * The relative href of the site's copy of a linked file that is not Markdown (an image,
   * a PDF), or undefined when it is no file of the workspace folders.
   */
  assetHref(uri: string): string | undefined;
}

/** A URL with a scheme (`https:`, `mailto:`) or protocol-relative: not a file of the workspace. */
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

export function siteMarkdown(): MarkdownItInstance {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  wikiLinkPlugin(md, {
    renderData: (env) => (env as PageEnv).renderData,
    href: (link, env) => (env as PageEnv).pageHref(link.uri!, link.anchor),
  });

  // Anchors as the server makes them (GitHub's slugs, -1, -2 for repeats), by the heading's line.
  md.core.ruler.push('rca_heading_anchors', (state) => {
    const { doc } = state.env as unknown as PageEnv;
    const anchors = headingAnchors(doc.headings.map((h) => h.text));
    const byLine = new Map(doc.headings.map((h, i) => [h.range.start.line, anchors[i]]));
    for (const token of state.tokens) {
      if (token.type !== 'heading_open' || !token.map) continue;
      const anchor = byLine.get(token.map[0]);
      if (anchor !== undefined) token.attrSet('id', anchor);
    }
  });

  // An action item's tracker issues, in its Ticket cell and its Action cell, as the editor's
  // document links find them: a link to the tracker, or the text with the hint why it has none.
  md.core.ruler.push('rca_tracker_links', (state) => {
    const { doc, tracker } = state.env as unknown as PageEnv;
    if (doc.actionItems.length === 0) return;
    const rows = new Map(doc.actionItems.map((item) => [item.line, item]));
    let row: ActionItem | undefined;
    for (const token of state.tokens) {
      if (token.type === 'tr_open') row = token.map ? rows.get(token.map[0]) : undefined;
      else if (token.type === 'tr_close') row = undefined;
      else if (row && token.type === 'inline' && token.children) {
        // markdown-it's cells and the model's are split alike; a cell is known by its text.
        const anyUrl = isCell(row.ticket, token.content) ? true : isCell(row.action, token.content) ? false : undefined;
        if (anyUrl === undefined) continue;
        // Text inside a written link stays as it is: a link cannot hold another.
        let inLink = 0;
        token.children = token.children.flatMap((child) => {
          if (child.type === 'link_open') inLink++;
          else if (child.type === 'link_close') inLink--;
          if (child.type !== 'text' || inLink > 0) return [child];
          const refs = trackerRefs(child.content, tracker, anyUrl);
          if (refs.length === 0) return [child];
          const parts: Token[] = [];
          let at = 0;
          for (const ref of refs) {
            if (ref.start > at) parts.push(textToken(state, child.content.slice(at, ref.start)));
            const link = new state.Token('rca_tracker', '', 0);
            link.meta = ref;
            parts.push(link);
            at = ref.start + ref.text.length;
          }
          if (at < child.content.length) parts.push(textToken(state, child.content.slice(at)));
          return parts;
        });
      }
    }
  });
  md.renderer.rules.rca_tracker = (tokens, idx) => toHtml(trackerLink(tokens[idx].meta as TrackerRef));

  // Dates and durations in the text never break inside (`2025-08-` / `06`), as in the webviews.
  md.renderer.rules.text = (tokens, idx) => escapeHtml(tokens[idx].content).replace(UNBREAKABLE, (token) => `<span class="token">${token}</span>`);
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const href = String(token.attrGet('href') ?? '');
    if (!EXTERNAL.test(href)) {
      const target = localTarget(href, env as unknown as PageEnv);
      if (target === undefined) {
        // No page to go to: the text stays, as a broken link's does in the preview.
        token.attrs = [['class', 'broken'], ['title', `No such file in the workspace: ${decodeLinkText(href)}`]];
      } else {
        token.attrSet('href', target);
      }
    }
    return self.renderToken(tokens, idx, options);
  };
  // Images load only from the site: a remote one becomes a link to it, a missing one its text.
  md.renderer.rules.image = (tokens, idx, options, env) => {
    const token = tokens[idx];
    const src = String(token.attrGet('src') ?? '');
    const alt = md.utils.escapeHtml(token.children ? md.renderer.renderInlineAsText(token.children, options, env) : token.content);
    if (EXTERNAL.test(src)) return `<a class="remote-image" href="${md.utils.escapeHtml(src)}">${alt || 'image'}</a>`;
    const local = localTarget(src, env as unknown as PageEnv);
    if (local === undefined) return `<span class="broken" title="No such file in the workspace">${alt}</span>`;
    return `<img src="${md.utils.escapeHtml(local)}" alt="${alt}">`;
  };
  return md;
}

function isCell(cell: TableCell | undefined, content: string): boolean {
  return cell !== undefined && cell.text.trim() === content;
}

function textToken(state: StateCore, content: string): Token {
  const token = new state.Token('text', '', 0);
  token.content = content;
  return token;
}

/** The site's href for a link written in the document: its page (and heading) or its file's copy; undefined when it reaches no file. */
function localTarget(href: string, env: PageEnv): string | undefined {
  const hash = href.indexOf('#');
  const rawPath = (hash < 0 ? href : href.slice(0, hash)).replace(/\?.*$/, '');
  const fragment = hash < 0 ? undefined : decodeLinkText(href.slice(hash + 1));
  const path = decodeLinkText(rawPath);
  const resolved = resolveMarkdownLink({ path, fragment }, env.doc, env.index);
  if (resolved.kind === 'file') {
    const target = resolved.uri === env.doc.uri ? env.doc.headings.map((h) => ({ text: h.text, line: h.range.start.line })) : env.index.get(resolved.uri)!.headings;
    const at = resolved.heading ? target.findIndex((h) => h.line === resolved.heading!.line) : -1;
    const anchor = at < 0 ? undefined : headingAnchors(target.map((h) => h.text))[at];
    return env.pageHref(resolved.uri, anchor);
  }
  if (resolved.kind === 'missing') return undefined;
  // Another kind of file (an image, a PDF), or a folder, or a place outside the workspace.
  const uri = path === '' ? undefined : linkedUri(env.doc.uri, path, env.index.folderOf(env.doc.uri));
  return uri === undefined ? undefined : env.assetHref(uri);
}

/** The document rendered: its front matter left out (its figures are the page's header), its lines where they were. */
export function renderDocument(md: MarkdownItInstance, env: PageEnv): string {
  const { doc } = env;
  let text = doc.text;
  const fm = doc.frontMatter;
  if (fm && !fm.unterminated) {
    const end = doc.lines.lineEnd(fm.closeRange!.end.line);
    // Blank lines in its place keep markdown-it's line numbers the server's.
    text = '\n'.repeat(fm.closeRange!.end.line) + text.slice(end);
  }
  return md.render(text, env as unknown as Record<string, unknown>);
}
