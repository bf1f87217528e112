// The metrics preview's webview script: renders the server's RcaMetrics.
import type { ActionItemStatus, ImpactFigure, Phase, Problem, RcaMetrics } from '../../../shared/protocol';
import { PHASE_LABEL } from '../../../shared/phaseLabel';
import { button, el, minutes, scrollable, section, token, tokens } from './dom';
import { startWebview } from './host';
import type { PreviewUpdate } from './messages';
import './common.css';

const root = document.getElementById('root')!;

function render(m: RcaMetrics): void {
  const reveal = (line: number) => () => vscode.post({ type: 'reveal', uri: m.uri, line });
  root.replaceChildren(
    el('header', {},
      el('h1', {}, ...tokens(m.title ?? 'Untitled RCA')),
      el('p', { class: 'badges' },
        badge('Severity', m.severity, `severity ${(m.severity ?? '').toLowerCase()}`),
        badge('Status', m.status, 'status'),
        badge('Date', m.date, 'date'),
        ...m.services.map((s) => el('span', { class: 'chip' }, s)),
      ),
    ),
    el('div', { class: 'cards' },
      card('Duration', m.durationMinutes, m.statedDurationMinutes !== undefined && m.statedDurationMinutes !== m.durationMinutes ? ['front matter says ', token(minutes(m.statedDurationMinutes))] : [durationNote(m)]),
      m.timeToDetect !== undefined && card('Time to detect', m.timeToDetect, ['detected − impact started']),
      card('Time to acknowledge', m.timeToAcknowledge),
      card('Time to identify', m.timeToIdentify),
      card('Time to mitigate', m.timeToMitigate),
      card('Time to recover', m.timeToRecover),
      m.customerImpactMinutes !== undefined && card('Customer impact', m.customerImpactMinutes, ['impact started → recovered']),
    ),
    ...(hasImpactStart(m) ? [el('p', { class: 'note' }, 'Times to acknowledge, identify, mitigate and recover count from impact start.')] : []),
    section('Timeline phases', phaseChart(m.phases, reveal)),
    section('Impact', impactTable(m.impact, reveal)),
    section('Action items', actionItems(m.actionItems, reveal)),
    section('Related', m.links.length === 0 ? el('p', { class: 'empty' }, 'No wiki-links.') : el('ul', { class: 'links' },
      ...m.links.map((l) => el('li', {}, l.uri ? button(l.label, `Open ${l.target}`, () => vscode.post({ type: 'reveal', uri: l.uri!, line: l.targetLine })) : el('span', { class: 'broken', title: 'No such file in the workspace' }, `${l.label} (not found)`))),
    )),
    section(`Problems (${m.problems.length})`, problems(m.problems, reveal)),
  );
}

function hasImpactStart(m: RcaMetrics): boolean {
  return m.phases.some((p) => p.milestone === 'impactStarted');
}

/** What the duration counts from, as the server measured it (rca.durationFrom). */
function durationNote(m: RcaMetrics): string {
  const from = m.durationFrom === 'impact' ? 'impactStarted' : 'detected';
  return `resolved − ${m.phases.some((p) => p.milestone === from) ? PHASE_LABEL[from].toLowerCase() : 'first event'}`;
}

function badge(label: string, value: string | undefined, className: string): HTMLElement {
  return el('span', { class: `badge ${className}`, title: label }, value ?? `no ${label.toLowerCase()}`);
}

function card(label: string, value: number | undefined, note?: readonly (string | HTMLElement)[]): HTMLElement {
  return el('div', { class: 'card' },
    el('div', { class: 'label' }, label),
    el('div', { class: 'value' }, minutes(value)),
    note && el('div', { class: 'note' }, ...note),
  );
}


/** A bar per phase, as wide as the time it took, then the events as a list. */
function phaseChart(phases: readonly Phase[], reveal: (line: number) => () => void): HTMLElement {
  if (phases.length < 2) return el('p', { class: 'empty' }, 'The timeline reaches no milestone yet.');
  const total = Math.max(1, phases[phases.length - 1].minutes);
  const bar = el('div', { class: 'phase-bar', role: 'img', 'aria-label': `Phases over ${minutes(total)}` });
  for (let i = 1; i < phases.length; i++) {
    const span = phases[i].minutes - phases[i - 1].minutes;
    const segment = el('div', { class: `phase mark ${phases[i].milestone}`, title: `${PHASE_LABEL[phases[i - 1].milestone]} → ${PHASE_LABEL[phases[i].milestone]}: ${minutes(span)}` }, minutes(span));
    segment.style.flexGrow = String(Math.max(span, total / 50));
    bar.append(segment);
  }
  const list = el('ol', { class: 'phases' },
    ...phases.map((p) => el('li', {},
      button(`${p.clock ?? '?'}`, 'Go to this timeline row', reveal(p.line), 'link time'),
      el('span', { class: `dot mark ${p.milestone}` }),
      el('strong', {}, PHASE_LABEL[p.milestone]),
      el('span', { class: 'offset token' }, p.milestone === 'start' ? '' : `+${minutes(p.minutes)}`),
      el('span', { class: 'event' }, ...tokens(p.event)),
    )),
  );
  return el('div', {}, bar, list);
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
  return scrollable('Action items', el('table', { class: 'actions' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Priority'), el('th', {}, 'Action'), el('th', {}, 'Owner'), el('th', {}, 'Due'))),
    el('tbody', {}, ...items.map((a) => el('tr', {},
      el('td', {}, a.priority),
      el('td', {}, button(a.action || '(no action)', 'Go to this row', reveal(a.line))),
      el('td', {}, a.owner),
      el('td', {}, token(a.dueDate), a.overdue && el('span', { class: 'badge overdue' }, 'overdue')),
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
