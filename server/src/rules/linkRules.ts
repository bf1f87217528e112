// Link rules: they apply to every Markdown file, RCA or note.
import type { QuickFix, Rule } from '../core/diagnostics';
import { resolveMarkdownLink, resolveWikiLink, wikiLinkProblem } from '../core/links';
import type { RcaDocument, UnbalancedLink } from '../core/model';
import { lineRange } from '../core/text';

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

/** An `[[` left open or a `]` too many: what a link becomes when a bracket slips. */
export const unbalancedWikiLink: Rule = ({ doc, report }) => {
  for (const slip of doc.unbalancedLinks) {
    if (slip.kind === 'stray') report('unbalanced-wiki-link', slip.range, `Stray "${']'.repeat(slip.range.end.character - slip.range.start.character)}" after the wiki-link`, [{ title: 'Remove the stray bracket', edits: [{ range: slip.range, newText: '' }], preferred: true }]);
    else report('unbalanced-wiki-link', slip.range, 'This "[[" is not closed: a wiki-link ends with "]]" on its line', () => closeLinkFixes(doc, slip));
  }
};

/** Close the link (preferred when one `]` was typed: it only lacks the second) or escape the `[[` as text. */
function closeLinkFixes(doc: RcaDocument, slip: UnbalancedLink): QuickFix[] {
  const { start, end } = slip.range;
  const bracket = doc.lines.lineText(end.line)[end.character - 1] === ']';
  return [
    { title: 'Close the wiki-link with "]]"', edits: [{ range: lineRange(end.line, bracket ? end.character - 1 : end.character, end.character), newText: ']]' }], preferred: bracket && end.character - start.character > 3 },
    { title: 'Escape the "[[" (not a link)', edits: [{ range: lineRange(start.line, start.character, start.character), newText: '\\' }] },
  ];
}
