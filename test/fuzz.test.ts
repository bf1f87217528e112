// Property-based tests (fast-check) of the parser, the rules and every feature,
// over mutated seeds and random text: nothing throws, every range is inside the
// document, every quick fix applies and removes its diagnostic without touching
// text outside its edits, fix-all reaches a fixed point, and results are stable.
// FUZZ_RUNS sets the cases per property (CI runs the default; `npm run fuzz` many more).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { RcaDiagnostic } from '../server/src/core/diagnostics';
import { fixAllText } from '../server/src/core/fixAll';
import type { RcaService } from '../server/src/core/service';
import { applyEdits, LineIndex, type Position, type Range } from '../server/src/core/text';
import { definition } from '../server/src/features/definition';
import { documentLinks } from '../server/src/features/documentLinks';
import { linkCompletion } from '../server/src/features/linkCompletion';
import { linkHover } from '../server/src/features/linkHover';
import { linkQuickFixes } from '../server/src/features/linkQuickFixes';
import { references } from '../server/src/features/references';
import { prepareRename, rename } from '../server/src/features/rename';
import { documentSymbols, workspaceSymbols } from '../server/src/features/symbols';
import { formatTables } from '../server/src/features/tableFormat';
import { authoringCodeLenses, authoringCompletionItems, authoringHover, authoringInlayHints } from '../server/src/lspAuthoring';
import { toLspDiagnostic } from '../server/src/lspConvert';
import { exampleFiles, indexedService, RUNS, uriOf } from './support';

const SEED_FILES = Object.entries(exampleFiles()).filter(([path]) => path.startsWith('rca/'));
const PATH = 'rca/2025/fuzzed.md';
const URI = uriOf(PATH);
const EDITS = { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] };

/** Characters that matter to the parser, with a few that break naive code. */
const PIECES = ['[[', ']]', '|', '\\|', '#', '##', '\n', '\r\n', ':', '---', '- ', '`', '```', '<!--', '-->', '*', '~~', ' ', '20:05', '2025-02-30', 'P1', 'P9', '72', '\t', '\u0000', '🔥', '\ud800', 'é', '"', "'", '{', '}', '&a', '*a'];

/**
 * What hostile documents are made of: line and paragraph separators, a lone CR,
 * markers the rules search for, and long runs (digits, blanks, brackets nested a
 * bounded depth) that make a backtracking regex or a recursive parser blow up.
 */
const HOSTILE: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('\u2028', '\u2029', '\r', '<!--', '<!-- rca-disable', '|---', '|---|---|', 'RCA prepared by ', 'error rate', 'error rate: ', '(baseline: ', '% of requests', 'services: [,', 'a:'),
  fc.tuple(fc.constantFrom('7', '1,', ' ', '\t', '[', '{', '[[', '{{', '*', '-', '#'), fc.integer({ min: 2, max: 400 })).map(([unit, count]) => unit.repeat(unit === '[' || unit === '{' || unit === '[[' || unit === '{{' ? Math.min(count, 40) : count)),
);

type Mutation = { at: number; remove: number; insert: string } | { swapLines: [number, number] };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ at: fc.nat(), remove: fc.nat({ max: 40 }), insert: fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 }), HOSTILE), { maxLength: 4 }).map((a) => a.join('')) }),
  fc.record({ swapLines: fc.tuple(fc.nat(), fc.nat()) }),
);

function mutate(text: string, mutations: readonly Mutation[]): string {
  for (const m of mutations) {
    if ('swapLines' in m) {
      const lines = text.split('\n');
      const [a, b] = m.swapLines.map((i) => i % lines.length);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      text = lines.join('\n');
    } else {
      const at = text.length === 0 ? 0 : m.at % (text.length + 1);
      text = text.slice(0, at) + m.insert + text.slice(at + m.remove);
    }
  }
  return text;
}

/** A seed with a few mutations, or (now and then) random text. */
const documentText: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...SEED_FILES.map(([, t]) => t)), fc.array(mutation, { minLength: 1, maxLength: 6 })).map(([seed, ms]) => mutate(seed, ms)) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 }), HOSTILE), { maxLength: 60 }).map((a) => a.join('')) },
);

