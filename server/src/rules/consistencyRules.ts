// Rules comparing what the prose says with the front matter.
import type { QuickFix, Rule } from '../core/diagnostics';
import type { AffectedServices, RcaDocument } from '../core/model';
import { eolOf, spanRange, type Range } from '../core/text';
import { isCalendarDate } from '../../../shared/calendarDay';
import { listField, numberField, stringField } from '../core/fields';
import { listable } from '../core/schema';
import { insertLinesAt } from './structureRules';

export const summaryMismatch: Rule = ({ doc, report }) => {
  const summary = doc.summary;
  if (!summary) return;
  const duration = numberField(doc, 'duration_minutes');
  if (summary.durationMinutes && duration && summary.durationMinutes.value !== duration.value) {
    report('summary-mismatch', summary.durationMinutes.range, `The summary says ${summary.durationMinutes.value} minutes; duration_minutes is ${duration.value}`, [
      replaceWith(summary.durationMinutes.range, String(duration.value)),
    ]);
  }
  const services = listField(doc, 'services');
  if (summary.dependentServices && services && summary.dependentServices.value !== services.length) {
    report('summary-mismatch', summary.dependentServices.range, `The summary says ${summary.dependentServices.value} dependent services; the front matter lists ${services.length}`, [
      replaceWith(summary.dependentServices.range, String(services.length)),
    ]);
  }
  const date = stringField(doc, 'date');
  // An invalid `date` is invalid-date's problem, not something to copy into the Summary.
  if (summary.date && date && isCalendarDate(date.value.trim()) && summary.date.value !== date.value.trim()) {
    report('summary-mismatch', summary.date.range, `The summary's date ${summary.date.value} differs from \`date: ${date.value}\``, [replaceWith(summary.date.range, date.value.trim())]);
  }
};

const MISSING_NAMED = 10;

export const affectedServicesMismatch: Rule = ({ doc, report }) => {
  const listed = doc.affectedServices;
  const services = listField(doc, 'services');
  if (!listed || !services) return;
  let fix: QuickFix[] | undefined;
  // A name no list item can hold: then there is no fix.
  const fixes = () => (fix ??= services.every((s) => listable(s.value)) ? [syncListFix(doc, listed, services.map((s) => s.value))] : []);
  const declared = new Set(services.map((s) => s.value.toLowerCase()));
  const inList = new Set(listed.items.map((i) => i.value.toLowerCase()));
  for (const item of listed.items) {
    if (!declared.has(item.value.toLowerCase())) report('affected-services-mismatch', item.range, `"${item.value}" is not in the front matter \`services\``, fixes);
  }
  const missing = services.filter((s) => !inList.has(s.value.toLowerCase())).map((s) => s.value);
  if (missing.length > 0) {
    // Named up to a few: the message of 40,000 missing names would be a megabyte.
    const named = missing.length <= MISSING_NAMED ? missing.join(', ') : `${missing.slice(0, MISSING_NAMED).join(', ')} and ${(missing.length - MISSING_NAMED).toLocaleString('en')} more`;
    report('affected-services-mismatch', listed.heading.textRange, `Affected Services does not list ${named} from the front matter \`services\``, fixes);
  }
};

function replaceWith(range: Range, newText: string): QuickFix {
  return { title: `Change to ${newText}`, edits: [{ range, newText }], preferred: true };
}

/** Replaces the list (or fills an empty section) with the front matter's services. */
function syncListFix(doc: RcaDocument, listed: AffectedServices, services: readonly string[]): QuickFix {
  const items = services.map((s) => `- ${s}`);
  const first = listed.items[0];
  const last = listed.items[listed.items.length - 1];
  const edit = first
    ? { range: spanRange(first.range.start.line, 0, last.range.end.line, doc.lines.lineText(last.range.end.line).length), newText: items.join(eolOf(doc.text)) }
    : insertLinesAt(doc, listed.heading.range.end.line + 1, items);
  return { title: 'List the front matter services under Affected Services', edits: [edit], preferred: true };
}
