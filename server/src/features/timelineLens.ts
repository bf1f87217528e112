// The code lens above the Timeline: the MTTx figures at a glance.
import type { RcaDocument } from '../core/model';
import type { Range } from '../core/text';
import { timelineMetrics } from '../core/timeline';
import { formatMinutes } from './format';

export interface Lens {
  readonly range: Range;
  readonly title: string;
}

export function timelineLens(doc: RcaDocument): Lens | undefined {
  const metrics = timelineMetrics(doc.timeline);
  if (!doc.timeline || !metrics) return undefined;
  // From impact start when the timeline has one, else from the first event.
  const parts = (
    [
      ['detect', metrics.timeToDetect],
      ['acknowledge', metrics.timeToAcknowledge],
      ['identify', metrics.timeToIdentify],
      ['mitigate', metrics.timeToMitigate],
      ['recover', metrics.timeToRecover],
      ['resolve', metrics.timeToResolve],
      ['customer impact', metrics.customerImpactMinutes],
    ] as const
  ).flatMap(([label, minutes]) => (minutes === undefined ? [] : [`${label} ${formatMinutes(minutes)}`]));
  if (parts.length === 0) return undefined;
  return { range: doc.timeline.section.heading.range, title: parts.join(' · ') };
}
