// Parses one document version into the RcaDocument model.
import { parseFrontMatter } from './frontMatter';
import { proseLine, readListItems, readTable, scanBody, type ListItem, type MarkdownBody, type Table } from './markdown';
import type { ActionItem, AffectedServices, Figure, Footer, FrontMatter, Heading, RcaDocument, Section, SectionTable, SummaryFacts, TableCell, Timeline } from './model';
import { SECTIONS } from './schema';
import type { RcaSettings } from './settings';
import { LineIndex, lineRange, type Range } from './text';
import { calendarDateDay } from '../../../shared/calendarDay';
import { buildTimeline } from './timeline';

export function parseDocument(uri: string, version: number, text: string, settings: RcaSettings): RcaDocument {
  return new ParsedDocument(uri, version, text, settings);
}

/**
 * Front matter, headings and links are read at once: every feature and the
 * index need them. The RCA facts (Summary, Timeline, figures, Affected
 * Services, Action Items, footer) are read on first use and kept: indexing a
 * workspace never asks for them, diagnostics ask once per version.
 */
class ParsedDocument implements RcaDocument {
  readonly lines: LineIndex;
  readonly frontMatter: RcaDocument['frontMatter'];
  readonly title: RcaDocument['title'];
  readonly headings: RcaDocument['headings'];
  readonly links: RcaDocument['links'];
  readonly markdownLinks: RcaDocument['markdownLinks'];
  readonly unbalancedLinks: RcaDocument['unbalancedLinks'];
  readonly disabledCodes: RcaDocument['disabledCodes'];
  readonly hiddenLines: RcaDocument['hiddenLines'];
  private readonly body: MarkdownBody;
  private readonly facts = new Map<string, unknown>();

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    private readonly settings: RcaSettings,
  ) {
    this.lines = new LineIndex(text);
    const { frontMatter, bodyStart } = parseFrontMatter(text, this.lines);
    this.frontMatter = frontMatter;
    this.body = scanBody(this.lines, bodyStart >= text.length ? this.lines.lineCount : this.lines.positionAt(bodyStart).line);
    this.headings = this.body.headings;
    this.links = this.body.links;
    this.markdownLinks = this.body.markdownLinks;
    this.unbalancedLinks = this.body.unbalancedLinks;
    this.disabledCodes = this.body.disabledCodes;
    this.hiddenLines = this.body.hiddenLines;
    this.title = this.headings.find((h) => h.level === 1);
  }

  private fact<T>(name: string, read: () => T): T {
    if (!this.facts.has(name)) this.facts.set(name, read());
    return this.facts.get(name) as T;
  }

  get sections(): readonly Section[] {
    return this.fact('sections', () => buildSections(this.headings, this.lines));
  }

  get summary(): SummaryFacts | undefined {
    return this.fact('summary', () => {
      const section = findSection(this.sections, SECTIONS.summary, 2);
      return section && summaryFacts(this.body, ownRange(section), this.lines);
    });
  }

  /** The first table of an H2 section, read once for every use. */
  private sectionTable(title: string): SectionTable | undefined {
    return this.fact(`table ${title}`, () => {
      const section = findSection(this.sections, title, 2);
      const table = section && firstTableIn(this.body, section.range, this.lines);
      return section && table && { section, ...table };
    });
  }

  get timeline(): Timeline | undefined {
    return this.fact('timeline', () => {
      const table = this.sectionTable(SECTIONS.timeline);
      return table ? buildTimeline(table, table.section, this.settings, incidentDay(this.frontMatter)) : undefined;
    });
  }

  get tables(): readonly SectionTable[] {
    return [this.sectionTable(SECTIONS.timeline), this.sectionTable(SECTIONS.actionItems)].filter((t): t is SectionTable => t !== undefined);
  }

  get impact(): readonly Figure[] {
    return this.fact('impact', () => {
      const section = findSection(this.sections, SECTIONS.impact, 2);
      return section ? figures(this.body, ownRange(section), this.lines, IMPACT_FIGURES) : [];
    });
  }

  get affectedServices(): AffectedServices | undefined {
    return this.fact('affectedServices', () => {
      const section = findSection(this.sections, SECTIONS.affectedServices, 3);
      return section && affectedServices(section, readListItems(this.body, this.lines, section.range.start.line + 1, section.range.end.line));
    });
  }

  get customerImpact(): readonly Figure[] {
    return this.fact('customerImpact', () => {
      const section = findSection(this.sections, SECTIONS.customerImpact, 3);
      return section ? figures(this.body, ownRange(section), this.lines, CUSTOMER_FIGURES) : [];
    });
  }

  get actionItems(): readonly ActionItem[] {
    return this.fact('actionItems', () => {
      const table = this.sectionTable(SECTIONS.actionItems);
      return table ? actionItems(table) : [];
    });
  }

  get footer(): Footer | undefined {
    return this.fact('footer', () => footer(this.body, this.lines));
  }
}

