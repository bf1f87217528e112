// The figures the report gives per incident from its timeline besides the times to resolve and
// mitigate: one list for the index's summaries, the report's JSON fields and its CSV columns.

/** JSON field (also the index summary's) and CSV column, in the CSV's order. */
export const INCIDENT_TIMELINE_FIGURES = [
  ['impactStart', 'impact_start'],
  ['timeToDetect', 'time_to_detect_min'],
  ['timeToAcknowledge', 'time_to_acknowledge_min'],
  ['timeToIdentify', 'time_to_identify_min'],
  ['timeToRecover', 'time_to_recover_min'],
  ['customerImpactMinutes', 'customer_impact_min'],
] as const;

type Figure = (typeof INCIDENT_TIMELINE_FIGURES)[number][0];

/**
 * `impactStart`: the Impact started row's time as the timeline writes it (`HH:MM`, or with its
 * date); the others in minutes, from impact started (else the first row) to the milestone, but
 * time to detect (detected − impact started) and customer impact (impact started → recovered).
 * Undefined when the timeline lacks a milestone one needs.
 */
export type IncidentTimelineFigures = { readonly [F in Figure]: F extends 'impactStart' ? string | undefined : number | undefined };

/** The figures alone, out of an object that has them (an RCA's summary in the index). */
export function incidentTimelineFigures(from: IncidentTimelineFigures): IncidentTimelineFigures {
  // Spelled out, not built from the list: a start from the stored index makes 100,000 of them.
  // The type makes a figure added to the list a compile error here until it is added.
  const { impactStart, timeToDetect, timeToAcknowledge, timeToIdentify, timeToRecover, customerImpactMinutes } = from;
  return { impactStart, timeToDetect, timeToAcknowledge, timeToIdentify, timeToRecover, customerImpactMinutes };
}
