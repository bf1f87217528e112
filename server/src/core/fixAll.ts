// "Fix all": the preferred fix of every diagnostic, skipping any whose edits
// overlap one already taken (the next pass, after re-diagnosing, gets it).
// Insertions at one point (missing sections added at the end) all land, in
// the order of their diagnostics.
import type { QuickFix, RcaDiagnostic } from './diagnostics';
import { applyEdits, LineIndex, positionBefore, type Range, type TextEdit } from './text';

export function fixAllEdits(diagnostics: readonly RcaDiagnostic[]): TextEdit[] {
  const taken = new Set<QuickFix>();
  const edits: TextEdit[] = [];
  for (const diagnostic of diagnostics) {
    const fix = diagnostic.fixes?.find((f) => f.preferred);
    if (!fix || taken.has(fix)) continue;
    if (fix.edits.some((e) => edits.some((other) => overlaps(e.range, other.range) && !(isInsertion(e) && isInsertion(other) && samePoint(e.range, other.range))))) continue;
    taken.add(fix);
    for (const e of fix.edits) {
      const at = edits.findIndex((other) => isInsertion(e) && isInsertion(other) && samePoint(e.range, other.range));
      if (at === -1) edits.push(e);
      else edits[at] = { range: e.range, newText: edits[at].newText + e.newText };
    }
  }
  return edits;
}

function isInsertion(e: TextEdit): boolean {
  return samePoint(e.range, { start: e.range.end, end: e.range.end });
}

function samePoint(x: Range, y: Range): boolean {
  return x.start.line === y.start.line && x.start.character === y.start.character;
}

/** Two edits collide when their ranges share a character, or both start at one point. */
function overlaps(a: Range, b: Range): boolean {
  if (samePoint(a, b)) return true;
  return positionBefore(a.start, b.end) && positionBefore(b.start, a.end);
}

const MAX_PASSES = 5;

/**
 * Applies preferred fixes pass after pass until none is left: a fix can only be
 * right once the one before it has landed (the Summary's minutes follow a
 * corrected duration_minutes). `diagnose` checks a text without side effects.
 */
export function fixAllText(text: string, diagnose: (text: string) => readonly RcaDiagnostic[]): string {
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const edits = fixAllEdits(diagnose(text));
    if (edits.length === 0) break;
    text = applyEdits(text, edits);
  }
  return text;
}

/** One edit turning `before` into `after`, leaving their common start and end alone. */
export function minimalEdit(before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  // Never split a CRLF or a surrogate pair.
  while (start > 0 && (before[start - 1] === '\r' || isHighSurrogate(before.charCodeAt(start - 1)))) start--;
  while (end > 0 && (before[before.length - end] === '\n' || isLowSurrogate(before.charCodeAt(before.length - end)))) end--;
  const lines = new LineIndex(before);
  return { range: lines.range(start, before.length - end), newText: after.slice(start, after.length - end) };
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
