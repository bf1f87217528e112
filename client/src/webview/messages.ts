// Messages between the extension and its webviews. What comes from a webview is
// untrusted: parseWebviewMessage accepts only these shapes.
import type { RcaMetrics, Report, ReportFilter } from '../../../shared/protocol';
import { isInside, isWebUrl, normalizeUri } from '../../../shared/uri';

/** Extension → preview. */
export interface PreviewUpdate {
  readonly type: 'metrics';
  /** null: no RCA has been active since the preview opened. */
  readonly metrics: RcaMetrics | null;
}

/** Extension → dashboard. */
export interface DashboardUpdate {
  readonly type: 'report';
  readonly report: Report;
}
/** Incidents, and action items per owner, the dashboard lists: its report's limit. */
export const DASHBOARD_ROWS = 200;

/** Webview → extension. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  /** Open a workspace Markdown file at a 0-based line. */
  | { readonly type: 'reveal'; readonly uri: string; readonly line: number }
  /** Preview and dashboard: open an action item's tracker link (an http(s) URL) in the browser. */
  | { readonly type: 'openExternal'; readonly url: string }
  /** Dashboard: report again with these filters. */
  | { readonly type: 'filter'; readonly filter: ReportFilter }
  /** Dashboard: save the report as a file. */
  | { readonly type: 'export'; readonly format: 'csv' | 'json' };

const MAX_LINE = 10_000_000;

/** `folders`: the workspace folders' URIs, the only places a reveal may open a file in. */
export function parseWebviewMessage(raw: unknown, folders: readonly string[]): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  if (m.type === 'ready') return { type: 'ready' };
  if (m.type === 'reveal' && typeof m.uri === 'string' && Number.isInteger(m.line) && (m.line as number) >= 0 && (m.line as number) < MAX_LINE) {
    const uri = workspaceMarkdownUri(m.uri, folders);
    return uri === undefined ? undefined : { type: 'reveal', uri, line: m.line as number };
  }
  if (m.type === 'openExternal' && typeof m.url === 'string' && m.url.length < 4096 && isWebUrl(m.url)) return { type: 'openExternal', url: m.url };
  if (m.type === 'export' && (m.format === 'csv' || m.format === 'json')) return { type: 'export', format: m.format };
  if (m.type === 'filter' && typeof m.filter === 'object' && m.filter !== null) {
    const raw = m.filter as Record<string, unknown>;
    const filter: { -readonly [K in keyof ReportFilter]: ReportFilter[K] } = {};
    for (const key of ['service', 'severity', 'team'] as const) {
      const value = raw[key];
      if (typeof value === 'string' && value !== '' && value.length <= 200) filter[key] = value;
    }
    for (const key of ['from', 'to'] as const) {
      const value = raw[key];
      if (typeof value === 'string' && /^\d{4}-\d{2}(?:-\d{2})?$/.test(value)) filter[key] = value;
    }
    return { type: 'filter', filter };
  }
  return undefined;
}

/**
 * The normalized URI of a local Markdown file inside a workspace folder: never
 * `command:`, `javascript:` or remote URIs, other hosts' shares, `..` or NUL.
 */
function workspaceMarkdownUri(raw: string, folders: readonly string[]): string | undefined {
  if (raw.length >= 4096) return undefined;
  const uri = normalizeUri(raw);
  return /^file:\/\/[^?#]*\.(md|markdown)$/i.test(uri) && folders.some((folder) => isInside(uri, folder)) ? uri : undefined;
}
