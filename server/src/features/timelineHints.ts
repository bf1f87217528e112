// Inlay hints after each timeline time: minutes since impact started, else since the first event.
import type { RcaDocument } from '../core/model';
import type { Position, Range } from '../core/text';
import { timelineMetrics } from '../core/timeline';
import { formatMinutes, formatSigned } from './format';

export interface Hint {
  readonly position: Position;
  readonly label: string;
  readonly tooltip: string;
}

export function timelineHints(doc: RcaDocument, range?: Range): Hint[] {
  const rows = doc.timeline?.rows ?? [];
  const metrics = timelineMetrics(doc.timeline);
  const origin = metrics?.origin;
  if (!origin) return [];
  const from = metrics.milestones.impactStarted ? 'impact started' : 'the first event';
  return rows.flatMap((row) => {
    if (row === origin.row || row.minutes === undefined || row.outOfOrder) return [];
    if (range && (row.line < range.start.line || row.line > range.end.line)) return [];
    const offset = row.minutes - origin.minutes;
    const when = offset < 0 ? `${formatMinutes(-offset)} before` : `${formatMinutes(offset)} after`;
    return [{ position: row.timeCell.range.end, label: formatSigned(offset), tooltip: `${when} ${from} (${origin.row.clock})` }];
  });
}
