// Link rules: they apply to every Markdown file, RCA or note.
import type { Rule } from '../core/diagnostics';
import { resolveMarkdownLink, resolveWikiLink, wikiLinkProblem } from '../core/links';

export const wikiLinks: Rule = ({ doc, index, report }) => {
  if (!index) return;
  for (const link of doc.links) {
    const problem = wikiLinkProblem(link, resolveWikiLink(link, doc, index));
    if (problem) report(problem.code, problem.code === 'broken-heading-link' ? link.headingRange! : link.targetRange, problem.message);
  }
};

/**
 * Ordinary links to Markdown files of the workspace and their `#heading`s. A
 * reference's destination is checked once, at its definition. Left to the editor
 * when its own Markdown support validates links.
 */
export const markdownLinks: Rule = ({ doc, index, settings, report }) => {
  if (!index || settings.editorMarkdown.validatesLinks) return;
  for (const link of doc.markdownLinks) {
    if (link.kind === 'reference') continue;
    const resolved = resolveMarkdownLink(link, doc, index);
    if (resolved.kind === 'missing') {
      report('link-file-missing', link.pathRange, `No file at "${link.path}" (${resolved.relativePath})`);
    } else if (resolved.kind === 'file' && resolved.fragmentMissing) {
      report('link-heading-missing', link.fragmentRange!, `No heading with the anchor "#${link.fragment}" in ${resolved.relativePath}`);
    }
  }
};
