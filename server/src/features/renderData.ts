// What a renderer of a document's Markdown outside the editor needs from the server:
// each wiki-link resolved by the one resolver the diagnostics and navigation use, and
// an RCA's front matter for a compact header.
import type { RcaHeader, RenderData, WikiLinkResolution } from '../../../shared/protocol';
import { wikiLinkKey } from '../../../shared/wikiLink';
import { headingAnchors, resolveWikiLink, wikiLinkProblem, type LinkTarget } from '../core/links';
import type { RcaDocument } from '../core/model';
import { rcaSummary } from '../core/service';
import type { WorkspaceIndex } from '../core/workspaceIndex';

export function renderData(doc: RcaDocument, index: WorkspaceIndex, isRca: boolean): RenderData {
  const seen = new Set<string>();
  const links: WikiLinkResolution[] = [];
  for (const link of doc.links) {
    const key = wikiLinkKey(link.target, link.heading);
    if (seen.has(key)) continue;
    seen.add(key);
    links.push(resolution(link, doc, index));
  }
  return { uri: doc.uri, version: doc.version, links, header: isRca ? rcaHeader(doc) : undefined };
}

/** How one link resolves from `from` (a parsed document, whose own current headings serve `[[#Heading]]`). */
function resolution(link: LinkTarget, from: RcaDocument, index: WorkspaceIndex): WikiLinkResolution {
  const resolved = resolveWikiLink(link, from, index);
  const problem = wikiLinkProblem(link, resolved)?.message;
  const base = { target: link.target, heading: link.heading, problem };
  if (resolved.kind !== 'file') return { ...base, state: resolved.kind, uri: undefined, relativePath: undefined, anchor: undefined, line: 0 };
  const heading = resolved.heading;
  let anchor: string | undefined;
  if (heading) {
    const headings = resolved.uri === from.uri ? from.headings.map((h) => ({ text: h.text, line: h.range.start.line })) : (index.get(resolved.uri)?.headings ?? []);
    anchor = headingAnchors(headings.map((h) => h.text))[headings.findIndex((h) => h.line === heading.line)];
  }
  return { ...base, state: problem ? 'headingMissing' : 'resolved', uri: resolved.uri, relativePath: resolved.relativePath, anchor, line: heading?.line ?? 0 };
}

function rcaHeader(doc: RcaDocument): RcaHeader {
  const summary = rcaSummary(doc);
  return {
    title: summary.title ?? doc.title?.text,
    date: summary.date,
    severity: summary.severity,
    status: summary.status,
    services: summary.services,
    durationMinutes: summary.durationMinutes ?? summary.timeToResolve,
  };
}
