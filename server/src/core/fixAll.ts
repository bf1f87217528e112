// "Fix all": the preferred fix of every diagnostic, skipping any whose edits
// overlap one already taken (the next pass, after re-diagnosing, gets it).
import type { QuickFix, RcaDiagnostic } from './diagnostics';
import type { Range, TextEdit } from './text';

export function fixAllEdits(diagnostics: readonly RcaDiagnostic[]): TextEdit[] {
  const taken = new Set<QuickFix>();
  const edits: TextEdit[] = [];
  for (const diagnostic of diagnostics) {
    const fix = diagnostic.fixes?.find((f) => f.preferred);
    if (!fix || taken.has(fix)) continue;
    if (fix.edits.some((e) => edits.some((other) => overlaps(e.range, other.range)))) continue;
    taken.add(fix);
    edits.push(...fix.edits);
  }
  return edits;
}

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Two edits collide when their ranges share a character, or both insert at one point. */
function overlaps(a: Range, b: Range): boolean {
  const samePoint = (x: Range, y: Range) => x.start.line === y.start.line && x.start.character === y.start.character;
  if (samePoint(a, b)) return true;
  return before(a.start, b.end) && before(b.start, a.end);
}
