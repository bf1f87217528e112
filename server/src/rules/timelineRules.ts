// Rules on the Timeline table and the duration computed from it.
import type { Rule } from '../core/diagnostics';
import { numberField } from '../core/fields';
import { timelineMetrics } from '../core/timeline';

export const timelineTime: Rule = ({ doc, report }) => {
  for (const row of doc.timeline?.rows ?? []) {
    if (row.clock !== undefined) continue;
    const shown = row.timeCell.text || '(empty)';
    report('timeline-time', row.timeCell.range, `"${shown}" is not a time; use HH:MM, HH:MM:SS or YYYY-MM-DD HH:MM`);
  }
};

export const timelineOrder: Rule = ({ doc, report }) => {
  let previous: string | undefined;
  for (const row of doc.timeline?.rows ?? []) {
    if (row.clock === undefined) continue;
    if (row.outOfOrder) {
      report('timeline-order', row.timeCell.range, `${row.clock} is earlier than the event before it (${previous}); rows must be in time order (a step back of over 12 hours counts as passing midnight)`);
    } else {
      previous = row.clock;
    }
  }
};

export const durationMismatch: Rule = ({ doc, report }) => {
  const declared = numberField(doc, 'duration_minutes');
  const metrics = timelineMetrics(doc.timeline);
  if (!declared || metrics?.durationMinutes === undefined || metrics.durationMinutes === declared.value) return;
  const start = metrics.start?.clock;
  const end = metrics.milestones.resolved?.row.clock;
  report('duration-mismatch', declared.range, `duration_minutes is ${declared.value}, but the timeline spans ${metrics.durationMinutes} minutes (${start} → ${end})`);
};
