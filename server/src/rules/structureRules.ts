// Rules on the document's headings and sections.
import type { Rule } from '../core/diagnostics';
import { stringField } from '../core/fields';
import type { Section } from '../core/model';

const TITLE_DATE = /^\s*(\d{4}-\d{2}-\d{2})/;

export const titleMismatch: Rule = ({ doc, report }) => {
  const title = stringField(doc, 'title');
  if (!title) return;
  if (!doc.title) {
    report('title-mismatch', title.range, 'The document has no `# ` title heading to match the front matter title');
  } else if (doc.title.text.trim() !== title.value.trim()) {
    report('title-mismatch', doc.title.textRange, `Heading "${doc.title.text}" differs from the front matter title "${title.value}"`);
  }
  const date = stringField(doc, 'date');
  const titleDate = TITLE_DATE.exec(title.value)?.[1];
  if (date && titleDate && titleDate !== date.value.trim()) {
    const start = doc.lines.offsetAt(title.range.start);
    const at = doc.text.indexOf(titleDate, start);
    report('title-mismatch', doc.lines.range(at, at + titleDate.length), `The title's date ${titleDate} differs from \`date: ${date.value}\``);
  }
};

export const sectionMissing: Rule = ({ doc, settings, report }) => {
  const present = new Map(doc.sections.map((s) => [s.heading.text.trim().toLowerCase(), s]));
  const required = settings.requiredSections;
  required.forEach((name, i) => {
    if (present.has(name.toLowerCase())) return;
    // Point at the heading the missing section belongs before, where one would type it.
    const next = required.slice(i + 1).map((n) => present.get(n.toLowerCase())).find((s): s is Section => s !== undefined);
    const anchor = next?.heading.range ?? doc.title?.range ?? doc.frontMatter?.closeRange ?? doc.lines.range(0, doc.lines.lineEnd(0));
    report('section-missing', anchor, `Missing section "## ${name}"${next ? ` (it belongs before "## ${next.heading.text}")` : ''}`);
  });
};

export const sectionDuplicate: Rule = ({ doc, report }) => {
  const check = (sections: readonly Section[], where: string) => {
    const seen = new Set<string>();
    for (const section of sections) {
      const key = section.heading.text.trim().toLowerCase();
      if (seen.has(key)) report('section-duplicate', section.heading.textRange, `Section "${section.heading.text}" appears more than once${where}`);
      seen.add(key);
      check(section.children, ` in "${section.heading.text}"`);
    }
  };
  check(doc.sections, '');
};