function buildSections(headings: readonly Heading[], lines: LineIndex): Section[] {
  const endLine = (index: number, level: number) => {
    for (let j = index + 1; j < headings.length; j++) if (headings[j].level <= level) return headings[j].range.start.line - 1;
    return lines.lineCount - 1;
  };
  const make = (index: number, children: Section[]): Section => {
    const heading = headings[index];
    const last = endLine(index, heading.level);
    return { heading, range: { start: heading.range.start, end: { line: last, character: lines.lineText(last).length } }, children };
  };
  const sections: Section[] = [];
  for (let i = 0; i < headings.length; i++) {
    if (headings[i].level !== 2) continue;
    const children: Section[] = [];
    for (let j = i + 1; j < headings.length && headings[j].level > 2; j++) if (headings[j].level === 3) children.push(make(j, []));
    sections.push(make(i, children));
  }
  return sections;
}

function findSection(sections: readonly Section[], title: string, level: number): Section | undefined {
  const wanted = title.toLowerCase();
  const all = level === 2 ? sections : sections.flatMap((s) => s.children);
  return all.find((s) => s.heading.text.trim().toLowerCase() === wanted);
}

/** A section's lines before its first subsection. */
function ownRange(section: Section): Range {
  const firstChild = section.children[0];
  return firstChild ? { start: section.range.start, end: { line: firstChild.range.start.line - 1, character: 0 } } : section.range;
}

const within = (line: number, range: Range) => line > range.start.line && line <= range.end.line;

function firstTableIn(body: MarkdownBody, range: Range, lines: LineIndex) {
  const span = body.tableSpans.find((t) => within(t.headerLine, range));
  return span && readTable(body, lines, span);
}

interface FigurePattern {
  readonly pattern: RegExp;
  /** Which capture groups become figures, by name. */
  readonly groups: readonly string[];
}

const NUMBER = String.raw`(\d[\d,]*(?:\.\d+)?)`;
/**
 * A NUMBER that starts a pattern: tried only where a run of digits and commas
 * starts. Tried inside a run, a long run of digits is rescanned from each of its
 * digits (quadratic); a match inside a run is never the leftmost one anyway.
 */
const LEADING_NUMBER = String.raw`(?<![\d,]),*${NUMBER}`;
const IMPACT_FIGURES: readonly FigurePattern[] = [
  { pattern: new RegExp(String.raw`${LEADING_NUMBER}\s*% of requests`, 'di'), groups: ['requestsAffectedPercent'] },
  // `(?!error rate)`: each `error rate` of a line scans only to the next one, not to the line's end.
  { pattern: new RegExp(String.raw`error rate(?:(?!error rate)[^:\n])*:\s*${NUMBER}\s*%(?:\s*\(baseline:\s*(?:<\s*)?${NUMBER}\s*%\))?`, 'di'), groups: ['errorRatePercent', 'errorRateBaselinePercent'] },
  { pattern: new RegExp(String.raw`p99 went from ${NUMBER}\s*ms to ${NUMBER}\s*ms`, 'di'), groups: ['p99BeforeMs', 'p99AfterMs'] },
];
const CUSTOMER_FIGURES: readonly FigurePattern[] = [
  { pattern: new RegExp(String.raw`${LEADING_NUMBER} customer-facing errors`, 'di'), groups: ['customerFacingErrors'] },
  { pattern: new RegExp(String.raw`${LEADING_NUMBER} support tickets`, 'di'), groups: ['supportTickets'] },
  { pattern: new RegExp(String.raw`revenue impact:\s*\$\s*${NUMBER}`, 'di'), groups: ['revenueImpact'] },
  { pattern: new RegExp(String.raw`${LEADING_NUMBER} (?:users|customers) affected`, 'di'), groups: ['usersAffected'] },
];

/** A capture group of a match on one line (the pattern has the `d` flag), with its range. */
function captured(match: RegExpExecArray, group: number, line: number): { text: string; range: Range } | undefined {
  const at = match.indices?.[group];
  return at && { text: match[group], range: lineRange(line, at[0], at[1]) };
}

/** `7,082` → 7082. */
function numberOf(text: string): number {
  return Number(text.replace(/,/g, ''));
}

/** The prose lines of a section's range, after its heading line. */
function* proseIn(body: MarkdownBody, range: Range, lines: LineIndex): Generator<[number, string]> {
  for (let line = range.start.line + 1; line <= range.end.line; line++) {
    const text = proseLine(body, lines, line);
    if (text !== undefined && text.trim() !== '') yield [line, text];
  }
}

