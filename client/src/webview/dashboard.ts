// The dashboard's webview script: renders the server's Report, sends filter
// changes and export requests back. It computes nothing itself.
import { columnChart, lineChart, type LineSeries } from '../../../shared/chart';
import type { ActionItemFigures, FollowThrough, ImpactQuarter, OwnerItems, QuarterTimes, Report, ReportFilter, ServiceImpact, Spread } from '../../../shared/protocol';
import { impactChart, monthChart as monthChartSpec, plural, quarterChart, type ChartSpec } from '../../../shared/reportCharts';
import { responsiveChart } from './chart';
import { button, el, minutes, scrollable, section, toDom, token, tokens, trackerLink } from './dom';
import { startWebview } from './host';
import type { DashboardUpdate } from './messages';
import './common.css';
import './dashboard.css';

const root = document.getElementById('root')!;

function reveal(uri: string, line: number): () => void {
  return () => vscode.post({ type: 'reveal', uri, line });
}

function render(report: Report): void {
  const { incidents: incidentCount, openActionItems: open, overdueActionItems: overdue } = report.totals;
  const impact = impactChart(report.byQuarter, report.impactByQuarter);
  root.replaceChildren(
    el('header', {}, el('h1', {}, 'RCA Dashboard'), filters(report)),
    el('div', { class: 'cards' },
      card('Incidents', incidentCount.toLocaleString('en-US')),
      card('Open action items', open.toLocaleString('en-US')),
      card('Overdue action items', overdue.toLocaleString('en-US'), overdue > 0 ? 'bad' : undefined),
      card('Recurring kinds', String(report.recurring.length)),
    ),
    section('Incidents by month and severity', monthChart(report)),
    section('Time to resolve and to mitigate by quarter (median and p90)', lines(quarterChart(report.byQuarter)), quarterTable(report.byQuarter)),
    ...(impact ? [section('Time to detect and customer impact by quarter (median and p90)', lines(impact), impactTable(report.byQuarter, report.impactByQuarter))] : []),
    el('div', { class: 'two' },
      section('Top services by incidents', serviceBars(report.servicesByCount, (s) => s.incidents, (v) => plural(v, 'incident'))),
      section('Top services by users affected', serviceBars(report.servicesByImpact, (s) => s.usersAffected, (v) => `${v.toLocaleString('en-US')} users`)),
    ),
    section('Recurring incident kinds', report.recurring.length === 0 ? el('p', { class: 'empty' }, 'No kind of incident seen twice.') : scrollable('Recurring incident kinds', el('table', {},
      el('thead', {}, el('tr', {}, el('th', {}, 'Kind'), el('th', {}, 'Incidents'), el('th', {}, 'Services'), el('th', {}, 'Last'))),
      el('tbody', {}, ...report.recurring.map((k) => el('tr', {}, el('td', {}, ...tokens(k.kind)), el('td', { class: 'num' }, String(k.incidents)), el('td', {}, k.services.join(', ')), el('td', {}, token(k.lastDate ?? ''))))),
    ))),
    section('Action item follow-through', ...followThrough(report.actionItems)),
    section('Open action items by owner', owners(report.owners)),
    section(`Incidents (${incidentCount})`, incidents(report, incidentCount)),
  );
}

function filters(report: Report): HTMLElement {
  const f = report.filter;
  const select = (key: 'service' | 'severity' | 'team', label: string, options: readonly string[]) => {
    const node = el('select', { id: `filter-${key}`, 'aria-label': label }, el('option', { value: '' }, `All ${label.toLowerCase()}`), ...options.map((o) => el('option', { value: o }, o)));
    node.value = f[key] ?? '';
    node.addEventListener('change', () => send({ ...f, [key]: node.value || undefined }));
    return el('label', {}, `${label} `, node);
  };
  const date = (key: 'from' | 'to', label: string) => {
    const node = el('input', { type: 'date', id: `filter-${key}`, 'aria-label': label });
    node.value = f[key] && f[key]!.length === 10 ? f[key]! : '';
    node.addEventListener('change', () => send({ ...f, [key]: node.value || undefined }));
    return el('label', {}, `${label} `, node);
  };
  return el('form', { class: 'filters', role: 'search' },
    date('from', 'From'),
    date('to', 'To'),
    select('service', 'Services', report.choices.services),
    select('severity', 'Severities', report.choices.severities),
    select('team', 'Teams', report.choices.teams),
    button('Clear filters', 'Show every RCA', () => send({}), 'secondary'),
    button('Export CSV', 'Save the incidents shown as CSV', () => vscode.post({ type: 'export', format: 'csv' }), 'primary'),
    button('Export JSON', 'Save the whole report as JSON', () => vscode.post({ type: 'export', format: 'json' }), 'primary'),
  );
}

