// Custom messages between the VS Code client and the language server, defined
// once as typed requests and imported by both sides (the bundler inlines this
// file in each). Only the protocol package's platform-neutral entry (the one the
// LSP client and server libraries build on): the same types serve a Node and a browser host.
import type { IncidentTimelineFigures } from './incidentFigures';
import type { ExportFormat } from './reportExport';
import type { ImportFormat } from './timelineImport';
import { NotificationType, ProgressType, RequestType, type Position, type ProgressToken, type TextDocumentPositionParams, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { FileText } from './workspaceFiles';

/** The client's `initializationOptions`. */
export interface InitializationOptions {
  /** `rca` settings, for a client that does not answer workspace/configuration. */
  readonly settings?: unknown;
  /** The VS Code extension: it handles the rca/* notifications (see INDEX_STATUS_NOTIFICATION). */
  readonly extensionClient?: boolean;
  /**
   * The editor is VS Code with its built-in Markdown support: the server reads its
   * `markdown.*` settings (workspace/configuration, per folder) and leaves to it the
   * parts of ordinary-link support it does, and the outline (the headings: the
   * extension lists the timeline events in a view of its own).
   */
  readonly builtinMarkdown?: boolean;
  /** A folder (URI) where the server keeps its index between sessions. */
  readonly storageUri?: string;
}

/** `rca/metrics`: the numbers of one open document, as the server computes them. */
export const METRICS_REQUEST = new RequestType<MetricsParams, MetricsResult, void>('rca/metrics');
export interface MetricsParams {
  readonly uri: string;
}
/** Null when the document is not open or not an RCA. */
export type MetricsResult = RcaMetrics | null;

/**
 * Sent only to a client that declares `extensionClient: true` in its initializationOptions
 * (the VS Code extension), which handles these notifications.
 *
 * `rca/indexStatus` (server → client) after each indexing of the workspace, and once files changed
 * on disk (not open in the editor) were indexed: what it indexed, and when rca.maxFiles left files
 * out, the sentence that says so.
 */
export const INDEX_STATUS_NOTIFICATION = new NotificationType<IndexStatus>('rca/indexStatus');
export interface IndexStatus {
  readonly indexed: number;
  /** Undefined when every Markdown file was indexed. */
  readonly limited: string | undefined;
}
/** `rca/openSettings` (server → client): the user chose to open a setting from one of the server's messages. */
export const OPEN_SETTINGS_NOTIFICATION = new NotificationType<OpenSettingsParams>('rca/openSettings');
export interface OpenSettingsParams {
  /** A setting's id, e.g. `rca.maxFiles`. */
  readonly setting: string;
}

/** `rca/lintWorkspace`: diagnostics of every Markdown file of the workspace, open or not. */
export const LINT_WORKSPACE_REQUEST = new RequestType<object, LintWorkspaceResult, void>('rca/lintWorkspace');
export interface LintWorkspaceResult {
  readonly files: number;
  readonly problems: readonly FileProblems[];
}
export interface FileProblems {
  readonly uri: string;
  readonly diagnostics: readonly Problem[];
}

export type ProblemSeverity = 'error' | 'warning' | 'info';

export interface Problem {
  readonly code: string;
  readonly message: string;
  readonly severity: ProblemSeverity;
  /** 0-based line and UTF-16 character, as in LSP. */
  readonly line: number;
  readonly character: number;
  readonly endLine: number;
  readonly endCharacter: number;
}

export type MilestoneName = 'impactStarted' | 'detected' | 'acknowledged' | 'identified' | 'mitigated' | 'recovered' | 'resolved';

export interface RcaMetrics {
  readonly uri: string;
  readonly title: string | undefined;
  readonly date: string | undefined;
  readonly severity: string | undefined;
  readonly status: string | undefined;
  readonly services: readonly string[];
  /** `duration_minutes` as written in the front matter. */
  readonly statedDurationMinutes: number | undefined;
  /** From the timeline, what `duration_minutes` must equal: resolved minus detected, or minus impact started (`durationFrom`). */
  readonly durationMinutes: number | undefined;
  /** What durationMinutes counts from (`rca.durationFrom`), and the clock of the row it counts from. */
  readonly durationFrom: 'detection' | 'impact';
  readonly durationStart: string | undefined;
  /** Detected minus impact started. */
  readonly timeToDetect: number | undefined;
  /** From impact started when the timeline has it, else from the first event. */
  readonly timeToAcknowledge: number | undefined;
  readonly timeToIdentify: number | undefined;
  readonly timeToMitigate: number | undefined;
  readonly timeToRecover: number | undefined;
  readonly timeToResolve: number | undefined;
  /** Impact started to recovered. */
  readonly customerImpactMinutes: number | undefined;
  /** The first timeline event, then each milestone reached, in timeline order. */
  readonly phases: readonly Phase[];
  /** Every timeline row, in table order: the RCA Timeline view lists them. */
  readonly events: readonly TimelineEvent[];
  readonly impact: readonly ImpactFigure[];
  readonly actionItems: readonly ActionItemStatus[];
  readonly links: readonly RelatedLink[];
  readonly problems: readonly Problem[];
}

export interface Phase {
  /** `start` for the first event. */
  readonly milestone: MilestoneName | 'start';
  readonly clock: string | undefined;
  /** Minutes since the first event. */
  readonly minutes: number;
  readonly event: string;
  readonly line: number;
}

/** A timeline row as the outline of other editors names it. */
export interface TimelineEvent {
  /** Its time and event: `20:05 Monitoring alert triggered`. */
  readonly name: string;
  /** The milestone the event reaches, if any. */
  readonly milestone: MilestoneName | undefined;
  readonly line: number;
}

export interface ImpactFigure {
  /** Stable name, e.g. `errorRatePercent`, `p99BeforeMs`, `supportTickets`. */
  readonly name: string;
  readonly value: number;
  readonly line: number;
}

export interface ActionItemStatus {
  readonly priority: string;
  readonly action: string;
  readonly owner: string;
  readonly dueDate: string;
  /** Open past its deadline (the earlier of the due date and the priority's SLO) as of the server's today (UTC). */
  readonly overdue: boolean;
  /** The row's tracker link, from its Ticket column or Action cell. */
  readonly tracker: TrackerLink | undefined;
  readonly line: number;
}

/**
 * An action item's tracker link as the server resolves it from the tracker settings: where
 * it opens (an http(s) URL), or when the settings cannot say, the sentence naming the
 * settings that would. `text` as written: `#123`, `PROJ-123`, a URL.
 */
export type TrackerLink =
  | { readonly text: string; readonly url: string }
  | { readonly text: string; readonly url: undefined; readonly hint: string };

export interface RelatedLink {
  readonly label: string;
  readonly target: string;
  /** Where the link resolves; undefined when broken or ambiguous. */
  readonly uri: string | undefined;
  /** The line to reveal in `uri`: its `#Heading`'s, else 0 (also when that heading is not found). */
  readonly targetLine: number;
  readonly line: number;
}

// Requests of the server to the client: a server that cannot reach the files
// itself (the web worker of vscode.dev and github.dev) lists and reads them
// through the editor, whatever file system serves the workspace.

/** `rca/findMarkdownFiles`: the URIs of every Markdown file of a workspace folder, outside the skipped folders. */
export const FIND_MARKDOWN_FILES_REQUEST = new RequestType<FindMarkdownFilesParams, string[], void>('rca/findMarkdownFiles');
export interface FindMarkdownFilesParams {
  readonly folder: string;
}

/** `rca/readFiles`: many files in one request; the answers in the order asked. */
export const READ_FILES_REQUEST = new RequestType<ReadFilesParams, ReadFileResult[], void>('rca/readFiles');
export interface ReadFilesParams {
  readonly files: readonly FileToRead[];
}
export interface FileToRead {
  readonly uri: string;
  /** Larger files are skipped, unread. */
  readonly maxBytes?: number;
}
/** The text; `missing` when there is no such file; `skipped` with the reason it was not read (outside the workspace, a folder, too large, unreadable). */
export type ReadFileResult = { readonly file: FileText } | { readonly missing: true } | { readonly skipped: string };

/** `rca/newRcaChoices`: what the New RCA command offers to pick from. */
export const NEW_RCA_CHOICES_REQUEST = new RequestType<NewRcaChoicesParams, NewRcaChoices, void>('rca/newRcaChoices');
export interface NewRcaChoicesParams {
  /** The workspace folder (its URI) the RCA goes in: its catalog and settings apply; the workspace's when absent. */
  readonly folder?: string;
}
export interface NewRcaChoices {
  /** Catalog and workspace services, most used first. */
  readonly services: readonly NamedChoice[];
  readonly severities: readonly NamedChoice[];
}
export interface NamedChoice {
  readonly name: string;
  readonly detail: string | undefined;
}

/** `rca/newRca`: the path (relative to the workspace folder it goes in) and text of a new RCA. */
export const NEW_RCA_REQUEST = new RequestType<NewRcaParams, NewRcaResult, void>('rca/newRca');
export interface NewRcaParams {
  readonly title: string;
  /** A catalog service, or a new name (the result then offers to add it to the catalog). */
  readonly service: string | undefined;
  readonly severity: string | undefined;
  /** The user's name as the editor knows it (git `user.name` in VS Code): the author when rca.defaultAuthor is not set; else a placeholder to fill in. */
  readonly userName?: string;
  /** As in NewRcaChoicesParams: the template follows that folder's settings. */
  readonly folder?: string;
}
export interface NewRcaResult {
  /** `rca/YYYY/YYYY-MM-DD-<slug>.md`, or `…-<slug>-2.md` (and so on) when that file exists. */
  readonly relativePath: string;
  readonly text: string;
  /** When the service is not in the folder's catalog: the edit that adds it (creating the catalog if the folder has none). */
  readonly catalogAddition?: { readonly service: string; readonly catalogUri: string; readonly edit: WorkspaceEdit };
}

/** `rca/dashboard`: the workspace report over every indexed RCA, filtered. */
export const DASHBOARD_REQUEST = new RequestType<DashboardParams, Report, void>('rca/dashboard');
export interface DashboardParams {
  readonly filter: ReportFilter;
  /** Only the RCAs of this workspace folder (its URI); every folder's when absent. */
  readonly folder?: string;
  /** At most this many incidents, and action items per owner (the newest and most overdue); counts stay complete. */
  readonly limit?: number;
}

/**
 * `rca/dashboardExport`: the whole report (every incident and open action item), filtered, as
 * the text of a CSV or JSON file (see reportExport.ts). The text comes in pieces, in order, each
 * a `$/progress` of the request's partialResultToken (DASHBOARD_EXPORT_PIECE); the answer follows
 * the last piece.
 */
export const DASHBOARD_EXPORT_REQUEST = new RequestType<DashboardExportParams, DashboardExportResult, void>('rca/dashboardExport');
export const DASHBOARD_EXPORT_PIECE = new ProgressType<string>();
export interface DashboardExportParams {
  readonly filter: ReportFilter;
  /** As in DashboardParams. */
  readonly folder?: string;
  readonly format: ExportFormat;
  readonly partialResultToken: ProgressToken;
}
export interface DashboardExportResult {
  /** How many incidents the file lists. */
  readonly incidents: number;
}

/** Every field optional; dates are `YYYY-MM-DD` (or a prefix: `YYYY-MM`), inclusive. */
export interface ReportFilter {
  readonly from?: string;
  readonly to?: string;
  readonly service?: string;
  readonly severity?: string;
  /** The RCA's author or an action item owner. */
  readonly team?: string;
}

export interface Report {
  /** The day overdue is measured against (UTC). */
  readonly today: string;
  readonly filter: ReportFilter;
  /** What the filters can choose from, over all RCAs. */
  readonly choices: { readonly services: readonly string[]; readonly severities: readonly string[]; readonly teams: readonly string[] };
  /** Over every RCA passing the filter, whatever the limit. */
  readonly totals: { readonly incidents: number; readonly openActionItems: number; readonly overdueActionItems: number };
  /** RCAs passing the filter, newest first. */
  readonly incidents: readonly ReportIncident[];
  /** Every month from the first dated RCA's to the last's, empty ones too: a time axis. */
  readonly byMonth: readonly MonthCount[];
  /** The severities byMonth counts, in the order of `choices.severities`, then `none` (no severity): what its legend lists. */
  readonly monthSeverities: readonly string[];
  /** Every quarter from the first dated RCA's to the last's, empty ones too (count 0, no median). */
  readonly byQuarter: readonly QuarterTimes[];
  /** The same quarters: the time to detect and the customer impact (count 0 in each when no RCA has an impact start). */
  readonly impactByQuarter: readonly ImpactQuarter[];
  /** Top services by number of incidents, and by users affected. */
  readonly servicesByCount: readonly ServiceImpact[];
  readonly servicesByImpact: readonly ServiceImpact[];
  /** Kinds of incident (the title without date and service) seen more than once. */
  readonly recurring: readonly RecurringKind[];
  /** Open action items by owner, owners with overdue items first. */
  readonly owners: readonly OwnerItems[];
  /** Follow-through of every action item, done or open, of the RCAs passing the filter. */
  readonly actionItems: ActionItemFigures;
}

/**
 * How action items are followed through. An item's deadline is the earlier of its due date and
 * the incident's date plus its priority's SLO; it is due once its deadline is before today.
 */
export interface FollowThrough {
  readonly total: number;
  readonly done: number;
  readonly open: number;
  /** Open past the deadline. */
  readonly overdue: number;
  /** Deadline before today, done or not: doneOnTime + doneLate + overdue. */
  readonly due: number;
  /** Due items done by their deadline; done without a day in the Status cell (`Done 2025-08-03`) counts as on time. */
  readonly doneOnTime: number;
  /** Due items whose Status gives a day after the deadline. */
  readonly doneLate: number;
  /** doneOnTime / due, 0 to 1 (three decimals); undefined when nothing is due. */
  readonly followThroughRate: number | undefined;
  /** Days from the incident to today, the median over open items (of dated RCAs). */
  readonly medianOpenAgeDays: number | undefined;
}

export interface ActionItemFigures extends FollowThrough {
  /** The SLO in days by priority (`rca.actionItemSlo`) the deadlines were computed with. */
  readonly slo: Readonly<Record<string, number>>;
  /** Open items by days since their incident. */
  readonly openByAge: readonly AgeBucket[];
  /** Owners with overdue items first; `(no owner)` for items without one. */
  readonly byOwner: readonly (FollowThrough & { readonly owner: string })[];
  /** In the order of `choices.severities`, then the others by name; `(none)` for items without a priority. */
  readonly byPriority: readonly (FollowThrough & { readonly priority: string })[];
  /** By the quarter of the incident that raised them, every quarter from the first to the last. */
  readonly byQuarter: readonly (FollowThrough & { readonly quarter: string })[];
}

export interface AgeBucket {
  /** `0–30 days`, `31–90 days`, `91–180 days`, `181–365 days`, `over 365 days`. */
  readonly label: string;
  readonly minDays: number;
  /** Undefined for the last, open-ended bucket. */
  readonly maxDays: number | undefined;
  readonly count: number;
}

export interface ReportIncident extends IncidentTimelineFigures {
  readonly uri: string;
  readonly path: string;
  readonly title: string;
  readonly date: string | undefined;
  readonly severity: string | undefined;
  readonly status: string | undefined;
  readonly services: readonly string[];
  readonly kind: string;
  /** From impact started when the timeline has it, else from the first event. */
  readonly timeToResolve: number | undefined;
  readonly timeToMitigate: number | undefined;
  readonly usersAffected: number | undefined;
  readonly revenueImpact: number | undefined;
  readonly openActionItems: number;
  readonly overdueActionItems: number;
}

export interface MonthCount {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly total: number;
  readonly bySeverity: Readonly<Record<string, number>>;
}

/** Median and 90th percentile: means mislead on heavy-tailed durations. */
export interface Spread {
  readonly count: number;
  readonly median: number | undefined;
  readonly p90: number | undefined;
}

export interface QuarterTimes {
  /** `YYYY-Qn`. */
  readonly quarter: string;
  readonly incidents: number;
  readonly timeToResolve: Spread;
  readonly timeToMitigate: Spread;
}

/** The quarters of byQuarter, over the RCAs whose timeline has an impact-started row. */
export interface ImpactQuarter {
  /** `YYYY-Qn`. */
  readonly quarter: string;
  readonly timeToDetect: Spread;
  readonly customerImpact: Spread;
}

export interface ServiceImpact {
  readonly service: string;
  readonly incidents: number;
  readonly usersAffected: number;
  readonly revenueImpact: number;
}

export interface RecurringKind {
  readonly kind: string;
  readonly incidents: number;
  readonly services: readonly string[];
  readonly lastDate: string | undefined;
}

export interface OwnerItems {
  readonly owner: string;
  readonly open: number;
  readonly overdue: number;
  readonly items: readonly ReportActionItem[];
}

export interface ReportActionItem {
  readonly uri: string;
  readonly line: number;
  readonly rcaTitle: string;
  readonly priority: string;
  readonly action: string;
  readonly due: string;
  readonly overdue: boolean;
  readonly tracker: TrackerLink | undefined;
}

/**
 * `rca/addTimelineRow`: the edit adding a Timeline row at the current time, after the
 * cursor's row (else in time order, else at the end; a new table when there is none).
 */
export const ADD_TIMELINE_ROW_REQUEST = new RequestType<AddTimelineRowParams, DocumentEditResult, void>('rca/addTimelineRow');
export interface AddTimelineRowParams extends TextDocumentPositionParams {
  /**
   * The time to write, ISO 8601 with the local zone's UTC offset (`2026-12-03T10:15:00+01:00`):
   * a table in UTC gets it in UTC, another in the local zone. The server's clock when absent.
   */
  readonly now?: string;
}

/** `rca/toggleActionItemDone`: the edit marking the Action Items row at the position done in the workspace's convention, or open again. */
export const TOGGLE_ACTION_ITEM_REQUEST = new RequestType<TextDocumentPositionParams, DocumentEditResult, void>('rca/toggleActionItemDone');

/** Edits of the request's document, computed on `version`, or why there are none. */
export type DocumentEditResult = DocumentEdit | { readonly error: string };
export interface DocumentEdit {
  readonly title: string;
  /** The document version the edits apply to: a client drops them when the document has moved on. */
  readonly version: number;
  readonly edits: readonly TextEdit[];
  /** Where the cursor goes after the edits. */
  readonly cursor?: Position;
}

/**
 * `rca/renderData`: what a renderer of an open document's Markdown outside the editor (VS
 * Code's built-in preview) needs from the server: how each of its wiki-links resolves and
 * an RCA's header. Null when the document is not open.
 */
export const RENDER_DATA_REQUEST = new RequestType<RenderDataParams, RenderData | null, void>('rca/renderData');
export interface RenderDataParams {
  readonly uri: string;
}
export interface RenderData {
  readonly uri: string;
  /** The document version the data was computed on. */
  readonly version: number;
  /** One per distinct target and heading of the document's wiki-links. */
  readonly links: readonly WikiLinkResolution[];
  /** For an RCA; undefined for a note. */
  readonly header: RcaHeader | undefined;
}

export interface WikiLinkResolution {
  /** The target and heading as written (shared/wikiLink.ts splits them; wikiLinkKey joins them). */
  readonly target: string;
  readonly heading: string | undefined;
  /** `headingMissing`: the file resolves, its `#Heading` does not. */
  readonly state: 'resolved' | 'missing' | 'ambiguous' | 'headingMissing';
  /** The file it resolves to (resolved, headingMissing). */
  readonly uri: string | undefined;
  /** That file's path in its workspace folder. */
  readonly relativePath: string | undefined;
  /** The heading's anchor in that file as GitHub and VS Code make ids (`root-cause`, `notes-1`); undefined without a heading. */
  readonly anchor: string | undefined;
  /** The heading's line (0-based), else 0. */
  readonly line: number;
  /** Why it does not work, as its diagnostic says; undefined when resolved. */
  readonly problem: string | undefined;
}

/** An RCA's front matter, for a compact header in place of the raw YAML. */
export interface RcaHeader {
  readonly title: string | undefined;
  readonly date: string | undefined;
  readonly severity: string | undefined;
  readonly status: string | undefined;
  readonly services: readonly string[];
  /** `duration_minutes`, else the timeline's span. */
  readonly durationMinutes: number | undefined;
}

/**
 * `rca/actionItems`: the Action Items view's groups of the workspace's action items (by status,
 * owner or RCA), counted from the index; a grouping of at most EXPANDED_GROUPS groups comes with
 * each group's first rows, as it starts expanded. The view never holds every row: 100,000 RCAs
 * have 400,000 of them.
 */
export const ACTION_ITEMS_REQUEST = new RequestType<ActionItemsParams, ActionItemsResult, void>('rca/actionItems');
export type ActionItemGrouping = 'status' | 'owner' | 'rca';
export interface ActionItemsParams {
  /** The repository the editor found in the Git remote (`https://github.com/owner/repo`): the tracker's when `rca.trackerUrl` is empty. */
  readonly repository?: string;
  readonly grouping: ActionItemGrouping;
}
export interface ActionItemsResult {
  /** The day (UTC) the states are measured against. */
  readonly today: string;
  /** Every action item, and the overdue ones (the view's badge). */
  readonly total: number;
  readonly overdue: number;
  /** The first GROUP_ROWS groups in the view's order, none empty. */
  readonly groups: readonly ActionItemGroup[];
  /** How many more groups there are (grouped by RCA, a large workspace has thousands). */
  readonly moreGroups: number;
}
/** The label of rows and groups without an owner. */
export const NO_OWNER = '(no owner)';
/** Groups of a grouping start expanded, their rows sent with them, up to this many (grouped by RCA, a large workspace has thousands). */
export const EXPANDED_GROUPS = 20;
/** Rows sent of a group, and groups of a grouping: the editor takes every tree item a level of a tree has, and 40,000 of them stall it; the rest are counted. */
export const GROUP_ROWS = 500;
export interface ActionItemGroup {
  /** What the grouping groups by: the state, the owner in lower case, the RCA's URI. Stable across refreshes. */
  readonly key: string;
  readonly label: string;
  readonly count: number;
  readonly overdue: number;
  /** Overdue items by priority, the highest first (`P1 2, P2 1`); empty when none is overdue. */
  readonly overdueByPriority: string;
  /** Its first rows, when it starts expanded. */
  readonly rows: ActionItemRows | undefined;
}
export interface ActionItemRows {
  /** The first GROUP_ROWS rows: by state, then deadline (the soonest first; none last), then priority. */
  readonly items: readonly WorkspaceActionItem[];
  /** How many more the group has. */
  readonly more: number;
}
/** `rca/actionItemRows`: the first rows of one group, as the view expands it (an empty list when it is gone). */
export const ACTION_ITEM_ROWS_REQUEST = new RequestType<ActionItemRowsParams, ActionItemRowsResult, void>('rca/actionItemRows');
export interface ActionItemRowsParams extends ActionItemsParams {
  /** The group's key. */
  readonly key: string;
}
export interface ActionItemRowsResult extends ActionItemRows {
  readonly today: string;
}
/** Overdue: open past the deadline; due soon: within 7 days of it; open: later or without one. */
export type ActionItemState = 'overdue' | 'dueSoon' | 'open' | 'done';
export interface WorkspaceActionItem {
  readonly uri: string;
  readonly line: number;
  readonly rcaTitle: string;
  /** Workspace-relative. */
  readonly rcaPath: string;
  readonly priority: string;
  /** Without its done marks. */
  readonly action: string;
  readonly owner: string;
  /** As written. */
  readonly due: string;
  /** The earlier of the due date and the priority's SLO (`YYYY-MM-DD`). */
  readonly deadline: string | undefined;
  readonly state: ActionItemState;
  readonly tracker: TrackerLink | undefined;
}
/**
 * `rca/actionItemsChanged` (server → client, only to the extension client): the index's action
 * items changed (an RCA's rows, title or date, or RCAs with rows came or went); ask again.
 */
export const ACTION_ITEMS_CHANGED_NOTIFICATION = new NotificationType<object>('rca/actionItemsChanged');

/** `rca/editActionItem`: the edit setting the due date, or adding the tracker link, of the Action Items row at the position (its document open). */
export const EDIT_ACTION_ITEM_REQUEST = new RequestType<EditActionItemParams, DocumentEditResult, void>('rca/editActionItem');
export interface EditActionItemParams extends TextDocumentPositionParams {
  /** The new due date, `YYYY-MM-DD`. */
  readonly due?: string;
  /** A tracker link to put in the Ticket cell, else after the action. */
  readonly link?: string;
}

/** `rca/newTrackerIssue`: the tracker's new-issue page for an action item (from the index), prefilled; nothing is sent anywhere. */
export const NEW_TRACKER_ISSUE_REQUEST = new RequestType<NewTrackerIssueParams, NewTrackerIssueResult, void>('rca/newTrackerIssue');
export interface NewTrackerIssueParams {
  readonly uri: string;
  readonly line: number;
  /** As in ActionItemsParams. */
  readonly repository?: string;
  /** The commit checked out: the body links to the RCA as it is at that commit. */
  readonly commit?: string;
}
export type NewTrackerIssueResult = { readonly url: string } | { readonly error: string };

/**
 * `rca/importTimeline`: a PagerDuty, Opsgenie, Slack or CSV/TSV export's events as rows of
 * the RCA's Timeline: the rows to show before anything is written, and the edit that adds them.
 */
export const IMPORT_TIMELINE_REQUEST = new RequestType<ImportTimelineParams, ImportTimelineResult, void>('rca/importTimeline');
export interface ImportTimelineParams {
  readonly textDocument: { readonly uri: string };
  /** What the user picked (a path, or `clipboard`), and its files: one, or a Slack channel folder's day files and users.json. */
  readonly source: { readonly name: string; readonly files: readonly { readonly name: string; readonly text: string }[] };
  /** Found from the content when absent. */
  readonly format?: ImportFormat;
  /** The client's offset from UTC in minutes: the zone of a table whose header and rows name none. */
  readonly localOffset: number;
}
export type ImportTimelineResult = ImportTimelinePreview | { readonly error: string };
export interface ImportTimelinePreview extends DocumentEdit {
  /** The new rows in table order; `edits` is empty when there are none. */
  /** `milestone` is how a reader says it: `impact started`, `mitigated`. */
  readonly rows: readonly { readonly time: string; readonly event: string; readonly milestone?: string }[];
  /** Events the table already has, or that the source repeats. */
  readonly duplicates: number;
  /** The zone the rows are written in: `UTC`, `UTC+02:00`. */
  readonly zone: string;
}
