// Rules on the Timeline table and the duration computed from it.
import type { QuickFix, Rule } from '../core/diagnostics';
import type { Milestone, RcaDocument, TimelineRow } from '../core/model';
import { eolOf, spanRange } from '../core/text';
import { numberField } from '../core/fields';
import { MILESTONE_LABELS, MILESTONE_ORDER, expectedDuration, milestoneTag, timelineMetrics } from '../core/timeline';

export const timelineTime: Rule = ({ doc, report }) => {
  for (const row of doc.timeline?.rows ?? []) {
    if (row.clock !== undefined) continue;
    const shown = row.timeCell.text || '(empty)';
    report('timeline-time', row.timeCell.range, `"${shown}" is not a time; use HH:MM, HH:MM:SS or YYYY-MM-DD HH:MM`);
  }
};

export const timelineOrder: Rule = ({ doc, report }) => {
  const rows = doc.timeline?.rows ?? [];
  let previous: string | undefined;
  let fixes: QuickFix[] | undefined;
  for (const row of rows) {
    if (row.clock === undefined) continue;
    if (row.outOfOrder) {
      fixes ??= [sortRowsFix(doc, rows)];
      report('timeline-order', row.timeCell.range, `${row.clock} is earlier than the event before it (${previous}); rows must be in time order (a step back of over 12 hours counts as passing midnight)`, fixes);
    } else {
      previous = row.clock;
    }
  }
};

export const timelineDateMissing: Rule = ({ doc, report }) => {
  let inRun = false;
  for (const row of doc.timeline?.rows ?? []) {
    if (row.dayUnknown && !inRun) {
      report(
        'timeline-date-missing',
        row.timeCell.range,
        `The timeline passes midnight a second time without a date at ${row.clock}: write the date (YYYY-MM-DD ${row.clock}) on this row, else its day is a guess; until then it and the undated rows after it are not counted`,
      );
    }
    inRun = row.dayUnknown;
  }
};

export const milestoneOrder: Rule = ({ doc, report }) => {
  const milestones = timelineMetrics(doc.timeline)?.milestones;
  if (!milestones) return;
  const reported = new Set<Milestone>();
  for (const [before, after] of MILESTONE_ORDER) {
    const a = milestones[before];
    const b = milestones[after];
    if (!a || !b || b.minutes >= a.minutes || reported.has(after)) continue;
    reported.add(after);
    const row = b.row;
    report(
      'milestone-order',
      (row.eventCell ?? row.timeCell).range,
      `${MILESTONE_LABELS[after]} at ${row.clock} comes before ${MILESTONE_LABELS[before]} at ${a.row.clock}; check the times, or name the row's milestone with a tag such as ${milestoneTag(after)}`,
    );
  }
};

/** Rewrites the rows in time order; a row without a readable time stays after the row it followed. */
function sortRowsFix(doc: RcaDocument, rows: readonly TimelineRow[]): QuickFix {
  let key = -Infinity;
  const keyed = rows.map((row, index) => ({ row, index, key: (key = row.minutes ?? key) }));
  keyed.sort((a, b) => a.key - b.key || a.index - b.index);
  const first = rows[0].line;
  const last = rows[rows.length - 1].line;
  const newText = keyed.map((k) => doc.lines.lineText(k.row.line)).join(eolOf(doc.text));
  return { title: 'Sort the timeline rows by time', edits: [{ range: spanRange(first, 0, last, doc.lines.lineText(last).length), newText }], preferred: true };
}

export const durationMismatch: Rule = ({ doc, settings, report }) => {
  const declared = numberField(doc, 'duration_minutes');
  const metrics = timelineMetrics(doc.timeline);
  const expected = metrics && expectedDuration(metrics, settings.durationFrom);
  if (!declared || !expected || expected.minutes === declared.value) return;
  const end = metrics.milestones.resolved?.row.clock;
  const computed = String(expected.minutes);
  const from = settings.durationFrom === 'impact' ? ' from impact start' : '';
  report('duration-mismatch', declared.range, `duration_minutes is ${declared.value}, but the timeline spans ${computed} minutes${from} (${expected.from.clock} → ${end})`, [
    { title: `Set duration_minutes to ${computed}`, edits: [{ range: declared.range, newText: computed }], preferred: true },
  ]);
};