function send(filter: ReportFilter): void {
  const clean = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '')) as ReportFilter;
  vscode.post({ type: 'filter', filter: clean });
}

function card(label: string, value: string, tone?: string): HTMLElement {
  return el('div', { class: `card ${tone ?? ''}` }, el('div', { class: 'label' }, label), el('div', { class: 'value' }, value));
}

/** Stacked columns, one per month, a segment per severity; the legend lists the severities counted. */
function monthChart(report: Report): HTMLElement {
  const chart = monthChartSpec(report);
  if (!chart) return el('p', { class: 'empty' }, 'No dated RCAs.');
  return el('div', {}, responsiveChart(chart.label, (width) => columnChart(chart.periods, chart.series, chart.title, width, 180)), toDom(chart.legend));
}

/** A line chart at the panel's width, its legend under it. */
function lines(chart: ChartSpec<LineSeries> | undefined): HTMLElement | undefined {
  if (!chart) return undefined;
  return el('div', {}, responsiveChart(chart.label, (width) => lineChart(chart.periods, chart.series, chart.title, width, 200)), toDom(chart.legend));
}

/** The chart's figures as a table, folded: exact values for the keyboard and screen readers. */
function quarterTable(quarters: readonly QuarterTimes[]): HTMLElement {
  if (quarters.length === 0) return el('p', { class: 'empty' }, 'No dated RCAs.');
  return figuresTable(quarters, 'Time to resolve and to mitigate by quarter', [['Resolve', (i) => quarters[i].timeToResolve], ['Mitigate', (i) => quarters[i].timeToMitigate]]);
}

function impactTable(quarters: readonly QuarterTimes[], impact: readonly ImpactQuarter[]): HTMLElement {
  return figuresTable(quarters, 'Time to detect and customer impact by quarter', [['Detect', (i) => impact[i].timeToDetect], ['Customer impact', (i) => impact[i].customerImpact]]);
}

/** A row a quarter: its incidents, then the median and p90 of each figure (of the i-th quarter). */
function figuresTable(quarters: readonly QuarterTimes[], name: string, figures: readonly (readonly [string, (i: number) => Spread])[]): HTMLElement {
  const cell = (v: number | undefined) => el('td', { class: 'num' }, token(minutes(v)));
  return el('details', {}, el('summary', {}, 'Figures by quarter'), scrollable(name, el('table', { class: 'quarters' },
    el('thead', {}, el('tr', {}, ...['Quarter', 'Incidents', ...figures.flatMap(([label]) => [`${label}, median`, `${label}, p90`])].map((h) => el('th', {}, h)))),
    el('tbody', {}, ...quarters.map((q, i) => el('tr', {},
      el('td', {}, token(q.quarter)),
      el('td', { class: 'num' }, String(q.incidents)),
      ...figures.flatMap(([, spread]) => [cell(spread(i).median), cell(spread(i).p90)]),
    ))),
  )));
}

function serviceBars(list: readonly ServiceImpact[], value: (s: ServiceImpact) => number, label: (v: number) => string): HTMLElement {
  if (list.length === 0) return el('p', { class: 'empty' }, 'No services named.');
  return bars(list.map((s) => [s.service, value(s), label(value(s))]));
}

/** Horizontal bars: a name, a bar to scale with the largest value (or `max`), the value as text. */
function bars(rows: readonly (readonly [name: string, value: number, text: string])[], max = Math.max(1, ...rows.map(([, value]) => value))): HTMLElement {
  return el('ol', { class: 'bars' }, ...rows.map(([name, value, text]) => {
    const bar = el('div', { class: 'bar' });
    bar.style.width = `${(value / max) * 100}%`;
    return el('li', {}, el('span', { class: 'name' }, name), el('div', { class: 'track' }, bar), el('span', { class: 'num' }, text));
  }));
}

/** `0.4` → `40%`; nothing due → `—`. */
function percent(rate: number | undefined): string {
  return rate === undefined ? '—' : `${Math.round(rate * 100)}%`;
}

function days(value: number | undefined): string {
  return value === undefined ? '—' : plural(Math.round(value), 'day');
}

