// The workspace report as a Markdown summary, for a pull request comment or a CI job
// summary (`rca report --format markdown`): the totals, the recent quarters' times, the
// top services, recurring kinds, overdue action items and the newest incidents.
import type { QuarterTimes, Report, ReportFilter, Spread } from './protocol';
import { minutes } from './reportCharts';

/** Rows of the incident and owner tables: a summary, not the whole report (JSON and CSV have it all). */
const NEWEST_INCIDENTS = 10;
const RECENT_QUARTERS = 4;
const TOP = 5;

/**
 * Document text as inert Markdown text on one line: what renders HTML, links, emphasis,
 * code, math or table cells is escaped (GitHub renders raw HTML in job summaries).
 */
export function markdownText(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[\\`*_[\]<>|#!~&$]/g, (c) => `\\${c}`);
}

function spread(s: Spread): string {
  return s.median === undefined ? '—' : `${minutes(s.median)} / ${minutes(s.p90)}`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function filterText(filter: ReportFilter): string {
  const parts = [
    filter.from && `from ${filter.from}`,
    filter.to && `to ${filter.to}`,
    filter.service && `service ${markdownText(filter.service)}`,
    filter.severity && `severity ${markdownText(filter.severity)}`,
    filter.team && `team ${markdownText(filter.team)}`,
  ].filter(Boolean);
  return parts.length === 0 ? 'All RCAs' : `RCAs ${parts.join(', ')}`;
}

/** The report as Markdown; every string from the documents goes through `markdownText`. */
export function reportMarkdown(report: Report): string {
  const { incidents, openActionItems, overdueActionItems } = report.totals;
  const lines = [
    '## RCA report',
    '',
    `${filterText(report.filter)}, as of ${report.today}.`,
    '',
    ...table(['Incidents', 'Open action items', 'Overdue action items', 'Recurring kinds'], [[String(incidents), String(openActionItems), `${overdueActionItems}${overdueActionItems > 0 ? ' ⚠️' : ''}`, String(report.recurring.length)]]),
  ];
  const quarters = report.byQuarter.filter((q: QuarterTimes) => q.incidents > 0).slice(-RECENT_QUARTERS);
  if (quarters.length > 0) {
    lines.push('', '### Time to resolve and to mitigate (median / p90)', '',
      ...table(['Quarter', 'Incidents', 'Resolve', 'Mitigate'], quarters.map((q) => [q.quarter, String(q.incidents), spread(q.timeToResolve), spread(q.timeToMitigate)])));
  }
  const impact = report.impactByQuarter.filter((q) => quarters.some((r) => r.quarter === q.quarter));
  if (impact.some((q) => q.timeToDetect.count > 0 || q.customerImpact.count > 0)) {
    lines.push('', '### Time to detect and customer impact (median / p90)', '',
      ...table(['Quarter', 'With impact start', 'Detect', 'Customer impact'], impact.map((q) => [q.quarter, String(Math.max(q.timeToDetect.count, q.customerImpact.count)), spread(q.timeToDetect), spread(q.customerImpact)])));
  }
  const services = report.servicesByCount.slice(0, TOP);
  if (services.length > 0) {
    lines.push('', '### Top services', '', ...table(['Service', 'Incidents', 'Users affected'], services.map((s) => [markdownText(s.service), String(s.incidents), s.usersAffected.toLocaleString('en-US')])));
  }
  const recurring = report.recurring.slice(0, TOP);
  if (recurring.length > 0) {
    lines.push('', '### Recurring kinds of incident', '', ...table(['Kind', 'Incidents', 'Services', 'Last'], recurring.map((k) => [markdownText(k.kind), String(k.incidents), markdownText(k.services.join(', ')), k.lastDate ?? '—'])));
  }
  const overdue = report.owners.filter((o) => o.overdue > 0).slice(0, TOP);
  if (overdue.length > 0) {
    lines.push('', '### Overdue action items', '', ...table(['Owner', 'Overdue', 'Open', 'Oldest overdue'], overdue.map((o) => {
      const first = o.items.find((i) => i.overdue);
      return [markdownText(o.owner), String(o.overdue), String(o.open), first ? `${markdownText(first.action || '(no action)')} (due ${first.due}, ${markdownText(first.rcaTitle)})` : '—'];
    })));
  }
  const newest = report.incidents.slice(0, NEWEST_INCIDENTS);
  if (newest.length > 0) {
    lines.push('', '### Newest incidents', '', ...table(['Date', 'Title', 'Severity', 'Services', 'Resolve'], newest.map((i) => [i.date ?? '—', markdownText(i.title), markdownText(i.severity ?? '—'), markdownText(i.services.join(', ')), minutes(i.timeToResolve)])));
    if (incidents > newest.length) lines.push('', `and ${(incidents - newest.length).toLocaleString('en-US')} more (\`rca report --format csv\` lists them all).`);
  } else {
    lines.push('', 'No RCAs match.');
  }
  return `${lines.join('\n')}\n`;
}
