// What the report's charts draw and say: their series, tooltips, accessible labels
// and legends, from the server's Report. The dashboard draws them at its panel's width,
// the static site at a fixed one; both call these.
import { type ColumnSeries, type LineSeries, type Periods } from './chart';
import { h, type Markup } from './markup';
import type { ImpactQuarter, QuarterTimes, Report, Spread } from './protocol';

/** Palette classes (common.css), one per severity in the order of the filter's choices: a severity keeps its colour whatever the filter. */
const SERIES = 6;
/** The four lines of the quarter chart: time to resolve and to mitigate, each as median (solid) and p90 (dashed). */
const QUARTER_LINES = [
  { label: 'resolve, median', className: 'series-resolve', dashed: false, value: (q: QuarterTimes) => q.timeToResolve.median },
  { label: 'resolve, p90', className: 'series-resolve', dashed: true, value: (q: QuarterTimes) => q.timeToResolve.p90 },
  { label: 'mitigate, median', className: 'series-mitigate', dashed: false, value: (q: QuarterTimes) => q.timeToMitigate.median },
  { label: 'mitigate, p90', className: 'series-mitigate', dashed: true, value: (q: QuarterTimes) => q.timeToMitigate.p90 },
];
/** The impact chart, drawn when an RCA's timeline has an impact-started row: time to detect and customer impact. */
const IMPACT_LINES = [
  { label: 'time to detect, median', className: 'series-detect', dashed: false, value: (q: ImpactQuarter) => q.timeToDetect.median },
  { label: 'time to detect, p90', className: 'series-detect', dashed: true, value: (q: ImpactQuarter) => q.timeToDetect.p90 },
  { label: 'customer impact, median', className: 'series-impact', dashed: false, value: (q: ImpactQuarter) => q.customerImpact.median },
  { label: 'customer impact, p90', className: 'series-impact', dashed: true, value: (q: ImpactQuarter) => q.customerImpact.p90 },
];

interface Line<Q> {
  readonly label: string;
  readonly className: string;
  readonly dashed: boolean;
  value(q: Q): number | undefined;
}

export interface ChartSpec<S> {
  /** The chart's accessible name: what it shows, with its figures where they are few. */
  readonly label: string;
  readonly periods: Periods;
  readonly series: readonly S[];
  /** The tooltip of period `i`. */
  title(i: number): string;
  /** The legend under the chart. */
  readonly legend: Markup;
}

export function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** `72 min`; `—` when unknown. */
export function minutes(value: number | undefined): string {
  return value === undefined ? '—' : `${value.toLocaleString('en-US')} min`;
}

export function spreadText(s: Spread): string {
  return s.median === undefined ? '—' : `median ${minutes(s.median)}, p90 ${minutes(s.p90)} (n=${s.count})`;
}

/** Stacked columns, one per month, a segment per severity; the legend lists the severities counted. Undefined without dated RCAs. */
export function monthChart(report: Report): ChartSpec<ColumnSeries> | undefined {
  const months = report.byMonth;
  if (months.length === 0) return undefined;
  const palette = (s: string) => {
    const i = report.choices.severities.indexOf(s);
    return i < 0 ? 'series-none' : `series-${i % SERIES}`;
  };
  // Own counts only: a severity may be named like an Object method (`constructor`).
  const count = (i: number, s: string) => (Object.hasOwn(months[i].bySeverity, s) ? months[i].bySeverity[s] : 0);
  return {
    label: `Incidents by month, ${months[0].month} to ${months[months.length - 1].month}: ${months.filter((m) => m.total > 0).map((m) => `${m.month} ${m.total}`).join(', ')}`,
    periods: { names: months.map((m) => m.month), perYear: 12 },
    series: report.monthSeverities.map((s) => ({ className: palette(s), values: months.map((_, i) => count(i, s)) })),
    title: (i) => {
      const m = months[i];
      const parts = report.monthSeverities.filter((s) => count(i, s) > 0).map((s) => `${s}: ${count(i, s)}`);
      return `${m.month}: ${plural(m.total, 'incident')}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
    },
    legend: h('p', { class: 'legend' }, ...report.monthSeverities.map((s) => h('span', {}, h('span', { class: `swatch mark ${palette(s)}` }), s === 'none' ? 'no severity' : s))),
  };
}

/** The median and p90 of the time to resolve and to mitigate, a line each, by quarter. Undefined without dated RCAs. */
export function quarterChart(quarters: readonly QuarterTimes[]): ChartSpec<LineSeries> | undefined {
  if (quarters.length === 0) return undefined;
  return linesChart(
    quarters,
    QUARTER_LINES.map((l) => ({ ...l, label: `time to ${l.label}` })),
    `Median and 90th percentile of the time to resolve and to mitigate by quarter, ${quarters[0].quarter} to ${quarters[quarters.length - 1].quarter}`,
    (i) => {
      const q = quarters[i];
      if (q.incidents === 0) return `${q.quarter}: no incidents`;
      return `${q.quarter}, ${plural(q.incidents, 'incident')}\ntime to resolve: ${spreadText(q.timeToResolve)}\ntime to mitigate: ${spreadText(q.timeToMitigate)}`;
    },
  );
}

/** Whether any RCA counted has an impact start, so that the impact chart has something to draw. */
export function hasImpact(impact: readonly ImpactQuarter[]): boolean {
  return impact.some((q) => q.timeToDetect.count > 0 || q.customerImpact.count > 0);
}

/** The median and p90 of the time to detect and of the customer impact, a line each, by quarter (`impact[i]` is the quarter of `quarters[i]`). Undefined when no RCA has an impact start. */
export function impactChart(quarters: readonly QuarterTimes[], impact: readonly ImpactQuarter[]): ChartSpec<LineSeries> | undefined {
  if (!hasImpact(impact)) return undefined;
  return linesChart(
    impact,
    IMPACT_LINES,
    `Median and 90th percentile of the time to detect and of the customer impact by quarter, ${impact[0].quarter} to ${impact[impact.length - 1].quarter}`,
    (i) => {
      const q = impact[i];
      if (quarters[i].incidents === 0) return `${q.quarter}: no incidents`;
      return `${q.quarter}, ${plural(quarters[i].incidents, 'incident')}\ntime to detect: ${spreadText(q.timeToDetect)}\ncustomer impact: ${spreadText(q.customerImpact)}`;
    },
  );
}

/** Lines over the quarters, a legend under them; a line with no value in any quarter is left out. */
function linesChart<Q extends { readonly quarter: string }>(quarters: readonly Q[], all: readonly Line<Q>[], label: string, title: (i: number) => string): ChartSpec<LineSeries> {
  const lines = all.filter((l) => quarters.some((q) => l.value(q) !== undefined));
  return {
    label,
    periods: { names: quarters.map((q) => q.quarter), perYear: 4 },
    series: lines.map((l) => ({ className: l.className, dashed: l.dashed, values: quarters.map((q) => l.value(q)) })),
    title,
    legend: h('p', { class: 'legend' }, ...lines.map((l) => h('span', {}, h('span', { class: `key mark ${l.className}${l.dashed ? ' dashed' : ''}` }), l.label))),
  };
}