/** The follow-through figures: the rate and its parts, open items by age, the trend by quarter, per priority, owner and quarter. */
function followThrough(f: ActionItemFigures): HTMLElement[] {
  if (f.total === 0) return [el('p', { class: 'empty' }, 'No action items.')];
  const slo = Object.entries(f.slo).map(([priority, d]) => `${priority} ${d} days`).join(', ');
  const summary = el('p', { class: 'follow-through-summary' },
    `${f.doneOnTime.toLocaleString('en-US')} of ${plural(f.due, 'due item')} done on time (${percent(f.followThroughRate)}), ${f.doneLate.toLocaleString('en-US')} late, ${f.overdue.toLocaleString('en-US')} overdue. `,
    `Open items: ${f.open.toLocaleString('en-US')}, median age `, token(days(f.medianOpenAgeDays)), '. ',
    el('span', { class: 'meta' }, `Due by the earlier of the due date and the SLO${slo ? ` (${slo})` : ''}.`),
  );
  const rated = f.byQuarter.filter((q) => q.followThroughRate !== undefined);
  const table = <T extends FollowThrough>(label: string, head: string, rows: readonly T[], name: (row: T) => string) => scrollable(label, el('table', { class: 'follow-through' },
    el('thead', {}, el('tr', {}, ...[head, 'Items', 'Open', 'Overdue', 'Due', 'On time', 'Late', 'Rate', 'Median open age'].map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {},
      el('td', {}, ...tokens(name(r))),
      ...[r.total, r.open, r.overdue, r.due, r.doneOnTime, r.doneLate].map((n) => el('td', { class: 'num' }, n.toLocaleString('en-US'))),
      el('td', { class: 'num' }, percent(r.followThroughRate)),
      el('td', { class: 'num' }, token(days(r.medianOpenAgeDays))),
    ))),
  ));
  return [
    summary,
    el('div', { class: 'two' },
      el('div', {}, el('h3', {}, 'Open items by age'), bars(f.openByAge.map((b) => [b.label, b.count, plural(b.count, 'item')]))),
      el('div', {}, el('h3', {}, 'Done on time by quarter of the incident'), rated.length === 0
        ? el('p', { class: 'empty' }, 'Nothing due yet.')
        : bars(rated.map((q) => [q.quarter, q.followThroughRate!, `${percent(q.followThroughRate)} of ${q.due}`]), 1)),
    ),
    el('details', {}, el('summary', {}, 'By priority'), table('Action item follow-through by priority', 'Priority', f.byPriority, (r) => r.priority)),
    el('details', {}, el('summary', {}, 'By owner'), table('Action item follow-through by owner', 'Owner', f.byOwner, (r) => r.owner)),
    el('details', {}, el('summary', {}, 'By quarter'), table('Action item follow-through by quarter', 'Quarter', f.byQuarter, (r) => r.quarter)),
  ];
}

function owners(list: readonly OwnerItems[]): HTMLElement {
  if (list.length === 0) return el('p', { class: 'empty' }, 'No open action items.');
  return el('div', {}, ...list.map((o) => {
    const details = el('details', {},
      el('summary', {}, el('strong', {}, o.owner), ` ${o.open} open`, o.overdue > 0 && el('span', { class: 'badge overdue' }, `${o.overdue} overdue`)),
      el('ul', { class: 'items' }, ...o.items.map((i) => el('li', {},
        button(i.action || '(no action)', `Go to this row in ${i.rcaTitle}`, reveal(i.uri, i.line)),
        el('span', { class: 'meta' }, ` ${i.priority} · due `, token(i.due || '—'), ' · ', ...tokens(i.rcaTitle), i.tracker && ' · ', i.tracker && trackerLink(i.tracker, (url) => vscode.post({ type: 'openExternal', url }))),
        i.overdue && el('span', { class: 'badge overdue' }, 'overdue'),
      )), o.open > o.items.length && el('li', { class: 'empty' }, `and ${o.open - o.items.length} more`)),
    );
    return details;
  }));
}

function incidents(report: Report, count: number): HTMLElement {
  if (report.incidents.length === 0) return el('p', { class: 'empty' }, 'No RCAs match the filters.');
  return el('div', {},
    scrollable('Incidents', el('table', { class: 'incidents' },
      el('thead', {}, el('tr', {}, ...['Date', 'Title', 'Severity', 'Services', 'Resolve', 'Mitigate', 'Users', 'Overdue items'].map((h) => el('th', {}, h)))),
      el('tbody', {}, ...report.incidents.map((i) => el('tr', {},
        el('td', {}, token(i.date ?? '')),
        el('td', {}, button(i.title, `Open ${i.path}`, reveal(i.uri, 0))),
        el('td', {}, i.severity ?? ''),
        el('td', {}, i.services.join(', ')),
        el('td', { class: 'num' }, token(minutes(i.timeToResolve))),
        el('td', { class: 'num' }, token(minutes(i.timeToMitigate))),
        el('td', { class: 'num' }, token(i.usersAffected?.toLocaleString('en-US') ?? '—')),
        el('td', { class: 'num' }, String(i.overdueActionItems)),
      ))),
    )),
    count > report.incidents.length && el('p', { class: 'empty' }, `Showing the newest ${report.incidents.length} of ${count}: narrow the filters, or export them all.`),
  );
}

// Last: a saved report is drawn while startWebview runs, so everything render reads is declared above.
const vscode = startWebview('report', (update: DashboardUpdate) => update.report, render);
