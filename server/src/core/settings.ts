// User settings (`rca.*`), shared by the language server and `rca-lint`.
import { GlobError, compileGlob } from './glob';
import type { Milestone } from './model';
import type { DurationFrom } from './timeline';
import { DEFAULT_REQUIRED_SECTIONS } from './schema';
import type { TrackerKind, TrackerSettings } from './tracker';

export type RuleSeverity = 'error' | 'warning' | 'info' | 'off';

export interface SeverityLevel {
  readonly name: string;
  readonly description: string;
}

export interface RcaSettings {
  /** Globs (workspace-relative) of files that are RCAs even without the `rca` tag. */
  readonly files: readonly string[];
  /** Workspace-relative path of the service and team catalog. */
  readonly catalog: string;
  /** Severity per diagnostic code, over the defaults. */
  readonly rules: Readonly<Record<string, RuleSeverity>>;
  readonly severities: readonly SeverityLevel[];
  readonly statuses: readonly string[];
  readonly requiredSections: readonly string[];
  /** Keywords (case-insensitive) that mark a timeline event as reaching a milestone. */
  readonly milestones: Readonly<Record<Milestone, readonly string[]>>;
  /** What `duration_minutes` must equal: resolved minus impact started, or minus detected (each else minus the first row). */
  readonly durationFrom: DurationFrom;
  /** Files larger than this many bytes are not indexed. */
  readonly maxFileSize: number;
  /** At most this many Markdown files are indexed (RCAs first): memory stays bounded in huge folders. */
  readonly maxFiles: number;
  /** The MTTx code lens above the Timeline. */
  readonly codeLens: boolean;
  /** `+10m` hints after timeline times. */
  readonly inlayHints: boolean;
  /** What the editor's own Markdown support does for ordinary links, left to it (not an `rca.*` setting: the server learns it from the editor). */
  readonly editorMarkdown: EditorMarkdown;
  /** The author New RCA writes (the editor's user name, e.g. git's, when empty). */
  readonly defaultAuthor: string;
  /** Days from the incident by which an action item of each priority is due (priorities not named have none). */
  readonly actionItemSlo: Readonly<Record<string, number>>;
  /** Where action items are tracked (`rca.tracker`, `rca.trackerUrl`, `rca.trackerProject`). */
  readonly tracker: TrackerSettings;
  /** An action item with an SLO needs a tracker link this many days after the incident. */
  readonly trackerLinkDays: number;
}

/** The parts of ordinary-link support an editor's built-in Markdown support already gives (VS Code's, as its `markdown.*` settings say). */
export interface EditorMarkdown {
  /** It reports broken links (`markdown.validate.enabled`). */
  readonly validatesLinks: boolean;
  /** It completes paths and headings after `](` (`markdown.suggest.paths.enabled`). */
  readonly completesPaths: boolean;
  /** It rewrites links when files move (`markdown.updateLinksOnFileMove.enabled` other than `never`). */
  readonly updatesLinksOnMove: boolean;
  /** It makes links clickable (document links). */
  readonly linksDocuments: boolean;
}

/**
 * What VS Code's built-in Markdown support does for ordinary links, from its
 * `markdown` settings section: link validation is off by default, path completion
 * on, updating links on a move `never`; it always makes links clickable.
 */
export function builtinMarkdown(section: unknown): EditorMarkdown {
  const read = (...path: string[]) => path.reduce<unknown>((value, key) => (isRecord(value) ? value[key] : undefined), section);
  const onMove = read('updateLinksOnFileMove', 'enabled');
  return {
    validatesLinks: read('validate', 'enabled') === true,
    completesPaths: read('suggest', 'paths', 'enabled') !== false,
    updatesLinksOnMove: typeof onMove === 'string' && onMove !== 'never',
    linksDocuments: true,
  };
}

/** An editor without Markdown support of its own (and rca-lint): RCA Author does all of it. */
export const NO_EDITOR_MARKDOWN: EditorMarkdown = { validatesLinks: false, completesPaths: false, updatesLinksOnMove: false, linksDocuments: false };

export const DEFAULT_SETTINGS: RcaSettings = {
  files: ['**/rca/**/*.md', '**/rcas/**/*.md', '**/postmortems/**/*.md'],
  catalog: '.rca/catalog.yaml',
  rules: {},
  severities: [
    { name: 'P1', description: 'Critical: complete outage or data loss for many customers' },
    { name: 'P2', description: 'Major: a core feature is down or badly degraded' },
    { name: 'P3', description: 'Minor: partial degradation with a workaround' },
    { name: 'P4', description: 'Low: cosmetic or internal impact only' },
  ],
  statuses: ['draft', 'investigating', 'identified', 'monitoring', 'mitigated', 'resolved', 'closed'],
  requiredSections: DEFAULT_REQUIRED_SECTIONS,
  milestones: {
    impactStarted: ['impact started', 'impact began', 'impact start', 'customers first affected', 'customer impact began', 'errors started', 'errors began', 'degradation began', 'outage began'],
    detected: ['alert', 'triggered', 'detected'],
    acknowledged: ['paged', 'acknowledged', 'investigation started'],
    identified: ['root cause identified', 'identified'],
    mitigated: ['mitigation', 'mitigated'],
    recovered: ['recovery', 'recovered'],
    resolved: ['resolved'],
  },
  durationFrom: 'detection',
  maxFileSize: 1_000_000,
  maxFiles: 50_000,
  codeLens: true,
  inlayHints: true,
  editorMarkdown: NO_EDITOR_MARKDOWN,
  defaultAuthor: '',
  // Atlassian's handbook: priority actions within 4 or 8 weeks.
  actionItemSlo: { P1: 28, P2: 56 },
  tracker: { kind: undefined, url: '', project: '' },
  trackerLinkDays: 7,
};

