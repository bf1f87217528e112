// The code lens above the Timeline: the MTTx figures at a glance.
import type { RcaDocument } from '../core/model';
import type { Range } from '../core/text';
import { timelineMetrics } from '../core/timeline';
import { phaseFigures } from './format';

export interface Lens {
  readonly range: Range;
  readonly title: string;
}

export function timelineLens(doc: RcaDocument): Lens | undefined {
  const metrics = timelineMetrics(doc.timeline);
  if (!doc.timeline || !metrics) return undefined;
  // From impact start when the timeline has one, else from the first event.
  const parts = phaseFigures(metrics, { customerImpact: true });
  if (parts.length === 0) return undefined;
  return { range: doc.timeline.section.heading.range, title: parts.join(' · ') };
}
