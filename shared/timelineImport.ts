// What the editor and the server agree on for timeline import: the sources it reads and
// how much, so that the client refuses what the server would (before reading it).

export type ImportFormat = 'pagerduty' | 'opsgenie' | 'slack' | 'csv';
export const IMPORT_FORMATS: readonly ImportFormat[] = ['pagerduty', 'opsgenie', 'slack', 'csv'];

/** A source bigger than this (in characters, which UTF-8 bytes are at least) is refused before it is parsed. */
export const MAX_IMPORT_CHARS = 32 * 1024 * 1024;

/** Whether a file belongs to a Slack channel export: a day file (`2025-07-30.json`) or `users.json`. */
export function isSlackExportFile(name: string): boolean {
  return /(?:^|[\\/])(?:\d{4}-\d{2}-\d{2}|users)\.json$/.test(name);
}
