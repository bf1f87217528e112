// Wiki-link rules: they apply to every Markdown file, RCA or note.
import type { Rule } from '../core/diagnostics';
import { resolveWikiLink } from '../core/links';

export const wikiLinks: Rule = ({ doc, index, report }) => {
  if (!index) return;
  for (const link of doc.links) {
    const resolved = resolveWikiLink(link, doc, index);
    if (resolved.kind === 'missing') {
      report('broken-wiki-link', link.targetRange, `No file named "${link.target}" in the workspace`);
    } else if (resolved.kind === 'ambiguous') {
      report('ambiguous-wiki-link', link.targetRange, `"${link.target}" matches ${resolved.candidates.length} files (${resolved.candidates.map((c) => c.relativePath).join(', ')}); qualify it with a folder`);
    } else if (link.heading !== undefined && link.heading !== '' && !resolved.heading) {
      report('broken-heading-link', link.headingRange!, `No heading "${link.heading}" in ${resolved.relativePath}`);
    }
  }
};
