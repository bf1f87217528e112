// The metrics preview's webview script: renders the server's RcaMetrics.
import { h } from '../../../shared/markup';
import { metricsBadges, metricsCards, phaseChart } from '../../../shared/metricsView';
import type { ActionItemStatus, ImpactFigure, Problem, RcaMetrics } from '../../../shared/protocol';
import { button, el, scrollable, section, toDom, token, tokens, trackerLink } from './dom';
import { startWebview } from './host';
import type { PreviewUpdate } from './messages';
import './common.css';

const root = document.getElementById('root')!;

function render(m: RcaMetrics | null): void {
  if (!m) return root.replaceChildren(noRca());
  const reveal = (line: number) => () => vscode.post({ type: 'reveal', uri: m.uri, line });
  root.replaceChildren(
    el('header', {},
      el('h1', {}, ...tokens(m.title ?? 'Untitled RCA')),
      toDom(metricsBadges(m)),
    ),
    ...metricsCards(m).map((node) => toDom(node)),
    section('Timeline phases', phases(m, reveal)),
    section('Impact', impactTable(m.impact, reveal)),
    section('Action items', actionItems(m.actionItems, reveal)),
    section('Related', m.links.length === 0 ? el('p', { class: 'empty' }, 'No wiki-links.') : el('ul', { class: 'links' },
      ...m.links.map((l) => el('li', {}, l.uri ? button(l.label, `Open ${l.target}`, () => vscode.post({ type: 'reveal', uri: l.uri!, line: l.targetLine })) : el('span', { class: 'broken', title: 'No such file in the workspace' }, `${l.label} (not found)`))),
    )),
    section(`Problems (${m.problems.length})`, problems(m.problems, reveal)),
  );
}

function noRca(): HTMLElement {
  return el('section', { class: 'no-rca' },
    el('h1', {}, 'No RCA to show'),
    el('p', { class: 'empty' }, 'Open an RCA, a Markdown file tagged rca in its front matter or kept in an rca/ folder, and its metrics appear here as you write.'),
  );
}

/** The shared phase chart, each row's time a button to the row. */
function phases(m: RcaMetrics, reveal: (line: number) => () => void): Element {
  const chart = toDom(phaseChart(m.phases, (p) => h('button', { type: 'button', class: 'link time', title: 'Go to this timeline row', 'data-line': p.line }, p.clock ?? '?')));
  for (const time of chart.querySelectorAll<HTMLButtonElement>('button[data-line]')) time.addEventListener('click', reveal(Number(time.dataset.line)));
  return chart;
}

const FIGURES: Readonly<Record<string, { label: string; format: (v: number) => string }>> = {
  requestsAffectedPercent: { label: 'Requests affected', format: (v) => `${v}%` },
  errorRatePercent: { label: 'Error rate', format: (v) => `${v}%` },
  errorRateBaselinePercent: { label: 'Error rate baseline', format: (v) => `< ${v}%` },
  p99BeforeMs: { label: 'p99 before', format: (v) => `${v.toLocaleString('en-US')} ms` },
  p99AfterMs: { label: 'p99 during', format: (v) => `${v.toLocaleString('en-US')} ms` },
  usersAffected: { label: 'Users affected', format: (v) => v.toLocaleString('en-US') },
  customerFacingErrors: { label: 'Customer-facing errors', format: (v) => v.toLocaleString('en-US') },
  supportTickets: { label: 'Support tickets', format: (v) => v.toLocaleString('en-US') },
  revenueImpact: { label: 'Revenue impact', format: (v) => `$${v.toLocaleString('en-US')}` },
};

function impactTable(figures: readonly ImpactFigure[], reveal: (line: number) => () => void): HTMLElement {
  if (figures.length === 0) return el('p', { class: 'empty' }, 'No impact figures found.');
  const byName = new Map(figures.map((f) => [f.name, f]));
  const rows = figures
    .filter((f) => f.name !== 'errorRateBaselinePercent' && f.name !== 'p99AfterMs')
    .map((f) => {
      let shown = FIGURES[f.name]?.format(f.value) ?? String(f.value);
      let label = FIGURES[f.name]?.label ?? f.name;
      const baseline = byName.get('errorRateBaselinePercent');
      const after = byName.get('p99AfterMs');
      if (f.name === 'errorRatePercent' && baseline) shown += ` vs baseline < ${baseline.value}%`;
      if (f.name === 'p99BeforeMs' && after) {
        label = 'p99 latency';
        shown = `${f.value.toLocaleString('en-US')} ms → ${after.value.toLocaleString('en-US')} ms${f.value > 0 ? ` (×${(after.value / f.value).toFixed(1)})` : ''}`;
      }
      return el('tr', {}, el('th', { scope: 'row' }, button(label, 'Go to this line', reveal(f.line))), el('td', {}, ...tokens(shown)));
    });
  return scrollable('Impact', el('table', { class: 'figures' }, el('tbody', {}, ...rows)));
}

function actionItems(items: readonly ActionItemStatus[], reveal: (line: number) => () => void): HTMLElement {
  if (items.length === 0) return el('p', { class: 'empty' }, 'No action items.');
  // The Tracker column only when some row is linked.
  const tracked = items.some((a) => a.tracker);
  return scrollable('Action items', el('table', { class: 'actions' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Priority'), el('th', {}, 'Action'), el('th', {}, 'Owner'), el('th', {}, 'Due'), tracked && el('th', {}, 'Tracker'))),
    el('tbody', {}, ...items.map((a) => el('tr', {},
      el('td', {}, a.priority),
      el('td', {}, button(a.action || '(no action)', 'Go to this row', reveal(a.line))),
      el('td', {}, a.owner),
      el('td', {}, token(a.dueDate), a.overdue && el('span', { class: 'badge overdue' }, 'overdue')),
      tracked && el('td', {}, a.tracker && trackerLink(a.tracker, (url) => vscode.post({ type: 'openExternal', url }))),
    ))),
  ));
}

function problems(list: readonly Problem[], reveal: (line: number) => () => void): HTMLElement {
  if (list.length === 0) return el('p', { class: 'ok' }, 'No problems.');
  return el('ul', { class: 'problems' }, ...list.map((p) => el('li', { class: p.severity },
    button(`${p.line + 1}:${p.character + 1}`, 'Go to the problem', reveal(p.line), 'link position'),
    el('code', {}, p.code),
    ' ',
    ...tokens(p.message),
  )));
}

// Last: saved metrics are drawn while startWebview runs, so everything render reads is declared above.
const vscode = startWebview('metrics', (update: PreviewUpdate) => update.metrics, render);
