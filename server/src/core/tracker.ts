// Tracker links of action items: a GitHub, GitLab, Jira or Linear issue named in a row's
// Ticket (Issue, Link) cell or in its Action cell, and the URL it opens: the one resolver
// behind document links, the Action Items view, the metrics preview, the report and the site.
import type { TrackerLink } from '../../../shared/protocol';
import { isWebUrl } from '../../../shared/uri';

/** The issue tracker a workspace files action items in (`rca.tracker`), its base URL and Jira project. */
export interface TrackerSettings {
  readonly kind: TrackerKind | undefined;
  /** GitHub/GitLab: the repository's URL (`https://github.com/owner/repo`); Jira: the site (`https://acme.atlassian.net`). */
  readonly url: string;
  /** Jira: the project new issues go in, as its numeric id (`pid`), optionally `:` its issue type's id (`10000:10002`; Task, 3, by default). */
  readonly project: string;
}

export type TrackerKind = 'github' | 'gitlab' | 'jira';

/** One issue reference in a cell's text, `text` as written, at `start` in the cell. */
export type TrackerRef = TrackerLink & { readonly start: number };

// Each alternative is anchored on a literal start and bounded by its character class: linear.
const URL = /\bhttps?:\/\/[^\s|<>()[\]`"']+/g;
const ISSUE = /(?<![\w/#&])(?:([A-Za-z0-9][\w.-]{0,99}\/[\w.-]{1,100}))?#(\d{1,9})\b/g;
const KEY = /(?<![\w-])([A-Z][A-Z0-9]{1,9})-(\d{1,9})\b/g;

/** URLs of issues in each tracker's form. */
const TRACKER_URLS = [
  /^https?:\/\/github\.com\/[^/]+\/[^/]+\/(?:issues|pull)\/\d+/,
  /^https?:\/\/[^/]+\/.+\/-\/(?:issues|work_items)\/\d+/,
  /^https?:\/\/[^/]+\/browse\/[A-Z][A-Z0-9]*-\d+/,
  /^https?:\/\/linear\.app\/[^/]+\/issue\/[A-Z][A-Z0-9]*-\d+/,
];

/**
 * The issue references in a cell. `anyUrl`: every URL counts (a Ticket column), not only
 * issue URLs (an Action cell, where a URL may be a runbook). Keys (`PROJ-123`) count in a
 * Ticket column, and in an Action cell only when the tracker is Jira (else `UTF-8` would).
 */
export function trackerRefs(text: string, tracker: TrackerSettings, anyUrl: boolean): TrackerRef[] {
  const keys = anyUrl || tracker.kind === 'jira';
  // Most cells name no issue, and a reference needs a `://`, a `#` or (a key) a `-`: no pass over the text then.
  if (!text.includes('://') && !text.includes('#') && !(keys && text.includes('-'))) return [];
  const refs: TrackerRef[] = [];
  const taken: [number, number][] = [];
  // The URLs' spans are in order, as are each later pass's matches: a cursor per pass, not a search per match.
  let next = 0;
  const inside = (at: number) => {
    while (next < taken.length && taken[next][1] <= at) next++;
    return next < taken.length && at >= taken[next][0];
  };
  for (const m of text.matchAll(URL)) {
    const url = trimEnd(m[0], '.,;:!?');
    taken.push([m.index, m.index + url.length]);
    if (anyUrl || TRACKER_URLS.some((form) => form.test(url))) refs.push(ref(url, m.index, url, `Only http(s) links open: ${url}.`));
  }
  for (const m of text.matchAll(ISSUE)) {
    if (inside(m.index)) continue;
    const hint = tracker.kind === 'jira'
      ? `${m[0]} names a GitHub or GitLab issue: set rca.tracker to github or gitlab (it is jira).`
      : `Set rca.trackerUrl to the repository (https://github.com/owner/repo) to open ${m[0]}.`;
    refs.push(ref(m[0], m.index, issueUrl(m[1], m[2], tracker), hint));
  }
  if (keys) {
    next = 0;
    for (const m of text.matchAll(KEY)) {
      if (inside(m.index)) continue;
      const url = tracker.kind === 'jira' && tracker.url ? `${base(tracker.url)}/browse/${m[0]}` : undefined;
      refs.push(ref(m[0], m.index, url, `Set rca.tracker to jira and rca.trackerUrl to the Jira site (https://acme.atlassian.net) to open ${m[0]}.`));
    }
  }
  return refs.sort((a, b) => a.start - b.start);
}