/** A position anywhere, including past the end of a line or of the text. */
const positionIn = (text: string): fc.Arbitrary<Position> => {
  const lines = new LineIndex(text);
  return fc.record({ line: fc.nat({ max: lines.lineCount }), character: fc.nat({ max: 120 }) });
};

function assertRangeInside(text: string, range: Range, what: string): void {
  const lines = new LineIndex(text);
  for (const p of [range.start, range.end]) {
    assert.ok(p.line >= 0 && p.line < lines.lineCount, `${what}: line ${p.line} outside the text`);
    assert.ok(p.character >= 0 && p.character <= lines.lineText(p.line).length, `${what}: character ${p.character} outside line ${p.line}`);
  }
  assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character), `${what}: range ends before it starts`);
}

/** Every `range`-like value in a feature's result that points into `uri` lies inside `text`. */
function assertResultInside(text: string, uri: string, result: unknown, what: string): void {
  const visit = (value: unknown, pointsHere: boolean): void => {
    if (Array.isArray(value)) return value.forEach((v) => visit(v, pointsHere));
    if (typeof value !== 'object' || value === null) return;
    const o = value as Record<string, unknown>;
    const named = typeof o.uri === 'string' ? o.uri : typeof o.targetUri === 'string' ? o.targetUri : (o.textDocument as { uri?: string } | undefined)?.uri;
    const here = named === undefined ? pointsHere : named === uri;
    for (const [key, v] of Object.entries(o)) {
      if (here && /^(range|targetRange|targetSelectionRange|selectionRange|originSelectionRange)$/.test(key) && isRange(v)) assertRangeInside(text, v, `${what}.${key}`);
      else if (key === 'changes' && typeof v === 'object' && v !== null) for (const [u, edits] of Object.entries(v)) visit(edits, u === uri);
      else if (key === 'textDocument' && typeof v === 'object') continue;
      else visit(v, here);
    }
  };
  visit(result, true);
}

function isRange(v: unknown): v is Range {
  return typeof v === 'object' && v !== null && 'start' in v && 'end' in v;
}

let service: RcaService;
before(async () => {
  ({ service } = await indexedService(exampleFiles()));
});

let version = 0;
function open(text: string) {
  return service.openDocument(URI, ++version, text);
}

function assertDiagnosticsInside(text: string, diagnostics: readonly RcaDiagnostic[]): void {
  for (const d of diagnostics) {
    assertRangeInside(text, d.range, d.code);
    assert.ok(d.message.length > 0, `${d.code} has no message`);
  }
}

/** FUZZ_SEED replays a failure's run: the seed fast-check printed with it. */
const options = () => ({ numRuns: RUNS, endOnFailure: true, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) });

