// Rules on the document's headings and sections.
import type { Rule } from '../core/diagnostics';
import { listField, stringField } from '../core/fields';
import type { RcaDocument, Section } from '../core/model';
import { listable, sectionSkeleton } from '../core/schema';
import { endsWithEol, eolOf, type TextEdit } from '../core/text';

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
  const find = (names: readonly string[]) => names.map((n) => present.get(n.toLowerCase())).find((s): s is Section => s !== undefined);
  // A skeleton lists the front matter's services under Affected Services, as New RCA does.
  const services = (listField(doc, 'services') ?? []).map((s) => s.value).filter(listable);
  required.forEach((name, i) => {
    if (present.has(name.toLowerCase())) return;
    // Point at the heading the missing section belongs before, where one would type it.
    const next = find(required.slice(i + 1));
    const previous = find(required.slice(0, i).reverse());
    const anchor = next?.heading.range ?? doc.title?.range ?? doc.frontMatter?.closeRange ?? doc.lines.range(0, doc.lines.lineEnd(0));
    const insertLine = next ? next.heading.range.start.line : previous ? previous.range.end.line + 1 : (doc.title?.range.end.line ?? -1) + 1;
    // Lines added inside a comment or a code fence would not be read as a section.
    const hidden = doc.hiddenLines.has(insertLine - 1) && (insertLine >= doc.lines.lineCount || doc.hiddenLines.has(insertLine));
    report('section-missing', anchor, `Missing section "## ${name}"${next ? ` (it belongs before "## ${next.heading.text}")` : ''}`, hidden ? [] : [
      { title: `Add the "## ${name}" section`, edits: [insertLinesAt(doc, insertLine, sectionSkeleton(name, services))], preferred: true },
    ]);
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

/** An edit inserting whole lines before `line` (or at the end of the document). */
export function insertLinesAt(doc: RcaDocument, line: number, lines: readonly string[]): TextEdit {
  const eol = eolOf(doc.text);
  if (line < doc.lines.lineCount) {
    // A byte order mark stays the first character of the file.
    const at = { line, character: line === 0 && doc.text.charCodeAt(0) === 0xfeff ? 1 : 0 };
    return { range: { start: at, end: at }, newText: lines.join(eol) + eol };
  }
  const end = doc.lines.positionAt(doc.text.length);
  const lead = doc.text === '' || endsWithEol(doc.text) ? '' : eol;
  return { range: { start: end, end }, newText: lead + lines.join(eol) + eol };
}
