// Inlay hints after each timeline time: minutes since the first event.
import type { RcaDocument } from '../core/model';
import type { Position, Range } from '../core/text';
import { formatMinutes } from './format';

export interface Hint {
  readonly position: Position;
  readonly label: string;
  readonly tooltip: string;
}

export function timelineHints(doc: RcaDocument, range?: Range): Hint[] {
  const rows = doc.timeline?.rows ?? [];
  const first = rows.find((r) => r.minutes !== undefined);
  return rows.flatMap((row) => {
    if (row === first || row.minutes === undefined || row.outOfOrder) return [];
    if (range && (row.line < range.start.line || row.line > range.end.line)) return [];
    return [{ position: row.timeCell.range.end, label: `+${formatMinutes(row.minutes)}`, tooltip: `${formatMinutes(row.minutes)} after the first event (${first?.clock})` }];
  });
}
