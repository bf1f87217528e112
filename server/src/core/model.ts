// The parsed form of one Markdown document version. Every piece a rule or a
// feature may point at carries its exact source range.
import type { LineIndex, Range } from './text';

export interface RcaDocument {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly lines: LineIndex;
  readonly frontMatter: FrontMatter | undefined;
  readonly title: Heading | undefined;
  readonly headings: readonly Heading[];
  /** H2 sections, each with its H3 subsections. */
  readonly sections: readonly Section[];
  readonly summary: SummaryFacts | undefined;
  readonly timeline: Timeline | undefined;
  readonly impact: readonly Figure[];
  readonly affectedServices: AffectedServices | undefined;
  readonly customerImpact: readonly Figure[];
  readonly actionItems: readonly ActionItem[];
  /** The Timeline's and the Action Items' tables as written: what Format Document aligns. */
  readonly tables: readonly SectionTable[];
  readonly links: readonly WikiLink[];
  /** Ordinary Markdown links to workspace files (external URLs are left out), in document order. */
  readonly markdownLinks: readonly MarkdownLink[];
  /** `[[` that nothing closes, and `]` left after a link's `]]`: slips of typing, outside code. */
  readonly unbalancedLinks: readonly UnbalancedLink[];
  readonly footer: Footer | undefined;
  /** Codes turned off by `<!-- rca-disable ... -->`; `'*'` turns off all. */
  readonly disabledCodes: ReadonlySet<string>;
  /** Lines inside fenced code or an HTML comment: no Markdown is read there. */
  readonly hiddenLines: ReadonlySet<number>;
}

export interface FrontMatter {
  /** The opening `---` line. */
  readonly openRange: Range;
  /** The closing delimiter, absent when unterminated. */
  readonly closeRange: Range | undefined;
  /** Where the YAML text sits: between the delimiters. */
  readonly contentRange: Range;
  readonly fields: ReadonlyMap<string, FrontMatterField>;
  readonly errors: readonly YamlProblem[];
  /** The block ran into the document body: no closing delimiter before the first heading. */
  readonly unterminated: boolean;
}

export interface YamlProblem {
  readonly message: string;
  readonly range: Range;
}

export interface FrontMatterField {
  readonly key: string;
  readonly keyRange: Range;
  /** The value converted to plain JavaScript (string, number, boolean, array, object, null). */
  readonly value: unknown;
  /** The value's source range; a zero-width range after the colon when the value is empty. */
  readonly valueRange: Range;
  /** For sequences: each item with its range. */
  readonly items: readonly FrontMatterItem[] | undefined;
  /** `[a, b]` or `- a` lists; undefined for scalars. */
  readonly listStyle: 'flow' | 'block' | undefined;
}

export interface FrontMatterItem {
  readonly value: unknown;
  readonly range: Range;
}

export interface Heading {
  readonly level: number;
  readonly text: string;
  readonly slug: string;
  /** The whole heading line. */
  readonly range: Range;
  /** The heading's text without the `#` marks. */
  readonly textRange: Range;
}

export interface Section {
  readonly heading: Heading;
  /** From the heading line to the line before the next heading of the same or higher level. */
  readonly range: Range;
  readonly children: readonly Section[];
}

export interface NumberFact {
  readonly value: number;
  readonly range: Range;
}

export interface TextFact {
  readonly value: string;
  readonly range: Range;
}

export interface SummaryFacts {
  readonly date: TextFact | undefined;
  readonly durationMinutes: NumberFact | undefined;
  readonly usersAffected: NumberFact | undefined;
  readonly dependentServices: NumberFact | undefined;
}

export type Milestone = 'impactStarted' | 'detected' | 'acknowledged' | 'identified' | 'mitigated' | 'recovered' | 'resolved';
/** In the order an incident usually reaches them (impact may also start after the first alert). */
export const MILESTONES: readonly Milestone[] = ['impactStarted', 'detected', 'acknowledged', 'identified', 'mitigated', 'recovered', 'resolved'];

export interface TableCell {
  readonly text: string;
  readonly range: Range;
}

export interface TableRowCells {
  readonly line: number;
  readonly cells: readonly TableCell[];
}

