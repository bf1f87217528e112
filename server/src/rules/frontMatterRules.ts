// Rules on the front matter block and its fields.
import type { Rule } from '../core/diagnostics';
import { field, stringField } from '../core/fields';
import type { RcaDocument } from '../core/model';
import { FIELD_DEFAULTS, frontMatterLines, REQUIRED_FIELD_NAMES, REQUIRED_FIELDS } from '../core/schema';
import { isCalendarDate } from '../../../shared/calendarDay';
import { timelineMetrics } from '../core/timeline';
import { insertLinesAt } from './structureRules';

export const frontmatterMissing: Rule = ({ doc, report }) => {
  if (doc.frontMatter) return;
  const first = doc.title?.range ?? doc.lines.range(0, doc.lines.lineEnd(0));
  report('frontmatter-missing', first, `RCA has no front matter: start the file with a \`---\` block of ${REQUIRED_FIELD_NAMES.join(', ')}`, [
    { title: 'Add front matter inferred from the document', edits: [insertLinesAt(doc, 0, inferFrontMatter(doc))], preferred: true },
  ]);
};

/** Front matter from what the body says; what it cannot tell (severity) is left for field-missing to ask. */
function inferFrontMatter(doc: RcaDocument): string[] {
  const title = doc.title?.text.trim();
  const date = /\d{4}-\d{2}-\d{2}/.exec(title ?? '')?.[0] ?? doc.summary?.date?.value;
  const services = doc.affectedServices?.items.map((i) => i.value) ?? [];
  const duration = timelineMetrics(doc.timeline)?.durationMinutes;
  return [
    ...frontMatterLines({
      title: title ? JSON.stringify(title) : undefined,
      date,
      services: services.length > 0 ? `[${services.join(', ')}]` : undefined,
      tags: FIELD_DEFAULTS.tags,
      status: FIELD_DEFAULTS.status,
      duration_minutes: duration === undefined ? undefined : String(duration),
      author: doc.footer?.author.value,
    }),
    '',
  ];
}

export const frontmatterUnterminated: Rule = ({ doc, report }) => {
  if (!doc.frontMatter?.unterminated) return;
  report('frontmatter-unterminated', doc.frontMatter.openRange, 'Front matter is not closed: add a `---` line after the last field');
};

export const yamlSyntax: Rule = ({ doc, report }) => {
  for (const error of doc.frontMatter?.errors ?? []) report('yaml-syntax', error.range, error.message);
};

export const fieldMissing: Rule = ({ doc, report }) => {
  const fm = doc.frontMatter;
  if (!fm || fm.errors.length > 0) return;
  const missing = REQUIRED_FIELD_NAMES.filter((key) => !fm.fields.has(key));
  if (missing.length === 0) return;
  const names = missing.map((key) => `\`${key}\``).join(', ');
  report('field-missing', fm.closeRange ?? fm.openRange, `Front matter is missing ${names}`);
};

export const fieldType: Rule = ({ doc, report }) => {
  for (const [key, kind] of Object.entries(REQUIRED_FIELDS)) {
    const f = field(doc, key);
    if (!f) continue;
    const value = f.value;
    const problem =
      kind === 'list'
        ? !Array.isArray(value) || value.some((v) => typeof v !== 'string')
          ? `\`${key}\` must be a list of names, like \`[a, b]\``
          : undefined
        : kind === 'minutes'
          ? typeof value !== 'number' || !Number.isInteger(value) || value < 0
            ? `\`${key}\` must be a whole number of minutes`
            : undefined
          : typeof value !== 'string' || value.trim() === ''
            ? `\`${key}\` must be ${kind === 'date' ? 'a date, YYYY-MM-DD' : 'text'}`
            : undefined;
    if (problem) report('field-type', f.valueRange, problem);
  }
};

export const invalidDate: Rule = ({ doc, report }) => {
  const date = stringField(doc, 'date');
  if (date && !isCalendarDate(date.value.trim())) {
    report('invalid-date', date.range, `"${date.value}" is not a calendar date; use YYYY-MM-DD`);
  }
  if (doc.footer && !isCalendarDate(doc.footer.date.value)) {
    report('invalid-date', doc.footer.date.range, `"${doc.footer.date.value}" is not a calendar date; use YYYY-MM-DD`);
  }
};

export const unknownSeverity: Rule = ({ doc, settings, report }) => {
  const severity = stringField(doc, 'severity');
  if (!severity || settings.severities.some((s) => s.name === severity.value)) return;
  report('unknown-severity', severity.range, `Unknown severity "${severity.value}"; expected ${settings.severities.map((s) => s.name).join(', ')}`);
};

export const unknownStatus: Rule = ({ doc, settings, report }) => {
  const status = stringField(doc, 'status');
  if (!status || settings.statuses.includes(status.value)) return;
  report('unknown-status', status.range, `Unknown status "${status.value}"; expected ${settings.statuses.join(', ')}`);
};