function figures(body: MarkdownBody, range: Range, lines: LineIndex, patterns: readonly FigurePattern[]): Figure[] {
  const found: Figure[] = [];
  const seen = new Set<string>();
  for (const [line, text] of proseIn(body, range, lines)) {
    for (const { pattern, groups } of patterns) {
      const match = pattern.exec(text);
      if (!match) continue;
      groups.forEach((name, g) => {
        const group = captured(match, g + 1, line);
        if (!group || seen.has(name)) return;
        seen.add(name);
        found.push({ name, value: numberOf(group.text), range: group.range });
      });
    }
  }
  return found;
}

const SUMMARY_DATE = /\b(\d{4}-\d{2}-\d{2})\b/d;
const SUMMARY_DURATION = new RegExp(String.raw`lasted (?:approximately |about |around )?${NUMBER} minutes`, 'di');
const SUMMARY_USERS = new RegExp(String.raw`affected ${NUMBER} users`, 'di');
const SUMMARY_SERVICES = new RegExp(String.raw`${LEADING_NUMBER} dependent services`, 'di');

function summaryFacts(body: MarkdownBody, range: Range, lines: LineIndex): SummaryFacts {
  let date: SummaryFacts['date'];
  let durationMinutes: SummaryFacts['durationMinutes'];
  let usersAffected: SummaryFacts['usersAffected'];
  let dependentServices: SummaryFacts['dependentServices'];
  for (const [line, text] of proseIn(body, range, lines)) {
    const capture = (pattern: RegExp) => {
      const match = pattern.exec(text);
      return match ? captured(match, 1, line) : undefined;
    };
    const asNumber = (c: { text: string; range: Range } | undefined) => c && { value: numberOf(c.text), range: c.range };
    const d = capture(SUMMARY_DATE);
    date ??= d && { value: d.text, range: d.range };
    durationMinutes ??= asNumber(capture(SUMMARY_DURATION));
    usersAffected ??= asNumber(capture(SUMMARY_USERS));
    dependentServices ??= asNumber(capture(SUMMARY_SERVICES));
  }
  return { date, durationMinutes, usersAffected, dependentServices };
}

function affectedServices(section: Section, items: readonly ListItem[]): AffectedServices {
  return {
    heading: section.heading,
    items: items.filter((i) => within(i.line, section.range)).map((i) => ({ value: i.text, range: i.range })),
  };
}

function actionItems(table: Table): ActionItem[] {
  const header = table.header.map((c) => c.text.toLowerCase());
  const column = (...names: string[]) => header.findIndex((h) => names.some((n) => h.includes(n)));
  const [priority, action, owner, due, status, ticket] = [column('priority'), column('action', 'item', 'task'), column('owner', 'assignee'), column('due'), column('status', 'state'), column('ticket', 'issue', 'link', 'tracker', 'jira')];
  const cell = (cells: readonly TableCell[], index: number) => (index === -1 ? undefined : cells[index]);
  return table.rows.map((row) => ({
    line: row.line,
    priority: cell(row.cells, priority),
    action: cell(row.cells, action),
    owner: cell(row.cells, owner),
    dueDate: cell(row.cells, due),
    status: cell(row.cells, status),
    ticket: cell(row.cells, ticket),
  }));
}

// The date is the line's last word: `(.+) on (\S+)$` backtracks to the one ` on ` before
// it, in linear time (a lazy author with `(\S+?)[*_]*\s*$` was quadratic on a long `***` run).
const FOOTER = /^\s*[*_]*RCA prepared by (.+) on (\S+)$/di;

function footer(body: MarkdownBody, lines: LineIndex): RcaDocument['footer'] {
  for (let line = lines.lineCount - 1; line >= body.firstLine; line--) {
    const text = proseLine(body, lines, line);
    if (text === undefined) continue;
    const match = FOOTER.exec(text.trimEnd());
    const author = match && captured(match, 1, line);
    const word = match && captured(match, 2, line);
    if (!author || !word) continue;
    // Emphasis closing the footer (`**`, `_`) is not part of the date; a date is at least one character.
    let length = word.text.length;
    while (length > 1 && (word.text[length - 1] === '*' || word.text[length - 1] === '_')) length--;
    const date = { value: word.text.slice(0, length), range: lineRange(line, word.range.start.character, word.range.start.character + length) };
    return { author: { value: author.text, range: author.range }, date };
  }
  return undefined;
}

/** The front matter's `date` as days since the epoch, when it is a calendar date: the day undated timeline times fall on. */
export function incidentDay(frontMatter: FrontMatter | undefined): number | undefined {
  const date = frontMatter?.fields.get('date')?.value;
  return typeof date === 'string' ? calendarDateDay(date.trim()) : undefined;
}
