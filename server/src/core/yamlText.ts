// Small helpers over the `yaml` package's positions and output, for the front
// matter and the catalog file.
import { stringify } from 'yaml';

/**
 * yaml marks some errors by one character (a duplicate key's first letter) or
 * runs them into the next line: widen to the whole token, stop at the line end.
 */
export function tokenSpan(source: string, start: number, end: number): [number, number] {
  end = Math.min(end, source.length);
  if (end - start <= 1) while (end < source.length && /[^\s:,[\]{}]/.test(source[end])) end++;
  while (end > start && (source[end - 1] === '\n' || source[end - 1] === '\r')) end--;
  return [start, end];
}

export function firstLine(message: string): string {
  const newline = message.indexOf('\n');
  return newline === -1 ? message : message.slice(0, newline);
}

/** `text` as a YAML scalar: plain when YAML reads it back as the same string, quoted when not. */
export function yamlScalar(text: string): string {
  return stringify(text, { lineWidth: 0 }).trimEnd();
}
