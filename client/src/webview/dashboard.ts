// The dashboard's webview script: renders the server's Report, sends filter
// changes and export requests back. It computes nothing itself.
import type { ImpactQuarter, OwnerItems, QuarterTimes, Report, ReportFilter, ServiceImpact, Spread } from '../../../shared/protocol';
import { columnChart, lineChart, responsiveChart, type Periods } from './chart';
import { button, el, minutes, scrollable, section, token, tokens } from './dom';
import { startWebview } from './host';
import type { DashboardUpdate } from './messages';
import './common.css';
import './dashboard.css';

const root = document.getElementById('root')!;
/** Palette classes (common.css), one per severity in the order of the filter's choices: a severity keeps its colour whatever the filter. */
const SERIES = 6;
/** The four lines of the quarter chart: time to resolve and to mitigate, each as median (solid) and p90 (dashed). */
const QUARTER_LINES = [
  { label: 'resolve, median', className: 'series-resolve', dashed: false, value: (q: QuarterTimes) => q.timeToResolve.median },
  { label: 'resolve, p90', className: 'series-resolve', dashed: true, value: (q: QuarterTimes) => q.timeToResolve.p90 },
  { label: 'mitigate, median', className: 'series-mitigate', dashed: false, value: (q: QuarterTimes) => q.timeToMitigate.median },
  { label: 'mitigate, p90', className: 'series-mitigate', dashed: true, value: (q: QuarterTimes) => q.timeToMitigate.p90 },
];
/** The impact chart, drawn when an RCA's timeline has an impact-started row: time to detect and customer impact. */
const IMPACT_LINES = [
  { label: 'time to detect, median', className: 'series-detect', dashed: false, value: (q: ImpactQuarter) => q.timeToDetect.median },
  { label: 'time to detect, p90', className: 'series-detect', dashed: true, value: (q: ImpactQuarter) => q.timeToDetect.p90 },
  { label: 'customer impact, median', className: 'series-impact', dashed: false, value: (q: ImpactQuarter) => q.customerImpact.median },
  { label: 'customer impact, p90', className: 'series-impact', dashed: true, value: (q: ImpactQuarter) => q.customerImpact.p90 },
];


function reveal(uri: string, line: number): () => void {
  return () => vscode.post({ type: 'reveal', uri, line });
}

