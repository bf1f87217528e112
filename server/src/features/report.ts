// The workspace report behind the dashboard and `rca-lint --report`: counts,
// durations and action items over the index's RCA summaries. Pure: the index
// entries and today's date come in, plain data goes out.
import type {
  ActionItemFigures,
  AgeBucket,
  FollowThrough,
  ImpactQuarter,
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
import { incidentTimelineFigures } from '../../../shared/incidentFigures';
import { datedStatus, deadlineDay, isActionDone } from '../core/actionItems';
import { DEFAULT_SETTINGS } from '../core/settings';
import { rowTracker, type TrackerSettings } from '../core/tracker';
import { compareText } from '../core/text';
import { FirstOf } from '../core/firstOf';
import { calendarDateDay, epochDay, isCalendarDate } from '../../../shared/calendarDay';
import { undatedTitle, unpackActionItems, type IndexEntry, type RcaSummary } from '../core/workspaceIndex';

const TOP_SERVICES = 10;

/** An open action item as its owner's list keeps it, with its Ticket cell: its tracker link is read only if it is listed. */
type OwnedItem = { -readonly [K in Exclude<keyof ReportActionItem, 'tracker'>]: ReportActionItem[K] } & { ticket: string };

/** An incident as the builder refills it for each RCA. */
type MutableIncident = { -readonly [K in keyof ReportIncident]: ReportIncident[K] };

/** An owner's open items: how many are overdue, and the first to list (in compareOwned's order). */
interface OwnerTally {
  overdue: number;
  readonly listed: FirstOf<OwnedItem>;
}

type Slo = Readonly<Record<string, number>>;

/** The report over `entries` passing `filter`; `limit` caps the incidents and each owner's items listed. */
export function buildReport(entries: Iterable<IndexEntry>, filter: ReportFilter, today: string, limit = Infinity, slo: Slo = DEFAULT_SETTINGS.actionItemSlo, tracker: TrackerSettings = DEFAULT_SETTINGS.tracker): Report {
  const report = new ReportBuilder(filter, today, slo, tracker, limit);
  for (const entry of entries) report.add(entry);
  return report.finish();
}

/** A report built one entry at a time, so that a server can serve other requests between entries. */
export class ReportBuilder {
  private readonly choices = new Choices();
  /** The incidents listed: the first `limit` in the report's order (compareIncidents). */
  private readonly incidents: FirstOf<ReportIncident>;
  private readonly incidentCounts = new IncidentCounts();
  private readonly owners = new Map<string, OwnerTally>();
  /**
   * One incident refilled for each RCA, copied only if the list keeps it: the first ones kept,
   * an object made for each of 100,000 RCAs led V8 to allocate them all in the old generation.
   * Its keys in the report's order.
   */
  private readonly incident: MutableIncident = {
    uri: '',
    path: '',
    title: '',
    date: undefined,
    severity: undefined,
    status: undefined,
    services: [],
    kind: '',
    timeToResolve: undefined,
    timeToMitigate: undefined,
    impactStart: undefined,
    timeToDetect: undefined,
    timeToAcknowledge: undefined,
    timeToIdentify: undefined,
    timeToRecover: undefined,
    customerImpactMinutes: undefined,
    usersAffected: undefined,
    revenueImpact: undefined,
    openActionItems: 0,
    overdueActionItems: 0,
  };
  /** One open item refilled for each, copied only if an owner's list keeps it (see FirstOf). */
  private readonly openItem: OwnedItem = { uri: '', line: 0, rcaTitle: '', priority: '', action: '', due: '', overdue: false, ticket: '' };
  /** How many incidents and items of each owner are listed: all when `limit` is not a count. */
  private readonly listed: number;
  /** Every item's follow-through, then by owner, priority and incident quarter (in the order first met). */
  private readonly followThrough = new FollowThroughTally();
  private readonly byOwner = new Map<string, FollowThroughTally>();
  private readonly byPriority = new Map<string, FollowThroughTally>();
  private readonly byQuarter = new Map<string, FollowThroughTally>();
  /** `today` as a day number: each RCA's age is counted from it. */
  private readonly todayNumber: number;
  /** Each service's pattern in incidentKind, compiled once per report rather than once per RCA. */
  private readonly servicePatterns = new Map<string, RegExp>();

  /** `slo`: days by priority (`rca.actionItemSlo`); an item is due by the earlier of its due date and its SLO. `tracker`: where the listed items' tracker links open. `limit`: how many incidents and items of each owner are listed. */
  constructor(
    private readonly filter: ReportFilter,
    private readonly today: string,
    private readonly slo: Slo = DEFAULT_SETTINGS.actionItemSlo,
    private readonly tracker: TrackerSettings = DEFAULT_SETTINGS.tracker,
    limit = Infinity,
  ) {
    this.todayNumber = epochDay(today);
    this.listed = typeof limit === 'number' && limit >= 0 ? Math.floor(limit) : Infinity;
    this.incidents = new FirstOf<ReportIncident>(this.listed, compareIncidents, (incident) => ({ ...incident }));
  }

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
    const incidentDay = calendarDateDay(rca.date);
    const quarter = incidentDay === undefined ? undefined : quarterOf(rca.date!);
    const age = incidentDay === undefined ? undefined : this.todayNumber - incidentDay;
    for (const item of actionItems) {
      const done = isActionDone(item.action, item.status);
      // Days, not dates: 400,000 items at 100,000 RCAs (see deadlineDay).
      const due = deadlineDay(item, incidentDay, this.slo);
      const isDue = due !== undefined && due < this.todayNumber;
      const doneOn = done ? datedStatus(item.status).date : undefined;
      const doneLate = isDue && doneOn !== undefined && epochDay(doneOn) > due;
      const owner = item.owner.trim() || NO_OWNER;
      this.followThrough.add(isDue, done, doneLate, age);
      tallyOf(this.byOwner, owner).add(isDue, done, doneLate, age);
      tallyOf(this.byPriority, item.priority.trim() || NO_PRIORITY).add(isDue, done, doneLate, age);
      if (quarter !== undefined) tallyOf(this.byQuarter, quarter).add(isDue, done, doneLate, age);
      if (done) continue;
      open++;
      if (isDue) overdue++;
      let tally = this.owners.get(owner);
      if (!tally) this.owners.set(owner, (tally = { overdue: 0, listed: new FirstOf(this.listed, compareOwned, (listed) => ({ ...listed })) }));
      if (isDue) tally.overdue++;
      const openItem = this.openItem;
      openItem.uri = entry.uri;
      openItem.line = item.line;
      openItem.rcaTitle = title;
      openItem.priority = item.priority;
      openItem.action = item.action;
      openItem.due = item.due;
      openItem.overdue = isDue;
      openItem.ticket = item.ticket;
      tally.listed.add(openItem);
    }
    const incident = this.incident;
    incident.uri = entry.uri;
    incident.path = entry.relativePath;
    incident.title = title;
    incident.date = rca.date;
    incident.severity = rca.severity;
    incident.status = rca.status;
    incident.services = rca.services;
    incident.kind = incidentKind(title, rca.services, this.servicePatterns);
    incident.timeToResolve = rca.timeToResolve ?? rca.durationMinutes;
    incident.timeToMitigate = rca.timeToMitigate;
    Object.assign(incident, incidentTimelineFigures(rca));
    incident.usersAffected = rca.usersAffected;
    incident.revenueImpact = rca.revenueImpact;
    incident.openActionItems = open;
    incident.overdueActionItems = overdue;
    this.incidents.add(incident);
    this.incidentCounts.add(incident);
  }

  finish(): Report {
    const counts = this.incidentCounts;
    const choices = this.choices.sorted();
    const months = counts.byMonth();
    const actionItems = this.actionItemFigures(choices.severities);
    return {
      today: this.today,
      filter: this.filter,
      choices,
      totals: { incidents: this.incidents.added, openActionItems: actionItems.open, overdueActionItems: actionItems.overdue },
      incidents: this.incidents.take().first,
      byMonth: months,
      monthSeverities: counted(months, choices.severities),
      ...counts.byQuarter(),
      ...counts.services(),
      recurring: counts.recurring(),
      owners: this.ownerItems(),
      actionItems,
    };
  }

  /** Owners with the most overdue items first, then the most open; each one's overdue items first, then by due date as written. */
  private ownerItems(): OwnerItems[] {
    return [...this.owners]
      .map(([owner, { overdue, listed }]) => ({
        owner,
        open: listed.added,
        overdue,
        items: listed.take().first.map(({ uri, line, rcaTitle, priority, action, due, overdue, ticket }) => ({ uri, line, rcaTitle, priority, action, due, overdue, tracker: rowTracker(ticket, action, this.tracker) })),
      }))
      .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.owner.localeCompare(b.owner));
  }

  private actionItemFigures(severities: readonly string[]): ActionItemFigures {
    const openAges = this.followThrough.openAges;
    const openByAge = AGE_BUCKETS.map(([label, minDays, maxDays]): AgeBucket => ({ label, minDays, maxDays, count: openAges.between(minDays, maxDays) }));
    const byOwner = [...this.byOwner]
      .map(([owner, tally]) => ({ owner, ...tally.figures() }))
      .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.owner.localeCompare(b.owner));
    const rank = (priority: string) => (severities.includes(priority) ? severities.indexOf(priority) : severities.length);
    const byPriority = [...this.byPriority]
      .map(([priority, tally]) => ({ priority, ...tally.figures() }))
      .sort((a, b) => rank(a.priority) - rank(b.priority) || a.priority.localeCompare(b.priority));
    const byQuarter = continuous([...this.byQuarter.keys()], QUARTERS).map((quarter) => ({ quarter, ...(this.byQuarter.get(quarter) ?? new FollowThroughTally()).figures() }));
    return { slo: this.slo, ...this.followThrough.figures(), openByAge, byOwner, byPriority, byQuarter };
  }
}

