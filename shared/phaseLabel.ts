// Milestone names for people (the wire's are camelCase keys). No runtime imports:
// the webviews bundle this.
import type { Phase } from './protocol';

/** How the preview, the site and the RCA Timeline view name a phase's milestone. */
export const PHASE_LABEL: Readonly<Record<Phase['milestone'], string>> = {
  start: 'Start',
  impactStarted: 'Impact started',
  detected: 'Detected',
  acknowledged: 'Acknowledged',
  identified: 'Identified',
  mitigated: 'Mitigated',
  recovered: 'Recovered',
  resolved: 'Resolved',
};
