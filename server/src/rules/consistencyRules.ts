// Rules comparing what the prose says with the front matter.
import type { Rule } from '../core/diagnostics';
import { listField, numberField, stringField } from '../core/fields';

export const summaryMismatch: Rule = ({ doc, report }) => {
  const summary = doc.summary;
  if (!summary) return;
  const duration = numberField(doc, 'duration_minutes');
  if (summary.durationMinutes && duration && summary.durationMinutes.value !== duration.value) {
    report('summary-mismatch', summary.durationMinutes.range, `The summary says ${summary.durationMinutes.value} minutes; duration_minutes is ${duration.value}`);
  }
  const services = listField(doc, 'services');
  if (summary.dependentServices && services && summary.dependentServices.value !== services.length) {
    report('summary-mismatch', summary.dependentServices.range, `The summary says ${summary.dependentServices.value} dependent services; the front matter lists ${services.length}`);
  }
  const date = stringField(doc, 'date');
  if (summary.date && date && summary.date.value !== date.value.trim()) {
    report('summary-mismatch', summary.date.range, `The summary's date ${summary.date.value} differs from \`date: ${date.value}\``);
  }
};

export const affectedServicesMismatch: Rule = ({ doc, report }) => {
  const listed = doc.affectedServices;
  const services = listField(doc, 'services');
  if (!listed || !services) return;
  const declared = new Set(services.map((s) => s.value.toLowerCase()));
  const inList = new Set(listed.items.map((i) => i.value.toLowerCase()));
  for (const item of listed.items) {
    if (!declared.has(item.value.toLowerCase())) report('affected-services-mismatch', item.range, `"${item.value}" is not in the front matter \`services\``);
  }
  const missing = services.filter((s) => !inList.has(s.value.toLowerCase())).map((s) => s.value);
  if (missing.length > 0) {
    report('affected-services-mismatch', listed.heading.textRange, `Affected Services does not list ${missing.join(', ')} from the front matter \`services\``);
  }
};
