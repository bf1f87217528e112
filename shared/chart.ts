// The dashboard's time-series charts: stacked columns (incidents by month) and
// lines (median and p90 by quarter), drawn as SVG by hand from the server's figures,
// as markup: the webview makes it DOM at the width its box has, the static site HTML.
//
// Hand-written rather than a charting library because:
// - size: the VSIX must stay under 1 MB; Chart.js is ~200 KB minified, ECharts ~1 MB,
//   a D3 subset ~90 KB; this module is a few KB of the dashboard's bundle.
// - CSP: the webview allows only its own nonce'd script and stylesheet: no eval, no
//   inline <style> or style attributes. Libraries that inject styles or compile
//   templates break there; this draws with SVG geometry attributes and CSS classes.
// - theming: every colour is a class styled with VS Code's theme variables (common.css),
//   so a theme change restyles the charts without a redraw, and text stays real text.
// - no new dependency can be installed for the project.
// The axes are laid out for the width the chart has: period labels are thinned to
// the ones that fit (every month, quarter, year, or every few years) and never overlap.
import { h as svg, type Markup } from './markup';

/** Axis label font size in px (common.css `.chart text`) and a generous width per character of a date. */
const FONT_PX = 11;
const CHAR_PX = FONT_PX * 0.62;
const LABEL_GAP_PX = 10;
/** A lone column is no wider than this, whatever the width. */
const MAX_COLUMN_PX = 36;
const Y_TICKS = 4;

/** Calendar periods along the x axis: `YYYY-MM` (12 a year) or `YYYY-Qn` (4 a year), oldest first. */
export interface Periods {
  readonly names: readonly string[];
  readonly perYear: 12 | 4;
}

export interface ColumnSeries {
  /** A palette class of common.css (`series-0` …). */
  readonly className: string;
  /** One value per period. */
  readonly values: readonly number[];
}

export interface LineSeries {
  readonly className: string;
  readonly dashed: boolean;
  /** One value per period; undefined breaks the line. */
  readonly values: readonly (number | undefined)[];
}

/** Columns stacked from `series`, one per period, with `title(i)` as each column's tooltip. */
export function columnChart(periods: Periods, series: readonly ColumnSeries[], title: (i: number) => string, width: number, height: number): Markup {
  const totals = periods.names.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const frame = new Frame(periods, Math.max(...totals, 0), width, height, true);
  const { band, plot } = frame;
  const columnWidth = Math.max(1, Math.min(band * 0.7, MAX_COLUMN_PX));
  const columns = periods.names.map((_, i) => {
    const x = frame.x(i) - columnWidth / 2;
    let sum = 0;
    const segments = series.map((s) => {
      const value = s.values[i] ?? 0;
      if (value <= 0) return undefined;
      const bottom = frame.y(sum);
      sum += value;
      const top = frame.y(sum);
      return svg('rect', { class: `mark ${s.className}`, x: round(x), y: round(top), width: round(columnWidth), height: round(bottom - top) });
    });
    // The count above the column, where there is room for it.
    const count = String(totals[i]);
    const countFits = totals[i] > 0 && band >= count.length * CHAR_PX + 4;
    return svg('g', { class: 'column' },
      ...segments,
      countFits && svg('text', { class: 'count', x: round(frame.x(i)), y: round(frame.y(sum) - 4), 'text-anchor': 'middle' }, count),
      // The whole height of the period shows the tooltip, so that a short column is easy to point at.
      svg('rect', { class: 'hit', x: round(frame.x(i) - band / 2), y: plot.top, width: round(band), height: plot.bottom - plot.top }, svg('title', {}, title(i))),
    );
  });
  return frame.svg(...columns);
}

/** Lines from `series` with a dot on each value, and `title(i)` as each period's tooltip. */
export function lineChart(periods: Periods, series: readonly LineSeries[], title: (i: number) => string, width: number, height: number): Markup {
  const max = Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== undefined)));
  const frame = new Frame(periods, max, width, height, false);
  const { band, plot } = frame;
  const lines = series.map((s) => {
    // A gap (a period without a value) lifts the pen.
    let path = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v !== undefined) path += `${pen ? 'L' : 'M'}${round(frame.x(i))},${round(frame.y(v))}`;
      pen = v !== undefined;
    });
    const dots = s.values.map((v, i) => v !== undefined && svg('circle', { class: `mark point ${s.className}`, cx: round(frame.x(i)), cy: round(frame.y(v)), r: 3 }));
    return svg('g', { class: `line ${s.className}${s.dashed ? ' dashed' : ''}` }, path && svg('path', { class: `mark stroke ${s.className}`, d: path }), ...dots);
  });
  const hits = periods.names.map((_, i) => svg('rect', { class: 'hit', x: round(frame.x(i) - band / 2), y: plot.top, width: round(band), height: plot.bottom - plot.top }, svg('title', {}, title(i))));
  return frame.svg(...lines, ...hits);
}

