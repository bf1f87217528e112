// Text primitives: line index (LSP positions in UTF-16 code units), slugs, calendar dates, globs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GlobError, compileGlob, matchesAnyGlob } from '../server/src/core/glob';
import { DEFAULT_SETTINGS, resolveSettings } from '../server/src/core/settings';
import { cutText, endsWithEol, eolOf, LineIndex, slugify } from '../server/src/core/text';
import { epochDay, isCalendarDate, isoDay } from '../shared/calendarDay';

describe('LineIndex', () => {
  test('positionAt and offsetAt round-trip on every offset', () => {
    const texts = ['', 'a', '\n', 'one\rtwo\r\rthree\r\r\nx\r', 'one\ntwo\n\nfour', 'one\r\ntwo\r\n\r\nfour\r\n', 'é🚀x\n𝄞\r\nend', '\n\n\n'];
    for (const text of texts) {
      const lines = new LineIndex(text);
      for (let offset = 0; offset <= text.length; offset++) {
        const position = lines.positionAt(offset);
        // Offsets between \r and \n are not addressable as a position inside the line's content.
        if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
        assert.equal(lines.offsetAt(position), offset, `${JSON.stringify(text)} @${offset} → ${JSON.stringify(position)}`);
      }
    }
  });

  test('positions of known offsets', () => {
    const lines = new LineIndex('ab\ncd\n');
    assert.equal(lines.lineCount, 3);
    assert.deepEqual(lines.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(lines.positionAt(2), { line: 0, character: 2 });
    assert.deepEqual(lines.positionAt(3), { line: 1, character: 0 });
    assert.deepEqual(lines.positionAt(5), { line: 1, character: 2 });
    assert.deepEqual(lines.positionAt(6), { line: 2, character: 0 });
    // Out of range offsets clamp.
    assert.deepEqual(lines.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(lines.positionAt(99), { line: 2, character: 0 });
    // Characters past the end of a line clamp to its end, lines past the end to the text's end.
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 2);
    assert.equal(lines.offsetAt({ line: 9, character: 0 }), 6);
    assert.equal(lines.offsetAt({ line: -1, character: 4 }), 0);
  });

  test('CRLF: lineText and lineEnd exclude the \\r', () => {
    const lines = new LineIndex('first\r\nsecond\r\n\r\nlast');
    assert.equal(lines.lineCount, 4);
    assert.deepEqual([0, 1, 2, 3].map((l) => lines.lineText(l)), ['first', 'second', '', 'last']);
    assert.equal(lines.lineEnd(0), 5);
    assert.equal(lines.lineStart(1), 7);
    assert.equal(lines.lineEnd(1), 13);
    // A position past the content of a CRLF line does not land between \r and \n.
    assert.equal(lines.offsetAt({ line: 0, character: 6 }), 5);
  });

  test('a lone \r is a line break, as LSP reads it; \r\r\n is two', () => {
    const lines = new LineIndex('one\rtwo\r\rthree\r\r\nfour\r');
    assert.deepEqual(
      Array.from({ length: lines.lineCount }, (_, l) => lines.lineText(l)),
      ['one', 'two', '', 'three', '', 'four', ''],
    );
    assert.deepEqual(lines.positionAt(4), { line: 1, character: 0 });
    assert.equal(lines.lineEnd(4), 15);
    assert.equal(lines.offsetAt({ line: 0, character: 9 }), 3);
    assert.deepEqual(lines.clamp({ line: 1, character: 40 }), { line: 1, character: 3 });
  });

  test('the line ending of a file is its first one', () => {
    assert.deepEqual(['a\rb\r', 'a\r\nb', 'a\nb\r\n', 'a'].map(eolOf), ['\r', '\r\n', '\n', '\n']);
    assert.deepEqual(['a\r', 'a\n', 'a', ''].map(endsWithEol), [true, true, false, false]);
  });

  test('characters are UTF-16 code units: astral characters count two', () => {
    const text = 'a🚀b\n𝄞é\n';
    const lines = new LineIndex(text);
    assert.deepEqual(lines.positionAt(text.indexOf('b')), { line: 0, character: 3 });
    assert.deepEqual(lines.positionAt(text.indexOf('é')), { line: 1, character: 2 });
    assert.equal(lines.lineText(0).length, 4);
    assert.equal(lines.offsetAt({ line: 1, character: 2 }), text.indexOf('é'));
    assert.deepEqual(lines.range(1, 3), { start: { line: 0, character: 1 }, end: { line: 0, character: 3 } });
  });
});

describe('slugify', () => {
  test('ASCII headings (the fast path) give GitHub slugs', () => {
    assert.equal(slugify('Root Cause'), 'root-cause');
    assert.equal(slugify('What Went Well'), 'what-went-well');
    assert.equal(slugify('  Summary  '), 'summary');
    assert.equal(slugify('a  b'), 'a--b');
    assert.equal(slugify('snake_case-Title'), 'snake_case-title');
    assert.equal(slugify('2025 Q3'), '2025-q3');
    assert.equal(slugify(''), '');
  });

  test('headings with punctuation or non-ASCII letters (the Unicode path) give GitHub slugs', () => {
    assert.equal(slugify('Action Items (Q3)'), 'action-items-q3');
    assert.equal(slugify('C++ & Go!'), 'c--go');
    assert.equal(slugify('1. Intro: the "why"'), '1-intro-the-why');
    assert.equal(slugify('Café Déjà Vu'), 'café-déjà-vu');
    assert.equal(slugify('Émoji 🚀 Launch'), 'émoji--launch');
    assert.equal(slugify('Größe'), 'größe');
    assert.equal(slugify('日本語 見出し'), '日本語-見出し');
    assert.equal(slugify('What Could Be Improved?'), 'what-could-be-improved');
  });

  test('both paths agree where both apply', () => {
    // Same words, one with a character that forces the Unicode path and is then dropped.
    for (const text of ['Root Cause', 'Lessons Learned', 'a_b-c d', 'x  y']) assert.equal(slugify(`${text}!`), slugify(text));
  });

  test('combining marks stay in the slug, as GitHub keeps them', () => {
    // GitHub drops punctuation and symbols, not marks: "é" written as e + U+0301 keeps its accent,
    // and Devanagari vowel signs (marks) stay.
    assert.equal(slugify('Cafe\u0301 Menu'), 'cafe\u0301-menu');
    assert.equal(slugify('हिन्दी शीर्षक'), 'हिन्दी-शीर्षक');
  });
});

describe('cutText', () => {
  test('a text that fits is unchanged; a longer one keeps max characters, the last an ellipsis', () => {
    assert.equal(cutText('abc', 3), 'abc');
    assert.equal(cutText('abcdef', 4), 'abc…');
    assert.equal(cutText('ab   cdef', 6), 'ab…', 'no spaces before the ellipsis');
    assert.equal(cutText('x'.repeat(1_000_000), 120).length, 120);
  });

  test('never inside a surrogate pair', () => {
    const cut = cutText('ab😀😀', 4);
    assert.equal(cut, 'ab…');
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(cut));
    assert.equal(cutText('a😀bc', 4), 'a😀…');
  });
});