const NO_OWNER = '(no owner)';
const NO_PRIORITY = '(none)';

/** Open items' ages, in days since the incident. */
const AGE_BUCKETS: readonly [label: string, minDays: number, maxDays: number | undefined][] = [
  ['0–30 days', 0, 30],
  ['31–90 days', 31, 90],
  ['91–180 days', 91, 180],
  ['181–365 days', 181, 365],
  ['over 365 days', 366, undefined],
];

/** Follow-through figures of action items, counted as they are added: at 100,000 RCAs, 400,000 items are not listed first. */
class FollowThroughTally {
  private total = 0;
  private done = 0;
  private overdue = 0;
  private due = 0;
  private doneOnTime = 0;
  private doneLate = 0;
  /** Open items' days since their incident (0 for an incident dated after today), of dated RCAs. */
  readonly openAges = new DayCounts();

  /** An item: past its deadline or not (`isDue`), done, done after its deadline, its RCA's age in days (undefined when undated). */
  add(isDue: boolean, done: boolean, doneLate: boolean, age: number | undefined): void {
    this.total++;
    if (isDue) this.due++;
    if (done) {
      this.done++;
      if (doneLate) this.doneLate++;
      else if (isDue) this.doneOnTime++;
    } else {
      if (isDue) this.overdue++;
      if (age !== undefined) this.openAges.add(Math.max(0, age));
    }
  }

