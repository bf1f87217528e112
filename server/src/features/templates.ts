// Text of new files: an RCA with every required field and section (from the
// schema), or a note with an H1.
import { FIELD_DEFAULTS, listable, rcaSkeleton } from '../core/schema';
import type { RcaSettings } from '../core/settings';
import { yamlScalar } from '../core/yamlText';

/** `2025-07-30-cache-bug` → `2025-07-30 - Cache bug`; `payment-flow` → `Payment flow`. */
export function titleFromName(name: string): { title: string; date: string | undefined } {
  const dated = /^(\d{4}-\d{2}-\d{2})[-_ ]*(?![-_ ])(.*)$/.exec(name);
  const words = (text: string) => {
    const spaced = text.replace(/[-_]+/g, ' ').trim();
    return spaced.charAt(0).toUpperCase() + spaced.slice(1);
  };
  if (dated) return { title: dated[2] ? `${dated[1]} - ${words(dated[2])}` : dated[1], date: dated[1] };
  return { title: words(name) || name, date: undefined };
}

export function noteTemplate(name: string, heading: string | undefined): string {
  const { title } = titleFromName(name);
  return `# ${title}\n${heading ? `\n## ${heading}\n` : ''}`;
}

/** What the New RCA command knows beyond the name: filled in instead of placeholders. */
export interface TemplateFill {
  /** The title as the user wrote it, dated today. */
  readonly title?: string;
  readonly services?: readonly string[];
  readonly severity?: string;
  readonly author?: string;
}

export function rcaTemplate(name: string, settings: RcaSettings, today: string, fill: TemplateFill = {}): string {
  const { title, date: fromName } = fill.title === undefined ? titleFromName(name) : { title: fill.title, date: undefined };
  const date = fromName ?? today;
  const fullTitle = fromName ? title : `${date} - ${title}`;
  const severity = fill.severity ?? settings.severities.at(-1)?.name ?? 'P4';
  const status = settings.statuses.includes(FIELD_DEFAULTS.status) ? FIELD_DEFAULTS.status : (settings.statuses[0] ?? FIELD_DEFAULTS.status);
  const values = {
    ...FIELD_DEFAULTS,
    title: JSON.stringify(fullTitle),
    date,
    severity,
    services: `[${(fill.services ?? []).map(flowScalar).join(', ')}]`,
    status,
    ...(fill.author === undefined ? {} : { author: yamlScalar(fill.author) }),
  };
  return rcaSkeleton(values, fullTitle, settings.requiredSections, (fill.services ?? []).filter(listable));
}

/** A name as an item of a YAML flow list (`[a, b]`): plain when it reads back as itself there, else double-quoted. */
function flowScalar(name: string): string {
  return /^[A-Za-z0-9_][\w .\/@+-]*$/.test(name) && !name.endsWith(' ') ? name : JSON.stringify(name);
}
