// How durations and dates read in hovers, lenses and hints.
import type { TimelineMetrics } from '../core/timeline';

export function formatMinutes(minutes: number): string {
  const m = Math.round(minutes);
  if (Math.abs(m) < 120) return `${m}m`;
  const hours = Math.trunc(m / 60);
  const rest = Math.abs(m % 60);
  return rest === 0 ? `${hours}h` : `${hours}h ${rest}m`;
}

/** `+15m`, `-5m`: an offset from a reference time. */
export function formatSigned(minutes: number): string {
  return Math.round(minutes) < 0 ? formatMinutes(minutes) : `+${formatMinutes(minutes)}`;
}

/** Document text shown inline in Markdown hovers renders as text, never as markup or HTML. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>&]/g, (c) => `\\${c}`);
}

/** The times to detect … resolve a timeline reaches, as `detect 5m`; the customer impact too when asked. */
export function phaseFigures(metrics: TimelineMetrics, { customerImpact = false } = {}): string[] {
  const figures: [string, number | undefined][] = [
    ['detect', metrics.timeToDetect],
    ['acknowledge', metrics.timeToAcknowledge],
    ['identify', metrics.timeToIdentify],
    ['mitigate', metrics.timeToMitigate],
    ['recover', metrics.timeToRecover],
    ['resolve', metrics.timeToResolve],
  ];
  if (customerImpact) figures.push(['customer impact', metrics.customerImpactMinutes]);
  return figures.flatMap(([label, minutes]) => (minutes === undefined ? [] : [`${label} ${formatMinutes(minutes)}`]));
}
