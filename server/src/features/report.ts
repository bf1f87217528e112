// The workspace report behind the dashboard and `rca-lint --report`: counts,
// durations and action items over the index's RCA summaries. Pure: the index
// entries and today's date come in, plain data goes out.
import type {
  MonthCount,
  OwnerItems,
  QuarterTimes,
  RecurringKind,
  Report,
  ReportActionItem,
  ReportFilter,
  ReportIncident,
  ServiceImpact,
  Spread,
} from '../../../shared/protocol';
import { isActionDone } from '../core/actionItems';
import { isCalendarDate } from '../core/text';
import { unpackActionItems, type IndexEntry, type RcaSummary } from '../core/workspaceIndex';

const TOP_SERVICES = 10;

/** An action item with its owner, before grouping by owner. */
type OwnedItem = ReportActionItem & { readonly owner: string };

/** Past its due date (ISO dates compare as strings) and not done. */
export function isOverdue(item: { readonly action: string; readonly status: string; readonly due: string }, today: string): boolean {
  return isCalendarDate(item.due) && item.due < today && !isActionDone(item.action, item.status);
}

/** The report over `entries` passing `filter`; `limit` caps the incidents and each owner's items listed. */
export function buildReport(entries: Iterable<IndexEntry>, filter: ReportFilter, today: string, limit = Infinity): Report {
  const report = new ReportBuilder(filter, today);
  for (const entry of entries) report.add(entry);
  return report.finish(limit);
}

/** A report built one entry at a time, so that a server can serve other requests between entries. */
export class ReportBuilder {
  private readonly choices = new Choices();
  private readonly incidents: ReportIncident[] = [];
  private readonly items: OwnedItem[] = [];

  constructor(
    private readonly filter: ReportFilter,
    private readonly today: string,
  ) {}

  add(entry: IndexEntry): void {
    const rca = entry.rca;
    if (!rca) return;
    // Unpacked once: the filter, the choices and the counts all read them.
    const actionItems = unpackActionItems(rca.actionItems);
    const teams = [rca.author?.trim() ?? '', ...actionItems.map((a) => a.owner.trim())].filter(Boolean);
    this.choices.add(rca, teams);
    if (!matches(rca, teams, this.filter)) return;
    const title = rca.title ?? entry.title ?? entry.relativePath;
    let open = 0;
    let overdue = 0;
    for (const item of actionItems) {
      if (isActionDone(item.action, item.status)) continue;
      const late = isOverdue(item, this.today);
      open++;
      if (late) overdue++;
      this.items.push({ uri: entry.uri, line: item.line, rcaTitle: title, priority: item.priority, action: item.action, due: item.due, overdue: late, owner: item.owner.trim() || '(no owner)' });
    }
    this.incidents.push({
      uri: entry.uri,
      path: entry.relativePath,
      title,
      date: rca.date,
      severity: rca.severity,
      status: rca.status,
      services: rca.services,
      kind: incidentKind(title, rca.services),
      timeToResolve: rca.timeToResolve ?? rca.durationMinutes,
      timeToMitigate: rca.timeToMitigate,
      usersAffected: rca.usersAffected,
      revenueImpact: rca.revenueImpact,
      openActionItems: open,
      overdueActionItems: overdue,
    });
  }

  /** `limit` caps the incidents and each owner's items listed. */
  finish(limit = Infinity): Report {
    const { incidents, items } = this;
    incidents.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.path.localeCompare(b.path));
    const choices = this.choices.sorted();
    const months = byMonth(incidents);
    return {
      today: this.today,
      filter: this.filter,
      choices,
      totals: { incidents: incidents.length, openActionItems: items.length, overdueActionItems: items.filter((i) => i.overdue).length },
      incidents: incidents.slice(0, limit),
      byMonth: months,
      monthSeverities: counted(months, choices.severities),
      byQuarter: byQuarter(incidents),
      ...services(incidents),
      recurring: recurring(incidents),
      owners: owners(items, limit),
    };
  }
}

/** `teams`: the RCA's author and action item owners. */
function matches(rca: RcaSummary, teams: readonly string[], filter: ReportFilter): boolean {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (filter.from && !(rca.date && rca.date >= filter.from)) return false;
  // `to` is inclusive also as a prefix: `2025-07` includes 2025-07-31.
  if (filter.to && !(rca.date && rca.date.slice(0, filter.to.length) <= filter.to)) return false;
  if (filter.severity && !(rca.severity && same(rca.severity, filter.severity))) return false;
  if (filter.service && !rca.services.some((s) => same(s, filter.service!))) return false;
  if (filter.team && !teams.some((t) => same(t, filter.team!))) return false;
  return true;
}

