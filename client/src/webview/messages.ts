// Messages between the extension and its webviews. What comes from a webview is
// untrusted: parseWebviewMessage accepts only these shapes.
import type { RcaMetrics } from '../../../server/src/protocol';

/** Extension → preview. */
export interface PreviewUpdate {
  readonly type: 'metrics';
  readonly metrics: RcaMetrics;
}

/** Webview → extension. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  /** Open a workspace Markdown file at a 0-based line. */
  | { readonly type: 'reveal'; readonly uri: string; readonly line: number };

const MAX_LINE = 10_000_000;

export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  if (m.type === 'ready') return { type: 'ready' };
  if (m.type === 'reveal' && typeof m.uri === 'string' && isFileMarkdownUri(m.uri) && Number.isInteger(m.line) && (m.line as number) >= 0 && (m.line as number) < MAX_LINE) {
    return { type: 'reveal', uri: m.uri, line: m.line as number };
  }
  return undefined;
}

/** Only local Markdown files: never `command:`, `javascript:` or remote URIs. */
function isFileMarkdownUri(uri: string): boolean {
  return /^file:\/\/[^?#]*\.(md|markdown)$/i.test(uri) && uri.length < 4096;
}