describe('fuzz: parser and rules', () => {
  test('diagnostics: no throw, every range inside the text, the same twice', () => {
    fc.assert(
      fc.property(documentText, (text) => {
        const diagnostics = service.diagnose(open(text));
        assertDiagnosticsInside(text, diagnostics);
        assert.deepEqual(service.diagnoseText(URI, text).map(toLspDiagnostic), diagnostics.map(toLspDiagnostic));
      }),
      options(),
    );
  });

  test('every quick fix applies, changes nothing outside its edits, and removes its diagnostic', () => {
    fc.assert(
      fc.property(documentText, (text) => {
        for (const d of service.diagnoseText(URI, text)) {
          for (const fix of d.fixes ?? []) {
            for (const e of fix.edits) assertRangeInside(text, e.range, `${d.code}: ${fix.title}`);
            const fixed = applyEdits(text, fix.edits);
            const lines = new LineIndex(text);
            const starts = fix.edits.map((e) => lines.offsetAt(e.range.start));
            const ends = fix.edits.map((e) => lines.offsetAt(e.range.end));
            const head = Math.min(...starts);
            const tail = text.length - Math.max(...ends);
            assert.equal(fixed.slice(0, head), text.slice(0, head), `${fix.title} changed text before its edits`);
            assert.equal(fixed.slice(fixed.length - tail), text.slice(text.length - tail), `${fix.title} changed text after its edits`);
            const count = (all: readonly RcaDiagnostic[]) => all.filter((x) => x.code === d.code).length;
            assert.ok(count(service.diagnoseText(URI, fixed)) < count(service.diagnoseText(URI, text)), `${fix.title} did not remove ${d.code} (${d.message})\n--- text:\n${text}`);
          }
        }
      }),
      options(),
    );
  });

  test('table formatting changes only blanks, dashes and a closing pipe, only in the tables, and is idempotent', () => {
    fc.assert(
      fc.property(documentText, (text) => {
        const doc = open(text);
        const tableLines = new Set(doc.tables.flatMap((t) => [t.headerLine, t.headerLine + 1, ...t.rows.map((r) => r.line)]));
        const delimiters = new Set(doc.tables.map((t) => t.headerLine + 1));
        const edits = formatTables(doc);
        for (const edit of edits) {
          const line = edit.range.start.line;
          assert.ok(tableLines.has(line), `line ${line} is not in a table`);
          const [before, after] = [doc.lines.lineText(line), edit.newText].map((t) => t.replace(/[ \t]/g, ''));
          if (delimiters.has(line)) assert.match(after, /^[|:-]*$/);
          else assert.ok(after === before || after === `${before}|`, `${JSON.stringify(before)} became ${JSON.stringify(after)}`);
        }
        const once = applyEdits(text, edits);
        assert.equal(applyEdits(once, formatTables(open(once))), once);
      }),
      options(),
    );
  });

  test('fix all reaches a fixed point: applying it again changes nothing', () => {
    fc.assert(
      fc.property(documentText, (text) => {
        const diagnose = (t: string) => service.diagnoseText(URI, t);
        const once = fixAllText(text, diagnose);
        assert.equal(fixAllText(once, diagnose), once);
      }),
      options(),
    );
  });
});

describe('fuzz: features at any position', () => {
  test('navigation, completion, hovers, symbols, lenses, hints, rename: no throw, ranges inside, stable', async () => {
    await fc.assert(
      fc.asyncProperty(
        documentText.chain((text) => fc.tuple(fc.constant(text), positionIn(text), fc.string({ maxLength: 12 }))),
        async ([text, anywhere, newName]) => {
          const doc = open(text);
          // As the server clamps a client's position (past a line's end is its end).
          const position = doc.lines.clamp(anywhere);
          const lines = new LineIndex(text);
          const all: Record<string, () => unknown> = {
            definition: () => definition(doc, position, service),
            documentLinks: () => documentLinks(doc, service),
            references: () => [...references(doc, position, service, true)],
            prepareRename: () => prepareRename(doc, position, service),
            rename: () => rename(doc, position, newName || 'x', service, EDITS),
            linkCompletion: () => linkCompletion(doc, position, service),
            fieldCompletion: () => authoringCompletionItems(service, doc, position),
            authoringHover: () => authoringHover(service, doc, position),
            documentSymbols: () => documentSymbols(doc),
            codeLenses: () => authoringCodeLenses(service, doc),
            inlayHints: () => authoringInlayHints(service, doc, { start: { line: 0, character: 0 }, end: { line: lines.lineCount, character: 0 } }),
            linkQuickFixes: () => linkQuickFixes(doc, { start: position, end: position }, service.diagnose(doc).map(toLspDiagnostic), service, EDITS),
            workspaceSymbols: () => workspaceSymbols(newName, service),
          };
          for (const [name, run] of Object.entries(all)) {
            const first = run();
            assertResultInside(text, URI, first, name);
            assert.deepEqual(run(), first, `${name} gave a different result the second time`);
          }
          const hover = await linkHover(doc, position, service);
          assertResultInside(text, URI, hover, 'linkHover');
        },
      ),
      options(),
    );
  });
});