/** A reference opens only an http(s) URL: an rca.trackerUrl of another scheme (`javascript:`) gives none. */
function ref(text: string, start: number, url: string | undefined, hint: string): TrackerRef {
  return url !== undefined && isWebUrl(url) ? { text, start, url } : { text, start, url: undefined, hint };
}

/** `#123` or `owner/repo#123` in the configured GitHub or GitLab. */
function issueUrl(repo: string | undefined, number: string, tracker: TrackerSettings): string | undefined {
  if (tracker.kind === 'jira') return undefined;
  const repoUrl = repo === undefined ? (tracker.url ? base(tracker.url) : undefined) : `${tracker.url ? origin(tracker.url) : tracker.kind === 'gitlab' ? 'https://gitlab.com' : 'https://github.com'}/${repo}`;
  if (repoUrl === undefined) return undefined;
  return tracker.kind === 'gitlab' ? `${repoUrl}/-/issues/${number}` : `${repoUrl}/issues/${number}`;
}

function base(url: string): string {
  const trimmed = trimEnd(url.trim(), '/');
  return trimmed.endsWith('.git') ? trimmed.slice(0, -4) : trimmed;
}

/** `text` without the run of `chars` that ends it (by hand: a `[…]+$` pattern is quadratic on a long run). */
function trimEnd(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1])) end--;
  return text.slice(0, end);
}

function origin(url: string): string {
  return /^https?:\/\/[^/]+/.exec(url.trim())?.[0] ?? 'https://github.com';
}

/** Jira's built-in Task issue type. */
const JIRA_TASK = '3';

/**
 * The tracker settings with the repository the editor found in the Git remote standing in
 * for an empty `rca.trackerUrl` (GitHub or GitLab, by its host when `rca.tracker` is not set).
 */
export function withRepository(tracker: TrackerSettings, repository: string | undefined): TrackerSettings {
  if (tracker.url || !repository || tracker.kind === 'jira') return tracker;
  const host = /^https?:\/\/([^/]+)/.exec(repository)?.[1].toLowerCase();
  const kind = tracker.kind ?? (host === 'github.com' ? 'github' : host?.includes('gitlab') ? 'gitlab' : undefined);
  return kind ? { ...tracker, kind, url: repository } : tracker;
}

/** What a new issue is prefilled with. */
export interface NewIssue {
  readonly title: string;
  readonly body: string;
  readonly labels: readonly string[];
}

/**
 * The tracker's "new issue" page with the issue prefilled through its URL parameters,
 * or why there is none. Nothing is sent: the editor opens the page in a browser.
 */
export function newIssueUrl(tracker: TrackerSettings, issue: NewIssue): { readonly url: string } | { readonly error: string } {
  if (!tracker.kind) return { error: 'Set rca.tracker (github, gitlab or jira) to create tracker issues.' };
  if (!/^https?:\/\/[^/\s]+/.test(tracker.url.trim())) return { error: `Set rca.trackerUrl to your ${tracker.kind === 'jira' ? 'Jira site (https://acme.atlassian.net)' : 'repository (https://github.com/owner/repo)'}.` };
  const q = (pairs: [string, string][]) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const repo = base(tracker.url);
  switch (tracker.kind) {
    case 'github':
      return { url: `${repo}/issues/new?${q([['title', issue.title], ['body', issue.body], ['labels', issue.labels.join(',')]])}` };
    case 'gitlab':
      // GitLab reads labels from a quick action in the description.
      return { url: `${repo}/-/issues/new?${q([['issue[title]', issue.title], ['issue[description]', `${issue.body}\n\n/label ${issue.labels.map((l) => `~"${l}"`).join(' ')}`]])}` };
    case 'jira':
    {
      // Jira's create page needs the project's and the issue type's ids, not their names.
      const [pid, issueType = JIRA_TASK] = tracker.project.trim().split(':');
      if (!/^\d+$/.test(pid) || !/^\d+$/.test(issueType)) return { error: 'Set rca.trackerProject to the id of the Jira project new issues go in (10000), or project:issue type (10000:10002).' };
      return { url: `${repo}/secure/CreateIssueDetails!init.jspa?${q([['pid', pid], ['issuetype', issueType], ['summary', issue.title], ['description', issue.body], ['labels', issue.labels.join(' ')]])}` };
    }
  }
}

/** A row's tracker link: the first reference in its Ticket cell, else in its Action cell. */
export function rowTracker(ticket: string, action: string, tracker: TrackerSettings): TrackerLink | undefined {
  const first = trackerRefs(ticket, tracker, true)[0] ?? trackerRefs(action, tracker, false)[0];
  if (first === undefined) return undefined;
  return first.url === undefined ? { text: first.text, url: undefined, hint: first.hint } : { text: first.text, url: first.url };
}