describe('calendar dates', () => {
  test('isCalendarDate', () => {
    assert.equal(isCalendarDate('2025-07-31'), true);
    assert.equal(isCalendarDate('2024-02-29'), true);
    assert.equal(isCalendarDate('2000-02-29'), true);
    assert.equal(isCalendarDate('2025-02-29'), false);
    assert.equal(isCalendarDate('1900-02-29'), false);
    assert.equal(isCalendarDate('2025-13-01'), false);
    assert.equal(isCalendarDate('2025-00-10'), false);
    assert.equal(isCalendarDate('2025-04-31'), false);
    assert.equal(isCalendarDate('2025-04-00'), false);
    assert.equal(isCalendarDate('2025-07-31x'), false);
    assert.equal(isCalendarDate(' 2025-07-31'), false);
    assert.equal(isCalendarDate('2025-7-31'), false);
    assert.equal(isCalendarDate('2025/07/31'), false);
  });

  test('epochDay', () => {
    assert.equal(epochDay('1970-01-01'), 0);
    assert.equal(epochDay('1970-01-02'), 1);
    assert.equal(epochDay('2025-03-01') - epochDay('2025-02-28'), 1);
    assert.equal(epochDay('2024-03-01') - epochDay('2024-02-28'), 2);
    assert.equal(epochDay('2026-01-01') - epochDay('2025-01-01'), 365);
    assert.equal(epochDay('2025-07-30'), 20299);
    assert.ok(Number.isInteger(epochDay('2025-03-30')), 'no time zone or DST fraction');
  });

  test("isoDay and epochDay agree with Date on every day of four-digit years, and round-trip", () => {
    const first = epochDay('0000-01-01');
    const last = epochDay('9999-12-31');
    // Date.UTC reads years 0–99 as 1900–1999, so the reference is built from the time value.
    assert.equal(first, Date.UTC(2000, 0, 1) / 86_400_000 - 730_485);
    assert.equal(last, Date.UTC(9999, 11, 31) / 86_400_000);
    for (let day = first; day <= last; day++) {
      const expected = new Date(day * 86_400_000).toISOString().slice(0, 10);
      const written = isoDay(day);
      if (written !== expected || epochDay(written) !== day) assert.fail(`day ${day}: isoDay ${written}, Date ${expected}, back ${epochDay(written)}`);
    }
  });

  test('isoDay keeps to four-digit years, so that a deadline a billion days away still compares as text', () => {
    assert.equal(isoDay(epochDay('2025-07-01') + 1_000_000_000), '9999-12-31');
    assert.equal(isoDay(-1e15), '0000-01-01');
    assert.equal(isoDay(epochDay('2024-02-28') + 1.5), '2024-02-29', 'a fraction of a day is that day');
    assert.ok(Number.isNaN(epochDay('20x5-01-01')));
  });
});