/** What the filters can choose from, over every RCA whether it passes the filter or not. */
class Choices {
  private readonly services = new Set<string>();
  private readonly severities = new Set<string>();
  private readonly teams = new Set<string>();

  add(rca: RcaSummary, teams: readonly string[]): void {
    for (const s of rca.services) this.services.add(s);
    if (rca.severity) this.severities.add(rca.severity);
    for (const t of teams) this.teams.add(t);
  }

  sorted(): Report['choices'] {
    const sorted = (set: Set<string>) => [...set].sort((a, b) => a.localeCompare(b));
    return { services: sorted(this.services), severities: sorted(this.severities), teams: sorted(this.teams) };
  }
}

/** `2025-07-30 - Cache Invalidation Bug in recommendation-engine` → `cache invalidation bug`. */
export function incidentKind(title: string, services: readonly string[]): string {
  let kind = title.replace(/^\s*\d{4}-\d{2}-\d{2}\s*[-–—:]?\s*/, '');
  // The service and the word that introduced it: "bug in order-service" → "bug".
  for (const service of services) {
    if (service.trim()) kind = kind.replace(new RegExp(String.raw`(?:\b(?:in|on|for|at|of|affecting)\s+)?${escapeRegExp(service)}`, 'gi'), ' ');
  }
  // Only from the start of a run: tried inside one, a run that is not at the end is rescanned from every position.
  return kind.replace(/(?<![\s\-–—:,.])[\s\-–—:,.]+$/, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

function groupInto<T>(groups: Map<string, T[]>, key: string, value: T): void {
  const group = groups.get(key);
  if (group) group.push(value);
  else groups.set(key, [value]);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function byMonth(incidents: readonly ReportIncident[]): MonthCount[] {
  // Counted in maps: a severity may be named `constructor` or `__proto__`.
  const months = new Map<string, { total: number; bySeverity: Map<string, number> }>();
  for (const i of incidents) {
    if (!i.date || !isCalendarDate(i.date)) continue;
    const month = i.date.slice(0, 7);
    const counts = months.get(month) ?? { total: 0, bySeverity: new Map<string, number>() };
    counts.total++;
    const severity = i.severity ?? 'none';
    counts.bySeverity.set(severity, (counts.bySeverity.get(severity) ?? 0) + 1);
    months.set(month, counts);
  }
  return continuous([...months.keys()], MONTHS).map((month) => {
    const counts = months.get(month);
    // fromEntries defines each key as its own property, `__proto__` included.
    return { month, total: counts?.total ?? 0, bySeverity: Object.fromEntries(counts?.bySeverity ?? []) };
  });
}

/** The severities `months` count, in the order of `order`, then any other (`none`) in name order. */
function counted(months: readonly MonthCount[], order: readonly string[]): string[] {
  const seen = new Set(months.flatMap((m) => Object.keys(m.bySeverity)));
  return [...order.filter((s) => seen.has(s)), ...[...seen].filter((s) => !order.includes(s)).sort()];
}

/** A calendar period (`YYYY-MM`, `YYYY-Qn`) as a number, and back. */
interface Periods {
  readonly perYear: number;
  number(name: string): number;
  name(n: number): string;
}

const MONTHS: Periods = {
  perYear: 12,
  number: (month) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1,
  name: (n) => `${year(n, 12)}-${String((n % 12) + 1).padStart(2, '0')}`,
};

const QUARTERS: Periods = {
  perYear: 4,
  number: (quarter) => Number(quarter.slice(0, 4)) * 4 + Number(quarter.slice(6)) - 1,
  name: (n) => `${year(n, 4)}-Q${(n % 4) + 1}`,
};

function year(n: number, perYear: number): string {
  return String(Math.floor(n / perYear)).padStart(4, '0');
}

/** 50 years: dates further apart are a typo (0205-01-01) and get the periods seen only, not thousands of empty ones. */
const MAX_AXIS_YEARS = 50;

/**
 * Every period from the first to the last of `seen`, empty ones too: the charts draw a time
 * axis. Only the periods seen when they span more than MAX_AXIS_YEARS.
 */
function continuous(seen: readonly string[], periods: Periods): string[] {
  const sorted = [...seen].sort();
  if (sorted.length === 0) return [];
  const first = periods.number(sorted[0]);
  const span = periods.number(sorted[sorted.length - 1]) - first;
  if (span > MAX_AXIS_YEARS * periods.perYear) return sorted;
  return Array.from({ length: span + 1 }, (_, i) => periods.name(first + i));
}

function byQuarter(incidents: readonly ReportIncident[]): QuarterTimes[] {
  const quarters = new Map<string, ReportIncident[]>();
  for (const i of incidents) {
    if (!i.date || !isCalendarDate(i.date)) continue;
    const quarter = `${i.date.slice(0, 4)}-Q${Math.floor((Number(i.date.slice(5, 7)) - 1) / 3) + 1}`;
    groupInto(quarters, quarter, i);
  }
  return continuous([...quarters.keys()], QUARTERS).map((quarter) => {
    const list = quarters.get(quarter) ?? [];
    return {
      quarter,
      incidents: list.length,
      timeToResolve: spread(list.map((i) => i.timeToResolve)),
      timeToMitigate: spread(list.map((i) => i.timeToMitigate)),
    };
  });
}

/** Median and p90 by linear interpolation between closest ranks (as spreadsheets' PERCENTILE). */
export function spread(values: readonly (number | undefined)[]): Spread {
  const known = values.filter((v): v is number => v !== undefined && Number.isFinite(v)).sort((a, b) => a - b);
  const at = (p: number) => {
    if (known.length === 0) return undefined;
    const rank = p * (known.length - 1);
    const low = Math.floor(rank);
    const value = known[low] + (known[Math.min(low + 1, known.length - 1)] - known[low]) * (rank - low);
    return Math.round(value * 10) / 10;
  };
  return { count: known.length, median: at(0.5), p90: at(0.9) };
}

function services(incidents: readonly ReportIncident[]): { servicesByCount: ServiceImpact[]; servicesByImpact: ServiceImpact[] } {
  const totals = new Map<string, { service: string; incidents: number; usersAffected: number; revenueImpact: number }>();
  for (const i of incidents) {
    for (const service of new Set(i.services)) {
      const t = totals.get(service.toLowerCase()) ?? { service, incidents: 0, usersAffected: 0, revenueImpact: 0 };
      t.incidents++;
      t.usersAffected += i.usersAffected ?? 0;
      t.revenueImpact += i.revenueImpact ?? 0;
      totals.set(service.toLowerCase(), t);
    }
  }
  const list = [...totals.values()];
  return {
    servicesByCount: [...list].sort((a, b) => b.incidents - a.incidents || b.usersAffected - a.usersAffected || a.service.localeCompare(b.service)).slice(0, TOP_SERVICES),
    servicesByImpact: [...list].sort((a, b) => b.usersAffected - a.usersAffected || b.revenueImpact - a.revenueImpact || a.service.localeCompare(b.service)).slice(0, TOP_SERVICES),
  };
}

function recurring(incidents: readonly ReportIncident[]): RecurringKind[] {
  const kinds = new Map<string, ReportIncident[]>();
  for (const i of incidents) if (i.kind) groupInto(kinds, i.kind, i);
  return [...kinds]
    .filter(([, list]) => list.length > 1)
    .map(([kind, list]) => ({
      kind,
      incidents: list.length,
      services: [...new Set(list.flatMap((i) => i.services))].sort(),
      lastDate: list.map((i) => i.date ?? '').sort().at(-1) || undefined,
    }))
    .sort((a, b) => b.incidents - a.incidents || a.kind.localeCompare(b.kind));
}

function owners(items: readonly OwnedItem[], limit: number): OwnerItems[] {
  const byOwner = new Map<string, OwnedItem[]>();
  for (const item of items) groupInto(byOwner, item.owner, item);
  return [...byOwner]
    .map(([owner, list]) => ({
      owner,
      open: list.length,
      overdue: list.filter((i) => i.overdue).length,
      items: list
        .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.due.localeCompare(b.due))
        .slice(0, limit)
        .map(({ uri, line, rcaTitle, priority, action, due, overdue }) => ({ uri, line, rcaTitle, priority, action, due, overdue })),
    }))
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.owner.localeCompare(b.owner));
}
