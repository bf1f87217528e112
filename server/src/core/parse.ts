// Parses one document version into the RcaDocument model.
import { parseFrontMatter } from './frontMatter';
import { scanBody, type ListItem, type MarkdownBody } from './markdown';
import type { ActionItem, AffectedServices, Figure, Heading, RcaDocument, Section, SummaryFacts, TableCell } from './model';
import type { RcaSettings } from './settings';
import { LineIndex, type Range } from './text';
import { buildTimeline } from './timeline';

export function parseDocument(uri: string, version: number, text: string, settings: RcaSettings): RcaDocument {
  const lines = new LineIndex(text);
  const { frontMatter, bodyStart } = parseFrontMatter(text, lines);
  const body = scanBody(lines, bodyStart >= text.length ? lines.lineCount : lines.positionAt(bodyStart).line);
  const sections = buildSections(body.headings, lines);
  const section = (title: string, level = 2) => findSection(sections, title, level);

  const timelineSection = section('Timeline');
  const timelineTable = timelineSection && firstTableIn(body, timelineSection.range);
  const impact = section('Impact');
  const affectedSection = findSection(sections, 'Affected Services', 3);
  const customerSection = findSection(sections, 'Customer Impact', 3);
  const actionSection = section('Action Items');
  const summarySection = section('Summary');

  return {
    uri,
    version,
    text,
    lines,
    frontMatter,
    title: body.headings.find((h) => h.level === 1),
    headings: body.headings,
    sections,
    summary: summarySection && summaryFacts(body, ownRange(summarySection), lines),
    timeline: timelineSection && timelineTable ? buildTimeline(timelineTable, timelineSection, settings) : undefined,
    impact: impact ? figures(body, ownRange(impact), lines, IMPACT_FIGURES) : [],
    affectedServices: affectedSection && affectedServices(affectedSection, body.listItems),
    customerImpact: customerSection ? figures(body, ownRange(customerSection), lines, CUSTOMER_FIGURES) : [],
    actionItems: actionSection ? actionItems(body, actionSection.range) : [],
    links: body.links,
    footer: footer(body, lines),
    disabledCodes: body.disabledCodes,
  };
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

function firstTableIn(body: MarkdownBody, range: Range) {
  return body.tables.find((t) => within(t.headerLine, range));
}

interface FigurePattern {
  readonly pattern: RegExp;
  /** Which capture groups become figures, by name. */
  readonly groups: readonly string[];
}

const NUMBER = String.raw`(\d[\d,]*(?:\.\d+)?)`;
const IMPACT_FIGURES: readonly FigurePattern[] = [
  { pattern: new RegExp(String.raw`${NUMBER}\s*% of requests`, 'di'), groups: ['requestsAffectedPercent'] },
  { pattern: new RegExp(String.raw`error rate[^:\n]*:\s*${NUMBER}\s*%(?:\s*\(baseline:\s*<?\s*${NUMBER}\s*%\))?`, 'di'), groups: ['errorRatePercent', 'errorRateBaselinePercent'] },
  { pattern: new RegExp(String.raw`p99 went from ${NUMBER}\s*ms to ${NUMBER}\s*ms`, 'di'), groups: ['p99BeforeMs', 'p99AfterMs'] },
];
const CUSTOMER_FIGURES: readonly FigurePattern[] = [
  { pattern: new RegExp(String.raw`${NUMBER} customer-facing errors`, 'di'), groups: ['customerFacingErrors'] },
  { pattern: new RegExp(String.raw`${NUMBER} support tickets`, 'di'), groups: ['supportTickets'] },
  { pattern: new RegExp(String.raw`revenue impact:\s*\$\s*${NUMBER}`, 'di'), groups: ['revenueImpact'] },
  { pattern: new RegExp(String.raw`${NUMBER} (?:users|customers) affected`, 'di'), groups: ['usersAffected'] },
];

function figures(body: MarkdownBody, range: Range, lines: LineIndex, patterns: readonly FigurePattern[]): Figure[] {
  const found: Figure[] = [];
  const seen = new Set<string>();
  for (const [line, text] of body.proseLines) {
    if (!within(line, range)) continue;
    for (const { pattern, groups } of patterns) {
      const match = pattern.exec(text);
      if (!match) continue;
      groups.forEach((name, g) => {
        const indices = match.indices?.[g + 1];
        if (!indices || seen.has(name)) return;
        seen.add(name);
        const start = lines.lineStart(line);
        found.push({ name, value: Number(match[g + 1].replace(/,/g, '')), range: lines.range(start + indices[0], start + indices[1]) });
      });
    }
  }
  return found;
}

const SUMMARY_DATE = /\b(\d{4}-\d{2}-\d{2})\b/d;
const SUMMARY_DURATION = new RegExp(String.raw`lasted (?:approximately |about |around )?${NUMBER} minutes`, 'di');
const SUMMARY_USERS = new RegExp(String.raw`affected ${NUMBER} users`, 'di');
const SUMMARY_SERVICES = new RegExp(String.raw`${NUMBER} dependent services`, 'di');

function summaryFacts(body: MarkdownBody, range: Range, lines: LineIndex): SummaryFacts {
  let date: SummaryFacts['date'];
  let durationMinutes: SummaryFacts['durationMinutes'];
  let usersAffected: SummaryFacts['usersAffected'];
  let dependentServices: SummaryFacts['dependentServices'];
  for (const [line, text] of body.proseLines) {
    if (!within(line, range)) continue;
    const base = lines.lineStart(line);
    const capture = (pattern: RegExp) => {
      const match = pattern.exec(text);
      const at = match?.indices?.[1];
      return match && at ? { text: match[1], range: lines.range(base + at[0], base + at[1]) } : undefined;
    };
    const asNumber = (c: { text: string; range: Range } | undefined) => c && { value: Number(c.text.replace(/,/g, '')), range: c.range };
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

function actionItems(body: MarkdownBody, range: Range): ActionItem[] {
  const table = firstTableIn(body, range);
  if (!table) return [];
  const header = table.header.map((c) => c.text.toLowerCase());
  const column = (...names: string[]) => header.findIndex((h) => names.some((n) => h.includes(n)));
  const [priority, action, owner, due] = [column('priority'), column('action', 'item', 'task'), column('owner', 'assignee'), column('due')];
  const cell = (cells: readonly TableCell[], index: number) => (index === -1 ? undefined : cells[index]);
  return table.rows.map((row) => ({
    line: row.line,
    priority: cell(row.cells, priority),
    action: cell(row.cells, action),
    owner: cell(row.cells, owner),
    dueDate: cell(row.cells, due),
  }));
}

const FOOTER = /^\s*[*_]*RCA prepared by (.+?) on (\S+?)[*_]*\s*$/di;

function footer(body: MarkdownBody, lines: LineIndex): RcaDocument['footer'] {
  for (let line = lines.lineCount - 1; line >= 0; line--) {
    const text = body.proseLines.get(line);
    if (text === undefined) continue;
    const match = FOOTER.exec(text);
    if (!match || !match.indices) continue;
    const base = lines.lineStart(line);
    const [a, d] = [match.indices[1], match.indices[2]];
    return {
      author: { value: match[1], range: lines.range(base + a[0], base + a[1]) },
      date: { value: match[2], range: lines.range(base + d[0], base + d[1]) },
    };
  }
  return undefined;
}
