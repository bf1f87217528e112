// A file's bytes: the one rule that reads how the file is stored rather than what it says.
import type { Rule } from '../core/diagnostics';

/** A file that is not UTF-8 is checked as decoded lossily, and never rewritten: the fix would replace every bad byte. */
export const notUtf8: Rule = ({ doc, notUtf8: lossy, report }) => {
  if (!lossy) return;
  // The first replacement character is where decoding first failed (or a U+FFFD the file holds before it).
  const at = Math.max(0, doc.text.indexOf('\uFFFD'));
  report('not-utf8', doc.lines.range(at, Math.min(at + 1, doc.text.length)), 'This file is not valid UTF-8: it is checked with U+FFFD for each invalid byte and never rewritten; save it as UTF-8');
};
