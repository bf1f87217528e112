// The dashboard's webview script: renders the server's Report, sends filter
// changes and export requests back. It computes nothing itself.
import type { MonthCount, OwnerItems, QuarterTimes, Report, ReportFilter, ServiceImpact, Spread } from '../../../shared/protocol';
import { button, el, section } from './dom';
import { startWebview } from './host';
import type { DashboardUpdate } from './messages';
import './common.css';
import './dashboard.css';

const root = document.getElementById('root')!;
const SEVERITY_COLOURS = ['red', 'orange', 'yellow', 'blue', 'purple', 'green'];
// Everything render reads at once is declared above this line or hoisted: a saved report is drawn while startWebview runs.
const vscode = startWebview('report', (update: DashboardUpdate) => update.report, render);

function reveal(uri: string, line: number): () => void {
  return () => vscode.post({ type: 'reveal', uri, line });
}

function render(report: Report): void {
  const { incidents: incidentCount, openActionItems: open, overdueActionItems: overdue } = report.totals;
  root.replaceChildren(
    el('header', {}, el('h1', {}, 'RCA Dashboard'), filters(report)),
    el('div', { class: 'cards' },
      card('Incidents', String(incidentCount)),
      card('Open action items', String(open)),
      card('Overdue action items', String(overdue), overdue > 0 ? 'bad' : undefined),
      card('Recurring kinds', String(report.recurring.length)),
    ),
    section('Incidents by month and severity', monthChart(report.byMonth, report.choices.severities)),
    section('Time to resolve and to mitigate by quarter (median · p90)', quarterTable(report.byQuarter)),
    el('div', { class: 'two' },
      section('Top services by incidents', serviceBars(report.servicesByCount, (s) => s.incidents, (v) => `${v} incident${v === 1 ? '' : 's'}`)),
      section('Top services by users affected', serviceBars(report.servicesByImpact, (s) => s.usersAffected, (v) => `${v.toLocaleString('en-US')} users`)),
    ),
    section('Recurring incident kinds', report.recurring.length === 0 ? el('p', { class: 'empty' }, 'No kind of incident seen twice.') : el('table', {},
      el('thead', {}, el('tr', {}, el('th', {}, 'Kind'), el('th', {}, 'Incidents'), el('th', {}, 'Services'), el('th', {}, 'Last'))),
      el('tbody', {}, ...report.recurring.map((k) => el('tr', {}, el('td', {}, k.kind), el('td', { class: 'num' }, String(k.incidents)), el('td', {}, k.services.join(', ')), el('td', {}, k.lastDate ?? '')))),
    )),
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

/** Stacked columns, one per month, a segment per severity. */
function monthChart(months: readonly MonthCount[], severities: readonly string[]): HTMLElement {
  if (months.length === 0) return el('p', { class: 'empty' }, 'No dated RCAs.');
  const colour = (s: string) => SEVERITY_COLOURS[Math.max(0, severities.indexOf(s)) % SEVERITY_COLOURS.length];
  const max = Math.max(...months.map((m) => m.total));
  const chart = el('div', { class: 'months', role: 'img', 'aria-label': months.map((m) => `${m.month}: ${m.total}`).join(', ') });
  for (const m of months) {
    const column = el('div', { class: 'column', title: `${m.month}: ${m.total} (${Object.entries(m.bySeverity).map(([s, n]) => `${s} ${n}`).join(', ')})` });
    const stack = el('div', { class: 'stack' });
    stack.style.height = `${(m.total / max) * 100}%`;
    for (const s of [...severities, ...Object.keys(m.bySeverity).filter((k) => !severities.includes(k))]) {
      // Own counts only: a severity may be named like an Object method (`constructor`).
      const n = Object.hasOwn(m.bySeverity, s) ? m.bySeverity[s] : 0;
      if (!n) continue;
      const segment = el('div', { class: `segment ${colour(s)}` });
      segment.style.flexGrow = String(n);
      stack.append(segment);
    }
    column.append(el('span', { class: 'count' }, String(m.total)), stack, el('span', { class: 'month' }, m.month));
    chart.append(column);
  }
  const legend = el('p', { class: 'legend' }, ...severities.map((s) => el('span', {}, el('span', { class: `swatch ${colour(s)}` }), s)));
  return el('div', {}, chart, legend);
}

function spreadText(s: Spread): string {
  return s.median === undefined ? '—' : `${s.median} · ${s.p90} min (n=${s.count})`;
}

function quarterTable(quarters: readonly QuarterTimes[]): HTMLElement {
  if (quarters.length === 0) return el('p', { class: 'empty' }, 'No dated RCAs.');
  const max = Math.max(1, ...quarters.map((q) => q.timeToResolve.p90 ?? 0));
  const bar = (s: Spread, kind: string) => {
    const node = el('div', { class: `spread ${kind}` });
    node.style.width = `${((s.p90 ?? 0) / max) * 100}%`;
    const median = el('div', { class: 'median' });
    median.style.width = s.p90 ? `${((s.median ?? 0) / s.p90) * 100}%` : '0';
    node.append(median);
    return node;
  };
  return el('table', {},
    el('thead', {}, el('tr', {}, el('th', {}, 'Quarter'), el('th', {}, 'Incidents'), el('th', {}, 'Time to resolve'), el('th', {}, 'Time to mitigate'))),
    el('tbody', {}, ...quarters.map((q) => el('tr', {},
      el('td', {}, q.quarter),
      el('td', { class: 'num' }, String(q.incidents)),
      el('td', {}, spreadText(q.timeToResolve), bar(q.timeToResolve, 'resolve')),
      el('td', {}, spreadText(q.timeToMitigate), bar(q.timeToMitigate, 'mitigate')),
    ))),
  );
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
        el('span', { class: 'meta' }, ` ${i.priority} · due ${i.due || '—'} · ${i.rcaTitle}`),
        i.overdue && el('span', { class: 'badge overdue' }, 'overdue'),
      )), o.open > o.items.length && el('li', { class: 'empty' }, `and ${o.open - o.items.length} more`)),
    );
    return details;
  }));
}

function incidents(report: Report, count: number): HTMLElement {
  if (report.incidents.length === 0) return el('p', { class: 'empty' }, 'No RCAs match the filters.');
  const minutes = (v: number | undefined) => (v === undefined ? '—' : `${v} min`);
  return el('div', {},
    el('table', { class: 'incidents' },
      el('thead', {}, el('tr', {}, ...['Date', 'Title', 'Severity', 'Services', 'Resolve', 'Mitigate', 'Users', 'Overdue items'].map((h) => el('th', {}, h)))),
      el('tbody', {}, ...report.incidents.map((i) => el('tr', {},
        el('td', {}, i.date ?? ''),
        el('td', {}, button(i.title, `Open ${i.path}`, reveal(i.uri, 0))),
        el('td', {}, i.severity ?? ''),
        el('td', {}, i.services.join(', ')),
        el('td', { class: 'num' }, minutes(i.timeToResolve)),
        el('td', { class: 'num' }, minutes(i.timeToMitigate)),
        el('td', { class: 'num' }, i.usersAffected?.toLocaleString('en-US') ?? '—'),
        el('td', { class: 'num' }, String(i.overdueActionItems)),
      ))),
    ),
    count > report.incidents.length && el('p', { class: 'empty' }, `Showing the newest ${report.incidents.length} of ${count}: narrow the filters, or export them all.`),
  );
}