  figures(): FollowThrough {
    const { total, done, overdue, due, doneOnTime, doneLate } = this;
    return {
      total,
      done,
      open: total - done,
      overdue,
      due,
      doneOnTime,
      doneLate,
      followThroughRate: due === 0 ? undefined : Math.round((doneOnTime / due) * 1000) / 1000,
      medianOpenAgeDays: this.openAges.median(),
    };
  }
}

function tallyOf(tallies: Map<string, FollowThroughTally>, key: string): FollowThroughTally {
  let tally = tallies.get(key);
  if (!tally) tallies.set(key, (tally = new FollowThroughTally()));
  return tally;
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

/**
 * `2025-07-30 - Cache Invalidation Bug in recommendation-engine` → `cache invalidation bug`.
 * `patterns`: each service's pattern, kept by the caller across RCAs.
 */
export function incidentKind(title: string, services: readonly string[], patterns = new Map<string, RegExp>()): string {
  let kind = undatedTitle(title);
  // The service and the word that introduced it: "bug in order-service" → "bug".
  for (const service of services) {
    if (!service.trim()) continue;
    let pattern = patterns.get(service);
    if (pattern === undefined) {
      pattern = new RegExp(String.raw`(?:\b(?:in|on|for|at|of|affecting)\s+)?${escapeRegExp(service)}`, 'gi');
      patterns.set(service, pattern);
    }
    // A global pattern's replace starts at 0 and leaves lastIndex at 0: it can be used again.
    kind = kind.replace(pattern, ' ');
  }
  // Only from the start of a run: tried inside one, a run that is not at the end is rescanned from every position.
  return kind.replace(/(?<![\s\-–—:,.])[\s\-–—:,.]+$/, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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

/** `2025-07-30` → `2025-Q3`. */
function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/** Median and p90 by linear interpolation between closest ranks (as spreadsheets' PERCENTILE). */
export function spread(values: readonly (number | undefined)[]): Spread {
  // Sorted as a Float64Array: numerically, natively (an array sorted through a comparator took a
  // fifth of the dashboard's report at 100,000 RCAs, whose open items' ages are 300,000 numbers).
  const known = new Float64Array(values.filter((v): v is number => v !== undefined && Number.isFinite(v))).sort();
  const at = (p: number) => quantile(p, known.length, (k) => known[k]);
  return { count: known.length, median: at(0.5), p90: at(0.9) };
}

/** The value at fraction `p` of `count` values in ascending order (`valueAt(k)` is the k-th), between two neighbours as their distance says, to a tenth; undefined without values. */
function quantile(p: number, count: number, valueAt: (k: number) => number): number | undefined {
  if (count === 0) return undefined;
  const rank = p * (count - 1);
  const low = Math.floor(rank);
  const value = valueAt(low) + (valueAt(Math.min(low + 1, count - 1)) - valueAt(low)) * (rank - low);
  return Math.round(value * 10) / 10;
}

/**
 * Whole numbers of days (open items' ages), counted by value: at 100,000 RCAs each of the
 * follow-through tallies met 300,000 ages, listed and sorted for a median. Ages take a few
 * thousand values; their median and buckets are read from the counts.
 */
export class DayCounts {
  private readonly countOf = new Map<number, number>();
  private size = 0;

  add(days: number): void {
    this.countOf.set(days, (this.countOf.get(days) ?? 0) + 1);
    this.size++;
  }

  /** How many are from `min` to `max` days, both included (no `max`: no upper bound). */
  between(min: number, max = Infinity): number {
    let count = 0;
    for (const [days, n] of this.countOf) if (days >= min && days <= max) count += n;
    return count;
  }

  /** The median, as spread() gives it of the same numbers listed. */
  median(): number | undefined {
    const values = [...this.countOf.keys()].sort((a, b) => a - b);
    const valueAt = (k: number) => {
      let seen = 0;
      for (const days of values) if (k < (seen += this.countOf.get(days)!)) return days;
      return values[values.length - 1];
    };
    return quantile(0.5, this.size, valueAt);
  }
}

/** The report's order of incidents: newest first (dates by code unit: ISO dates sort so, and 100,000 locale comparisons take a while), then by path as people read them. */
function compareIncidents(a: Pick<ReportIncident, 'date' | 'path'>, b: Pick<ReportIncident, 'date' | 'path'>): number {
  return compareText(b.date ?? '', a.date ?? '') || a.path.localeCompare(b.path);
}

/** Where an incident comes in the report's order (compareIncidents): what IncidentCounts keeps of a first incident. */
type IncidentPlace = { date: string | undefined; path: string };

/**
 * What the report counts of the incidents, by month, quarter, service and kind, counted as they
 * are read: at 100,000 RCAs they are not listed first. What depended on the report's order (a
 * month's severities in the order their first incidents come, a service named as its first
 * incident names it) keeps that incident's place (compareIncidents): the incident given to add
 * is refilled for the next.
 */
class IncidentCounts {
  // Counted in maps: a severity may be named `constructor` or `__proto__`.
  private readonly months = new Map<string, { total: number; bySeverity: Map<string, { count: number; readonly first: IncidentPlace }> }>();
  private readonly quarters = new Map<string, { incidents: number; timeToResolve: (number | undefined)[]; timeToMitigate: (number | undefined)[]; timeToDetect: (number | undefined)[]; customerImpact: (number | undefined)[] }>();
  private readonly serviceTotals = new Map<string, { readonly first: IncidentPlace; totals: { -readonly [K in keyof ServiceImpact]: ServiceImpact[K] } }>();
  private readonly kinds = new Map<string, { incidents: number; services: Set<string>; lastDate: string }>();

  add(incident: ReportIncident): void {
    const { date, kind } = incident;
    if (date && isCalendarDate(date)) {
      const month = date.slice(0, 7);
      let counts = this.months.get(month);
      if (!counts) this.months.set(month, (counts = { total: 0, bySeverity: new Map() }));
      counts.total++;
      const severity = incident.severity ?? 'none';
      const ofSeverity = counts.bySeverity.get(severity);
      if (!ofSeverity) counts.bySeverity.set(severity, { count: 1, first: placeOf(incident) });
      else {
        ofSeverity.count++;
        if (compareIncidents(incident, ofSeverity.first) < 0) movePlace(ofSeverity.first, incident);
      }
      const quarter = quarterOf(date);
      let times = this.quarters.get(quarter);
      if (!times) this.quarters.set(quarter, (times = { incidents: 0, timeToResolve: [], timeToMitigate: [], timeToDetect: [], customerImpact: [] }));
      times.incidents++;
      times.timeToResolve.push(incident.timeToResolve);
      times.timeToMitigate.push(incident.timeToMitigate);
      times.timeToDetect.push(incident.timeToDetect);
      times.customerImpact.push(incident.customerImpactMinutes);
    }
    for (const service of new Set(incident.services)) {
      const key = service.toLowerCase();
      const known = this.serviceTotals.get(key);
      const totals = known?.totals ?? { service, incidents: 0, usersAffected: 0, revenueImpact: 0 };
      if (!known) this.serviceTotals.set(key, { first: placeOf(incident), totals });
      else if (compareIncidents(incident, known.first) < 0) {
        movePlace(known.first, incident);
        totals.service = service;
      }
      totals.incidents++;
      totals.usersAffected += incident.usersAffected ?? 0;
      totals.revenueImpact += incident.revenueImpact ?? 0;
    }
    if (kind) {
      let ofKind = this.kinds.get(kind);
      if (!ofKind) this.kinds.set(kind, (ofKind = { incidents: 0, services: new Set(), lastDate: '' }));
      ofKind.incidents++;
      for (const service of incident.services) ofKind.services.add(service);
      if (date !== undefined && date > ofKind.lastDate) ofKind.lastDate = date;
    }
  }

  byMonth(): MonthCount[] {
    return continuous([...this.months.keys()], MONTHS).map((month) => {
      const counts = this.months.get(month);
      const bySeverity = [...(counts?.bySeverity ?? [])].sort(([, a], [, b]) => compareIncidents(a.first, b.first));
      // fromEntries defines each key as its own property, `__proto__` included.
      return { month, total: counts?.total ?? 0, bySeverity: Object.fromEntries(bySeverity.map(([severity, { count }]) => [severity, count])) };
    });
  }

  byQuarter(): { byQuarter: QuarterTimes[]; impactByQuarter: ImpactQuarter[] } {
    const names = continuous([...this.quarters.keys()], QUARTERS);
    const none = { incidents: 0, timeToResolve: [], timeToMitigate: [], timeToDetect: [], customerImpact: [] };
    const of = (quarter: string) => this.quarters.get(quarter) ?? none;
    return {
      byQuarter: names.map((quarter) => ({ quarter, incidents: of(quarter).incidents, timeToResolve: spread(of(quarter).timeToResolve), timeToMitigate: spread(of(quarter).timeToMitigate) })),
      impactByQuarter: names.map((quarter) => ({ quarter, timeToDetect: spread(of(quarter).timeToDetect), customerImpact: spread(of(quarter).customerImpact) })),
    };
  }

  services(): { servicesByCount: ServiceImpact[]; servicesByImpact: ServiceImpact[] } {
    // In the order of their first incidents, as a sort among equals leaves them.
    const list = [...this.serviceTotals.values()].sort((a, b) => compareIncidents(a.first, b.first)).map((known) => known.totals);
    return {
      servicesByCount: [...list].sort((a, b) => b.incidents - a.incidents || b.usersAffected - a.usersAffected || a.service.localeCompare(b.service)).slice(0, TOP_SERVICES),
      servicesByImpact: [...list].sort((a, b) => b.usersAffected - a.usersAffected || b.revenueImpact - a.revenueImpact || a.service.localeCompare(b.service)).slice(0, TOP_SERVICES),
    };
  }

  recurring(): RecurringKind[] {
    return [...this.kinds]
      .filter(([, ofKind]) => ofKind.incidents > 1)
      .map(([kind, ofKind]) => ({ kind, incidents: ofKind.incidents, services: [...ofKind.services].sort(), lastDate: ofKind.lastDate || undefined }))
      .sort((a, b) => b.incidents - a.incidents || a.kind.localeCompare(b.kind));
  }
}

function placeOf({ date, path }: IncidentPlace): IncidentPlace {
  return { date, path };
}

function movePlace(place: IncidentPlace, to: IncidentPlace): void {
  place.date = to.date;
  place.path = to.path;
}

/** An owner's list order: overdue items first, then by due date as written. */
function compareOwned(a: OwnedItem, b: OwnedItem): number {
  return Number(b.overdue) - Number(a.overdue) || compareText(a.due, b.due);
}