function render(report: Report): void {
  const { incidents: incidentCount, openActionItems: open, overdueActionItems: overdue } = report.totals;
  root.replaceChildren(
    el('header', {}, el('h1', {}, 'RCA Dashboard'), filters(report)),
    el('div', { class: 'cards' },
      card('Incidents', incidentCount.toLocaleString('en-US')),
      card('Open action items', open.toLocaleString('en-US')),
      card('Overdue action items', overdue.toLocaleString('en-US'), overdue > 0 ? 'bad' : undefined),
      card('Recurring kinds', String(report.recurring.length)),
    ),
    section('Incidents by month and severity', monthChart(report)),
    section('Time to resolve and to mitigate by quarter (median and p90)', quarterChart(report.byQuarter), quarterTable(report.byQuarter)),
    ...(hasImpact(report.impactByQuarter) ? [section('Time to detect and customer impact by quarter (median and p90)', impactChart(report.byQuarter, report.impactByQuarter), impactTable(report.byQuarter, report.impactByQuarter))] : []),
    el('div', { class: 'two' },
      section('Top services by incidents', serviceBars(report.servicesByCount, (s) => s.incidents, (v) => plural(v, 'incident'))),
      section('Top services by users affected', serviceBars(report.servicesByImpact, (s) => s.usersAffected, (v) => `${v.toLocaleString('en-US')} users`)),
    ),
    section('Recurring incident kinds', report.recurring.length === 0 ? el('p', { class: 'empty' }, 'No kind of incident seen twice.') : scrollable('Recurring incident kinds', el('table', {},
      el('thead', {}, el('tr', {}, el('th', {}, 'Kind'), el('th', {}, 'Incidents'), el('th', {}, 'Services'), el('th', {}, 'Last'))),
      el('tbody', {}, ...report.recurring.map((k) => el('tr', {}, el('td', {}, ...tokens(k.kind)), el('td', { class: 'num' }, String(k.incidents)), el('td', {}, k.services.join(', ')), el('td', {}, token(k.lastDate ?? ''))))),
    ))),
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
  const months = report.byMonth;
  if (months.length === 0) return el('p', { class: 'empty' }, 'No dated RCAs.');
  const palette = (s: string) => {
    const i = report.choices.severities.indexOf(s);
    return i < 0 ? 'series-none' : `series-${i % SERIES}`;
  };
  const periods: Periods = { names: months.map((m) => m.month), perYear: 12 };
  // Own counts only: a severity may be named like an Object method (`constructor`).
  const count = (i: number, s: string) => (Object.hasOwn(months[i].bySeverity, s) ? months[i].bySeverity[s] : 0);
  const series = report.monthSeverities.map((s) => ({ className: palette(s), values: months.map((_, i) => count(i, s)) }));
  const title = (i: number) => {
    const m = months[i];
    const parts = report.monthSeverities.filter((s) => count(i, s) > 0).map((s) => `${s}: ${count(i, s)}`);
    return `${m.month}: ${plural(m.total, 'incident')}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
  };
  const label = `Incidents by month, ${months[0].month} to ${months[months.length - 1].month}: ${months.filter((m) => m.total > 0).map((m) => `${m.month} ${m.total}`).join(', ')}`;
  return el('div', {},
    responsiveChart(label, (width) => columnChart(periods, series, title, width, 180)),
    el('p', { class: 'legend' }, ...report.monthSeverities.map((s) => el('span', {}, el('span', { class: `swatch mark ${palette(s)}` }), s === 'none' ? 'no severity' : s))),
  );
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

function quarterChart(quarters: readonly QuarterTimes[]): HTMLElement | undefined {
  if (quarters.length === 0) return undefined;
  const title = (i: number) => {
    const q = quarters[i];
    if (q.incidents === 0) return `${q.quarter}: no incidents`;
    return `${q.quarter}, ${plural(q.incidents, 'incident')}\ntime to resolve: ${spreadText(q.timeToResolve)}\ntime to mitigate: ${spreadText(q.timeToMitigate)}`;
  };
  const label = `Median and 90th percentile of the time to resolve and to mitigate by quarter, ${quarters[0].quarter} to ${quarters[quarters.length - 1].quarter}`;
  return linesChart(quarters, QUARTER_LINES.map((l) => ({ ...l, label: `time to ${l.label}` })), title, label);
}

function hasImpact(quarters: readonly ImpactQuarter[]): boolean {
  return quarters.some((q) => q.timeToDetect.count > 0 || q.customerImpact.count > 0);
}

/** `impact[i]` is the quarter of `quarters[i]`. */
function impactChart(quarters: readonly QuarterTimes[], impact: readonly ImpactQuarter[]): HTMLElement {
  const title = (i: number) => {
    const q = impact[i];
    if (quarters[i].incidents === 0) return `${q.quarter}: no incidents`;
    return `${q.quarter}, ${plural(quarters[i].incidents, 'incident')}\ntime to detect: ${spreadText(q.timeToDetect)}\ncustomer impact: ${spreadText(q.customerImpact)}`;
  };
  const label = `Median and 90th percentile of the time to detect and of the customer impact by quarter, ${impact[0].quarter} to ${impact[impact.length - 1].quarter}`;
  return linesChart(impact, IMPACT_LINES, title, label);
}

/** Lines over the quarters, a legend under them; a line with no value in any quarter is left out. */
function linesChart<Q extends { readonly quarter: string }>(quarters: readonly Q[], all: readonly { label: string; className: string; dashed: boolean; value: (q: Q) => number | undefined }[], title: (i: number) => string, label: string): HTMLElement {
  const periods: Periods = { names: quarters.map((q) => q.quarter), perYear: 4 };
  const lines = all.filter((l) => quarters.some((q) => l.value(q) !== undefined));
  return el('div', {},
    responsiveChart(label, (width) => lineChart(periods, lines.map((l) => ({ className: l.className, dashed: l.dashed, values: quarters.map(l.value) })), title, width, 200)),
    el('p', { class: 'legend' }, ...lines.map((l) => el('span', {}, el('span', { class: `key mark ${l.className}${l.dashed ? ' dashed' : ''}` }), l.label))),
  );
}

function spreadText(s: Spread): string {
  return s.median === undefined ? '—' : `median ${minutes(s.median)}, p90 ${minutes(s.p90)} (n=${s.count})`;
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
  const max = Math.max(1, ...list.map(value));
  return el('ol', { class: 'bars' }, ...list.map((s) => {
    const bar = el('div', { class: 'bar' });
    bar.style.width = `${(value(s) / max) * 100}%`;
    return el('li', {}, el('span', { class: 'name' }, s.service), el('div', { class: 'track' }, bar), el('span', { class: 'num' }, label(value(s))));
  }));
}

function owners(list: readonly OwnerItems[]): HTMLElement {
  if (list.length === 0) return el('p', { class: 'empty' }, 'No open action items.');
  return el('div', {}, ...list.map((o) => {
    const details = el('details', {},
      el('summary', {}, el('strong', {}, o.owner), ` ${o.open} open`, o.overdue > 0 && el('span', { class: 'badge overdue' }, `${o.overdue} overdue`)),
      el('ul', { class: 'items' }, ...o.items.map((i) => el('li', {},
        button(i.action || '(no action)', `Go to this row in ${i.rcaTitle}`, reveal(i.uri, i.line)),
        el('span', { class: 'meta' }, ` ${i.priority} · due `, token(i.due || '—'), ' · ', ...tokens(i.rcaTitle)),
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