/**
 * Merges untrusted settings (from an editor or a config file) over the defaults,
 * keeping only values of the right shape. Values that have the right shape but
 * cannot be used are replaced by the defaults and told to `problem`.
 */
export function resolveSettings(input: unknown, problem: (message: string) => void = () => {}): RcaSettings {
  const raw = isRecord(input) ? input : {};
  const strings = (value: unknown, fallback: readonly string[]) =>
    Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : fallback;
  const rules: Record<string, RuleSeverity> = {};
  if (isRecord(raw.rules)) {
    for (const [code, level] of Object.entries(raw.rules)) {
      if (level === 'error' || level === 'warning' || level === 'info' || level === 'off') rules[code] = level;
    }
  }
  let severities = DEFAULT_SETTINGS.severities;
  if (Array.isArray(raw.severities)) {
    const levels = raw.severities.flatMap((entry): SeverityLevel[] => {
      if (typeof entry === 'string') return [{ name: entry, description: '' }];
      if (isRecord(entry) && typeof entry.name === 'string') return [{ name: entry.name, description: typeof entry.description === 'string' ? entry.description : '' }];
      return [];
    });
    if (levels.length > 0) severities = levels;
  }
  const milestones = { ...DEFAULT_SETTINGS.milestones };
  if (isRecord(raw.milestones)) {
    for (const key of Object.keys(milestones) as Milestone[]) milestones[key] = strings(raw.milestones[key], milestones[key]).map((k) => k.toLowerCase());
  }
  return {
    files: readableGlobs(strings(raw.files, DEFAULT_SETTINGS.files), problem),
    catalog: typeof raw.catalog === 'string' && raw.catalog.trim() ? raw.catalog : DEFAULT_SETTINGS.catalog,
    rules,
    severities,
    statuses: strings(raw.statuses, DEFAULT_SETTINGS.statuses),
    requiredSections: strings(raw.requiredSections, DEFAULT_SETTINGS.requiredSections),
    milestones,
    durationFrom: raw.durationFrom === 'impact' || raw.durationFrom === 'detection' ? raw.durationFrom : DEFAULT_SETTINGS.durationFrom,
    maxFileSize: typeof raw.maxFileSize === 'number' && raw.maxFileSize > 0 ? raw.maxFileSize : DEFAULT_SETTINGS.maxFileSize,
    maxFiles: typeof raw.maxFiles === 'number' && Number.isInteger(raw.maxFiles) && raw.maxFiles > 0 ? raw.maxFiles : DEFAULT_SETTINGS.maxFiles,
    codeLens: flag(raw.codeLens, DEFAULT_SETTINGS.codeLens),
    inlayHints: flag(raw.inlayHints, DEFAULT_SETTINGS.inlayHints),
    editorMarkdown: NO_EDITOR_MARKDOWN,
    defaultAuthor: typeof raw.defaultAuthor === 'string' ? raw.defaultAuthor.trim() : DEFAULT_SETTINGS.defaultAuthor,
    actionItemSlo: isRecord(raw.actionItemSlo) ? slo(raw.actionItemSlo) : DEFAULT_SETTINGS.actionItemSlo,
    tracker: {
      kind: TRACKERS.find((kind) => kind === raw.tracker),
      url: typeof raw.trackerUrl === 'string' ? raw.trackerUrl.trim() : '',
      project: typeof raw.trackerProject === 'string' ? raw.trackerProject.trim() : '',
    },
    trackerLinkDays: typeof raw.trackerLinkDays === 'number' && Number.isInteger(raw.trackerLinkDays) && raw.trackerLinkDays >= 0 ? raw.trackerLinkDays : DEFAULT_SETTINGS.trackerLinkDays,
  };
}

const TRACKERS: readonly TrackerKind[] = ['github', 'gitlab', 'jira'];

/** Whole days per priority; other values leave that priority without an SLO. A map: a priority may be named `__proto__`. */
function slo(raw: Record<string, unknown>): Readonly<Record<string, number>> {
  return Object.fromEntries(Object.entries(raw).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isInteger(e[1]) && e[1] >= 0));
}

/** The globs, or the defaults if one is malformed: it would fail every file's check. */
function readableGlobs(globs: readonly string[], problem: (message: string) => void): readonly string[] {
  for (const glob of globs) {
    try {
      compileGlob(glob);
    } catch (error) {
      if (!(error instanceof GlobError)) throw error;
      problem(`rca.files: ${error.message}; using the default globs (${DEFAULT_SETTINGS.files.join(', ')})`);
      return DEFAULT_SETTINGS.files;
    }
  }
  return globs;
}

/** `true`/`false`, or `{ enabled: boolean }` as VS Code nests `rca.codeLens.enabled`. */
function flag(value: unknown, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value;
  if (isRecord(value) && typeof value.enabled === 'boolean') return value.enabled;
  return fallback;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