describe('globs', () => {
  test('**/rca/**/*.md', () => {
    const glob = '**/rca/**/*.md';
    assert.equal(matchesAnyGlob('rca/2025/x.md', [glob]), true);
    assert.equal(matchesAnyGlob('a/rca/x.md', [glob]), true);
    assert.equal(matchesAnyGlob('rca/x.md', [glob]), true);
    assert.equal(matchesAnyGlob('a/b/rca/c/d/x.md', [glob]), true);
    assert.equal(matchesAnyGlob('notes/x.md', [glob]), false);
    assert.equal(matchesAnyGlob('myrca/x.md', [glob]), false);
    assert.equal(matchesAnyGlob('rca/x.markdown', [glob]), false);
    assert.equal(matchesAnyGlob('rca/x.md.bak', [glob]), false);
  });

  test('*, ?, {a,b} and escaping', () => {
    assert.equal(compileGlob('*.md').test('x.md'), true);
    assert.equal(compileGlob('*.md').test('a/x.md'), false, '* does not cross folders');
    assert.equal(compileGlob('{rca,postmortems}/*.md').test('rca/x.md'), true);
    assert.equal(compileGlob('{rca,postmortems}/*.md').test('postmortems/x.md'), true);
    assert.equal(compileGlob('{rca,postmortems}/*.md').test('notes/x.md'), false);
    assert.equal(compileGlob('x?.md').test('x1.md'), true);
    assert.equal(compileGlob('x?.md').test('x.md'), false);
    assert.equal(compileGlob('x?.md').test('x12.md'), false);
    assert.equal(compileGlob('a?b').test('a/b'), false, '? does not match /');
    assert.equal(compileGlob('x.md').test('xamd'), false, 'a dot is literal');
    assert.equal(compileGlob('(a)+.md').test('(a)+.md'), true, 'regex characters are literal');
    assert.equal(compileGlob('docs/**').test('docs/a/b/c.md'), true);
    assert.equal(matchesAnyGlob('RCA/X.MD', ['rca/*.md']), true, 'case-insensitive');
    assert.equal(matchesAnyGlob('x.md', []), false);
  });

  test('dotfiles, ** at the start, middle and end, braces, brackets and backslashes', () => {
    const yes = (glob: string, path: string) => assert.equal(compileGlob(glob).test(path), true, `${glob} should match ${JSON.stringify(path)}`);
    const no = (glob: string, path: string) => assert.equal(compileGlob(glob).test(path), false, `${glob} should not match ${JSON.stringify(path)}`);
    // Names starting with a dot are names like any other.
    yes('*.md', '.hidden.md');
    yes('**/rca/**/*.md', '.github/rca/.drafts/.x.md');
    // `**/` is zero or more whole folders wherever it stands.
    yes('**/x.md', 'x.md');
    yes('**/x.md', 'a/b/x.md');
    no('**/x.md', 'ax.md');
    yes('a/**/b', 'a/b');
    yes('a/**/b', 'a/x/y/b');
    no('a/**/b', 'ab');
    no('a/**/b', 'a/xb');
    // `**` elsewhere is any characters, folders included.
    yes('a/**', 'a/');
    yes('a/**', 'a/b/c.md');
    no('a/**', 'a');
    yes('**', '');
    yes('**.md', 'a/b/c.md');
    yes('rca/**', 'rca/a\nb.md'); // a line break is a character of a name too
    no('rca/*', 'rca/a/b.md');
    // Braces: nested, empty alternatives, alternatives holding folders; `,` and `}` outside are literal.
    yes('{a,{b,c}d}.md', 'cd.md');
    no('{a,{b,c}d}.md', 'c.md');
    yes('x.md{,.bak}', 'x.md.bak');
    yes('x.md{,.bak}', 'x.md');
    yes('{docs/**,rca/*.md}', 'docs/a/b');
    no('{docs/**,rca/*.md}', 'rca/a/b.md');
    yes('a,b}.md', 'a,b}.md');
    no('a,b}.md', 'a.md');
    // Brackets are literal: `[ab]` is not a character class.
    yes('[ab].md', '[ab].md');
    no('[ab].md', 'a.md');
    // A backslash is a literal character, neither an escape nor a folder separator.
    yes('rca\\*.md', 'rca\\x.md');
    no('rca\\*.md', 'rca/x.md');
    no('rca\\*', 'rca*');
    // Case folds to upper case one unit at a time: `é` is `É`, `ß` is not `SS`, `ſ` is not `s`.
    yes('é.md', 'É.MD');
    no('ß.md', 'SS.md');
    no('s.md', 'ſ.md');
    // `?` is one UTF-16 unit: a character outside the BMP takes two.
    yes('??.md', '😀.md');
    no('?.md', '😀.md');
    // Every `{` needs its `}`, nested ones too; `{}` is one empty alternative.
    assert.throws(() => compileGlob('{a,{b}.md'), (e) => e instanceof GlobError && e.message === '"{a,{b}.md" has a "{" that is not closed');
    yes('x{}.md', 'x.md');
  });

  test('a "{" left open is a GlobError; rca.files with one falls back to the defaults, said once', () => {
    assert.throws(() => compileGlob('{rca/**/*.md'), (e) => e instanceof GlobError && e.message === '"{rca/**/*.md" has a "{" that is not closed');
    const problems: string[] = [];
    const settings = resolveSettings({ files: ['postmortems/*.md', '{rca/**/*.md'] }, (p) => problems.push(p));
    assert.deepEqual(settings.files, DEFAULT_SETTINGS.files);
    assert.deepEqual(problems, ['rca.files: "{rca/**/*.md" has a "{" that is not closed; using the default globs (**/rca/**/*.md, **/rcas/**/*.md, **/postmortems/**/*.md)']);
    assert.deepEqual(resolveSettings({ files: ['{rca,rcas}/**/*.md'] }, (p) => problems.push(p)).files, ['{rca,rcas}/**/*.md']);
    assert.equal(problems.length, 1);
  });
});
