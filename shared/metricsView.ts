// An RCA's computed metrics as markup: its badges, cards and timeline phases, drawn by the
// metrics preview (as DOM, client/src/webview/preview.ts) and by the static site's RCA pages
// (as HTML, server/src/site/sitePages.ts) from the server's RcaMetrics. What differs is only
// what a service name and a timeline row's time become: a link to a page, or a button.
import { h, tokenized, type Markup } from './markup';
import { PHASE_LABEL } from './phaseLabel';
import type { Phase, RcaMetrics } from './protocol';
import { minutes } from './reportCharts';

function badge(label: string, value: string | undefined, className: string): Markup {
  return h('span', { class: `badge ${className}`, title: label }, value ?? `no ${label.toLowerCase()}`);
}

/** Severity, status and date, then a chip per service (`chip` makes it: a link, or plain). */
export function metricsBadges(m: RcaMetrics, chip: (service: string) => Markup = (s) => h('span', { class: 'chip' }, s)): Markup {
  return h('p', { class: 'badges' },
    badge('Severity', m.severity, `severity ${(m.severity ?? '').toLowerCase()}`),
    badge('Status', m.status, 'status'),
    badge('Date', m.date, 'date'),
    ...m.services.map(chip),
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

function card(label: string, value: number | undefined, note?: readonly (Markup | string)[]): Markup {
  return h('div', { class: 'card' },
    h('div', { class: 'label' }, label),
    h('div', { class: 'value' }, minutes(value)),
    note && h('div', { class: 'note' }, ...note),
  );
}

/** The duration and the times to each milestone; with an impact start, the time to detect and the customer impact, and a note saying where the times count from. */
export function metricsCards(m: RcaMetrics): Markup[] {
  const cards = h('div', { class: 'cards' },
    card('Duration', m.durationMinutes, m.statedDurationMinutes !== undefined && m.statedDurationMinutes !== m.durationMinutes ? ['front matter says ', h('span', { class: 'token' }, minutes(m.statedDurationMinutes))] : [durationNote(m)]),
    m.timeToDetect !== undefined && card('Time to detect', m.timeToDetect, ['detected − impact started']),
    card('Time to acknowledge', m.timeToAcknowledge),
    card('Time to identify', m.timeToIdentify),
    card('Time to mitigate', m.timeToMitigate),
    card('Time to recover', m.timeToRecover),
    m.customerImpactMinutes !== undefined && card('Customer impact', m.customerImpactMinutes, ['impact started → recovered']),
  );
  return hasImpactStart(m) ? [cards, h('p', { class: 'note' }, 'Times to acknowledge, identify, mitigate and recover count from impact start.')] : [cards];
}

/** A bar per phase, as wide as the time it took, then the events as a list; `time` makes a row's time (a button to the row, or text). */
export function phaseChart(phases: readonly Phase[], time: (phase: Phase) => Markup): Markup {
  if (phases.length < 2) return h('p', { class: 'empty' }, 'The timeline reaches no milestone yet.');
  const total = Math.max(1, phases[phases.length - 1].minutes);
  return h('div', {},
    h('div', { class: 'phase-bar', role: 'img', 'aria-label': `Phases over ${minutes(total)}` }, ...phases.slice(1).map((p, i) => {
      const span = p.minutes - phases[i].minutes;
      return h('div', { class: `phase mark ${p.milestone}`, style: `flex-grow: ${Math.max(span, total / 50)}`, title: `${PHASE_LABEL[phases[i].milestone]} → ${PHASE_LABEL[p.milestone]}: ${minutes(span)}` }, minutes(span));
    })),
    h('ol', { class: 'phases' }, ...phases.map((p) => h('li', {},
      time(p),
      h('span', { class: `dot mark ${p.milestone}` }),
      h('strong', {}, PHASE_LABEL[p.milestone]),
      h('span', { class: 'offset token' }, p.milestone === 'start' ? '' : `+${minutes(p.minutes)}`),
      h('span', { class: 'event' }, ...tokenized(p.event)),
    ))),
  );
}
