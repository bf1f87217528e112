// The workspace report's incidents as CSV: written by `rca-lint --report --format csv`
// and by the dashboard's export (see reportExport.ts), so it lives where both bundles import it.
import { INCIDENT_TIMELINE_FIGURES } from './incidentFigures';
import type { Report, ReportIncident } from './protocol';

const CSV_COLUMNS: readonly [string, (i: ReportIncident) => string | number | undefined][] = [
  ['date', (i) => i.date],
  ['title', (i) => i.title],
  ['severity', (i) => i.severity],
  ['status', (i) => i.status],
  ['services', (i) => i.services.join('; ')],
  ['kind', (i) => i.kind],
  ['time_to_resolve_min', (i) => i.timeToResolve],
  ['time_to_mitigate_min', (i) => i.timeToMitigate],
  ['users_affected', (i) => i.usersAffected],
  ['revenue_impact', (i) => i.revenueImpact],
  ['open_action_items', (i) => i.openActionItems],
  ['overdue_action_items', (i) => i.overdueActionItems],
  ['path', (i) => i.path],
  // After the columns of earlier versions, so that sheets reading them by position still do.
  ...INCIDENT_TIMELINE_FIGURES.map(([figure, column]): [string, (i: ReportIncident) => string | undefined | number] => [column, (i) => i[figure]]),
];

/** The report's incidents as CSV (RFC 4180), line by line: the header, then one row per RCA. */
export function* reportCsvLines(report: Report): Generator<string> {
  yield `${CSV_COLUMNS.map(([name]) => name).join(',')}\r\n`;
  for (const incident of report.incidents) yield `${CSV_COLUMNS.map(([, get]) => csvCell(get(incident))).join(',')}\r\n`;
}

function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  // A leading = + - @ (or their full-width forms, or blanks and line breaks before them)
  // makes spreadsheets run the cell as a formula: keep it text.
  if (typeof value === 'string' && /^[=+\-@\t\r\n \u00a0\uff1d\uff0b\uff0d\uff20]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