/** A section's first table: the header line, then its delimiter row (`|---|`) on the next line, then the rows. */
export interface SectionTable {
  readonly section: Section;
  readonly headerLine: number;
  readonly header: readonly TableCell[];
  readonly rows: readonly TableRowCells[];
}

export interface TimelineRow {
  readonly line: number;
  readonly timeCell: TableCell;
  readonly eventCell: TableCell | undefined;
  /** Minutes since the first row, with midnight roll-overs applied; undefined when the time is unreadable. */
  readonly minutes: number | undefined;
  /** Clock time as written, normalised to `HH:MM` (or `YYYY-MM-DD HH:MM`). */
  readonly clock: string | undefined;
  /** True when this row steps backwards by less than 12 hours from the previous readable row. */
  readonly outOfOrder: boolean;
  /**
   * True when the row's day is unknown: without a date since the last dated row (or the
   * first row), the clock has passed midnight more than once by here. Then `minutes` is undefined.
   */
  readonly dayUnknown: boolean;
  readonly milestone: Milestone | undefined;
}

export interface Timeline {
  readonly section: Section;
  /** The rows with a time or an event (blank rows are left out). */
  readonly rows: readonly TimelineRow[];
  readonly headerLine: number;
  readonly header: readonly TableCell[];
  /** The table's last line: its last row, or its separator when it has none. */
  readonly lastLine: number;
  /** Which cells hold the time and the event. */
  readonly timeColumn: number;
  readonly eventColumn: number;
}

export interface Figure {
  /** A stable name: `requestsAffectedPercent`, `errorRatePercent`, `p99BeforeMs`, ... */
  readonly name: string;
  readonly value: number;
  readonly range: Range;
}

export interface AffectedServices {
  readonly heading: Heading;
  readonly items: readonly TextFact[];
}

export interface ActionItem {
  readonly line: number;
  readonly priority: TableCell | undefined;
  readonly action: TableCell | undefined;
  readonly owner: TableCell | undefined;
  readonly dueDate: TableCell | undefined;
  /** A Status column's cell, when the table has one. */
  readonly status: TableCell | undefined;
  /** A Ticket (Issue, Link, Tracker) column's cell, when the table has one. */
  readonly ticket: TableCell | undefined;
}

export interface WikiLink {
  /** From `[[` to `]]`. */
  readonly range: Range;
  readonly target: string;
  readonly targetRange: Range;
  readonly heading: string | undefined;
  readonly headingRange: Range | undefined;
  readonly alias: string | undefined;
  readonly aliasRange: Range | undefined;
}

/**
 * An ordinary Markdown link as CommonMark reads it: `[text](dest)` (or an image),
 * a link reference definition `[ref]: dest`, or a reference `[text][ref]`, `[ref][]`,
 * `[ref]` through its definition. External destinations (`https:`, `mailto:`, `//host`)
 * are not kept: they are never fetched or checked.
 */
export interface MarkdownLink {
  readonly kind: 'inline' | 'definition' | 'reference';
  /** The whole link (a definition: from `[` to the destination's end). */
  readonly range: Range;
  /** The path as written (escapes and `%XX` kept): what a rename rewrites. '' for `#heading`. */
  readonly rawPath: string;
  /** Where `rawPath` is: for a reference, on its definition's line. */
  readonly pathRange: Range;
  /** The path with escapes and percent-encoding decoded, without a `?query`. */
  readonly path: string;
  /** The `#fragment` decoded, or undefined without one. */
  readonly fragment: string | undefined;
  /** The fragment as written. */
  readonly rawFragment: string | undefined;
  /** Where the fragment is written (after `#`). */
  readonly fragmentRange: Range | undefined;
}

export interface UnbalancedLink {
  /** `unclosed`: an `[[` with no `]]` on its line; `stray`: `]`s after a link's `]]` that close nothing. */
  readonly kind: 'unclosed' | 'stray';
  /**
   * unclosed: from `[[` to the first `]` after it (included), else to the end of the
   * text before the next `[` or the line's end; stray: the extra `]`s.
   */
  readonly range: Range;
}

export interface Footer {
  readonly author: TextFact;
  readonly date: TextFact;
}