/** The plot area, scales and axes shared by both charts. */
class Frame {
  readonly band: number;
  readonly plot: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number };
  private readonly ticks: readonly number[];
  private readonly top: number;

  constructor(private readonly periods: Periods, max: number, private readonly width: number, private readonly height: number, integers: boolean) {
    this.ticks = valueTicks(max, integers);
    this.top = this.ticks[this.ticks.length - 1];
    const valueLabelWidth = Math.max(...this.ticks.map((t) => formatValue(t).length)) * CHAR_PX;
    // Half a period label on either side: the first and last labels stay inside.
    const halfLabel = (periods.names[0]?.length ?? 0) * CHAR_PX / 2;
    this.plot = { left: Math.ceil(Math.max(valueLabelWidth + 8, halfLabel)), right: Math.floor(width - halfLabel - 2), top: FONT_PX + 8, bottom: height - FONT_PX - 10 };
    this.band = (this.plot.right - this.plot.left) / Math.max(1, periods.names.length);
  }

  x(i: number): number {
    return this.plot.left + this.band * (i + 0.5);
  }

  y(value: number): number {
    return this.plot.bottom - (value / this.top) * (this.plot.bottom - this.plot.top);
  }

  svg(...content: Markup[]): Markup {
    const { left, right, bottom } = this.plot;
    const grid = this.ticks.map((t) => svg('g', {},
      svg('line', { class: t === 0 ? 'axis' : 'grid', x1: left, x2: right, y1: round(this.y(t)), y2: round(this.y(t)) }),
      svg('text', { class: 'tick value', x: left - 6, y: round(this.y(t)), 'text-anchor': 'end', 'dominant-baseline': 'middle' }, formatValue(t)),
    ));
    const labels = periodTicks(this.periods, this.band).map(({ index, text }) =>
      svg('text', { class: 'tick period', x: round(this.x(index)), y: bottom + 6, 'text-anchor': 'middle', 'dominant-baseline': 'hanging' }, text));
    return svg('svg', { width: this.width, height: this.height, viewBox: `0 0 ${this.width} ${this.height}`, 'aria-hidden': 'true' }, ...grid, ...labels, ...content);
  }
}

/** 0 and round steps (1, 2 or 5 × 10ⁿ) up to at least `max`; whole steps for counts. */
export function valueTicks(max: number, integers: boolean): number[] {
  const raw = Math.max(max, integers ? 1 : 0.1) / Y_TICKS;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  if (integers) step = Math.max(1, Math.round(step));
  const count = Math.max(1, Math.ceil(max / step));
  return Array.from({ length: count + 1 }, (_, i) => Math.round(i * step * 1000) / 1000);
}

function formatValue(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * The period labels that fit a band of `band` px each: every period when they fit,
 * else every 2nd, 3rd… aligned to the calendar (quarters of a year, whole years),
 * and from a year up, the year alone at its first period.
 */
export function periodTicks(periods: Periods, band: number): { index: number; text: string }[] {
  const { names, perYear } = periods;
  if (names.length === 0) return [];
  const steps = perYear === 12 ? [1, 2, 3, 6, 12, 24, 60, 120, 240, 600] : [1, 2, 4, 8, 20, 40, 80, 200];
  const fits = (step: number) => step * band >= (step >= perYear ? 4 : names[0].length) * CHAR_PX + LABEL_GAP_PX;
  const step = steps.find(fits) ?? steps[steps.length - 1];
  const ticks: { index: number; text: string }[] = [];
  names.forEach((name, index) => {
    const number = Number(name.slice(0, 4)) * perYear + Number(name.slice(perYear === 12 ? 5 : 6)) - 1;
    if (number % step !== 0) return;
    ticks.push({ index, text: step >= perYear ? name.slice(0, 4) : name });
  });
  // An axis that never reaches an aligned period (a few periods, far apart) still gets its first.
  return ticks.length > 0 ? ticks : [{ index: 0, text: step >= perYear ? names[0].slice(0, 4) : names[0] }];
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
