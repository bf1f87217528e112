// Hover on a wiki-link or an ordinary link: a preview of its target (title, front
// matter summary, the first lines of the file or of the linked section).
import { resolveMarkdownLink, resolveWikiLink } from '../core/links';
import type { RcaDocument } from '../core/model';
import type { RcaService } from '../core/service';
import { cutText, type Position, type Range } from '../core/text';
import { titleOf } from '../core/workspaceIndex';
import type { Hover } from 'vscode-languageserver-types';
import { escapeMarkdown } from './format';
import { linkAt, markdownLinkAt } from './linkTools';

const PREVIEW_LINES = 8;
const PREVIEW_CHARS = 600;

/** `read` returns a file's current text: the editor's copy or the file on disk. */
export async function linkHover(doc: RcaDocument, position: Position, service: RcaService, read: (uri: string) => Promise<string | undefined> = defaultRead(service)): Promise<Hover | null> {
  const link = linkAt(doc, position);
  if (!link) {
    const ordinary = markdownLinkAt(doc, position);
    const resolved = ordinary && resolveMarkdownLink(ordinary, doc, service.index);
    if (resolved?.kind === 'missing') return { range: ordinary!.range, contents: { kind: 'markdown', value: `No file at \`${resolved.relativePath}\`` } };
    return resolved?.kind === 'file' ? preview(doc, ordinary!.range, resolved, service, read) : null;
  }
  const resolved = resolveWikiLink(link, doc, service.index);
  const range = link.range;
  if (resolved.kind === 'missing') return { range, contents: { kind: 'markdown', value: `No file named \`${link.target}\` in the workspace` } };
  if (resolved.kind === 'ambiguous') {
    const list = resolved.candidates.map((c) => `- \`${c.relativePath}\``).join('\n');
    return { range, contents: { kind: 'markdown', value: `\`${link.target}\` matches ${resolved.candidates.length} files:\n\n${list}` } };
  }
  return preview(doc, range, resolved, service, read);
}

/** The hover of a link that names a file (at a heading or not). */
async function preview(doc: RcaDocument, range: Range, resolved: { readonly uri: string; readonly relativePath: string; readonly heading: { readonly line: number } | undefined }, service: RcaService, read: (uri: string) => Promise<string | undefined>): Promise<Hover> {
  const entry = service.index.get(resolved.uri);
  const parts: string[] = [];
  parts.push(`**${escapeMarkdown(entry ? titleOf(entry) : resolved.relativePath)}**  \n\`${resolved.relativePath}\``);
  const rca = entry?.rca;
  if (rca) {
    const facts = [
      rca.date,
      rca.severity && `severity ${rca.severity}`,
      rca.status,
      rca.durationMinutes !== undefined ? `${rca.durationMinutes} min` : undefined,
      rca.services.length > 0 ? rca.services.join(', ') : undefined,
    ].filter(Boolean);
    if (facts.length > 0) parts.push(escapeMarkdown(facts.join(' · ')));
  }
  const text = resolved.uri === doc.uri ? doc.text : await read(resolved.uri);
  if (text !== undefined) {
    const preview = previewOf(text, resolved.heading?.line);
    // The target's text as text: its images, links and HTML are not rendered (nothing remote is loaded).
    if (preview) parts.push(escapeMarkdown(preview));
  }
  return { range, contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') } };
}

function defaultRead(service: RcaService): (uri: string) => Promise<string | undefined> {
  return async (uri) => service.getOpenDocument(uri)?.text ?? (await service.workspace.readFile(uri, service.settingsFor(uri).maxFileSize))?.text;
}

/** The first non-blank lines after the front matter and title, or from a heading on. */
export function previewOf(text: string, fromLine: number | undefined): string {
  const lines = text.split(/\r\n?|\n/);
  let start = 0;
  if (fromLine !== undefined) start = fromLine;
  else {
    if (lines[0]?.trim() === '---') {
      const close = lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...'));
      start = close === -1 ? 0 : close + 1;
    }
    while (start < lines.length && lines[start].trim() === '') start++;
    if (/^#\s/.test(lines[start] ?? '')) start++;
  }
  const picked: string[] = [];
  let chars = 0;
  for (let i = start; i < lines.length && picked.length < PREVIEW_LINES && chars < PREVIEW_CHARS; i++) {
    if (lines[i].trim() === '' && (picked.length === 0 || picked.at(-1) === '')) continue;
    picked.push(lines[i]);
    chars += lines[i].length;
  }
  while (picked.at(-1) === '') picked.pop();
  const preview = picked.join('\n');
  return cutText(preview, PREVIEW_CHARS);
}
