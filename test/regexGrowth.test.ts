// Every regular expression of the engine, run on hostile pumped strings of
// growing size: none may take super-linear time. Backtracking that is quadratic or
// worse turns one pasted line into a server that stops answering; a regex is
// found by the TypeScript compiler, so a new one is covered the day it is written.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { REPO } from './support';

const SOURCE_FOLDERS = ['server/src', 'shared'].map((folder) => join(REPO, folder));

/**
 * Values for the parts of a `new RegExp(…)` source that are not constants of its
 * file (by file and expression text): a catalog section, a service name.
 */
const SAMPLES: Record<string, readonly string[]> = {
  'server/src/core/catalog.ts kind': ['services', 'teams'],
  'server/src/features/report.ts escapeRegExp(service)': ['api-gateway'],
};

/**
 * Regexes known to grow super-linearly, with why they are not fixed yet: their
 * tests run and report as to-do instead of failing. Keyed by file and regex, so a
 * regex that changes is checked in full.
 */
const PENDING: Record<string, string> = {};

interface FoundRegExp {
  /** `file:line`, relative to the repository. */
  readonly where: string;
  readonly regExp: RegExp;
}

function sourceFiles(folder: string): string[] {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? sourceFiles(join(folder, e.name)) : /\.tsx?$/.test(e.name) ? [join(folder, e.name)] : []));
}

/** The string values an expression can have, from literals and the file's top-level constants. */
function evaluate(node: ts.Expression, file: ts.SourceFile, path: string): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isParenthesizedExpression(node)) return evaluate(node.expression, file, path);
  if (ts.isTaggedTemplateExpression(node) && node.tag.getText(file) === 'String.raw') return template(node.template, file, path, true);
  if (ts.isTemplateExpression(node)) return template(node, file, path, false);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const right = evaluate(node.right, file, path);
    return evaluate(node.left, file, path).flatMap((l) => right.map((r) => l + r));
  }
  if (ts.isIdentifier(node)) {
    for (const statement of file.statements) {
      if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
      const declaration = statement.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === node.text);
      if (declaration?.initializer) return evaluate(declaration.initializer, file, path);
    }
  }
  const sample = SAMPLES[`${path} ${node.getText(file)}`];
  if (!sample) throw new Error(`${path}: cannot tell the values of \`${node.getText(file)}\` in a RegExp; add them to SAMPLES`);
  return [...sample];
}

function template(node: ts.TemplateLiteral, file: ts.SourceFile, path: string, raw: boolean): string[] {
  if (ts.isNoSubstitutionTemplateLiteral(node)) return [raw ? node.rawText ?? node.text : node.text];
  const text = (part: ts.TemplateLiteralLikeNode) => (raw ? part.rawText ?? part.text : part.text);
  let values = [text(node.head)];
  for (const span of node.templateSpans) {
    const inner = evaluate(span.expression, file, path);
    values = values.flatMap((v) => inner.map((i) => v + i + text(span.literal)));
  }
  return values;
}

/** Every regex literal and `new RegExp(…)`/`RegExp(…)` of the engine's sources. */
function engineRegExps(): FoundRegExp[] {
  const found: FoundRegExp[] = [];
  for (const folder of SOURCE_FOLDERS) {
    for (const full of sourceFiles(folder)) {
      const path = relative(REPO, full).split('\\').join('/');
      const file = ts.createSourceFile(full, readFileSync(full, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        const where = `${path}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;
        if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
          const text = node.getText(file);
          const slash = text.lastIndexOf('/');
          found.push({ where, regExp: new RegExp(text.slice(1, slash), text.slice(slash + 1)) });
        } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && node.expression.getText(file) === 'RegExp' && node.arguments?.length) {
          const [pattern, flags] = node.arguments;
          const flagValues = flags ? evaluate(flags, file, path) : [''];
          for (const source of evaluate(pattern, file, path)) for (const f of flagValues) found.push({ where, regExp: new RegExp(source, f) });
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
    }
  }
  return found;
}

/** Characters that lines of hostile documents are made of. */
const HOSTILE = [' ', '\t', '\u2028', '\u2029', '\r', '\n', '0', '1,', 'a', 'a ', '[', ']', '|', '-', '*', '_', ':', '<!--', '#', '`', '.', '/', '\\', '"'];
/** Line starts that put a regex in the middle of its work. */
const STARTS = ['', 'a:', 'a: ', '# ', '- ', '1. ', '| ', '|-', '[[', '<!-- ', 'a: [', '2025-01-01 ', '20:05 '];
const ENDS = ['x', '!', '\u2028', '\u2028x', '\r', '\rx', '\n', '\nx'];

/** The runs of literal characters in a regex source (`error rate`, `RCA prepared by `). */
function literalRuns(source: string): string[] {
  return source
    .replace(/\\[dDsSwWbBnrtfv]|\\u\{?[0-9a-fA-F]+\}?|\\p\{[^}]*\}|\[(?:\\.|[^\]\\])*\]|\(\?<?[:=!]|\(\?<\w+>/g, '\u0000')
    .replace(/\\(.)/g, '$1')
    .split(/[\u0000()[\]{}|*+?^$.]+/)
    .filter((run) => run.length >= 2);
}

/** One character of each escape and class of a regex source, and its literal characters. */
function ownCharacters(source: string): string[] {
  const chars = new Set<string>();
  for (const [escape] of source.matchAll(/\\[dDsSwW]/g)) chars.add({ '\\d': '7', '\\D': 'x', '\\s': ' ', '\\S': 'x', '\\w': 'w', '\\W': '!' }[escape]!);
  for (const [, body] of source.matchAll(/\[\^?((?:\\.|[^\]\\])*)\]/g)) {
    const first = body.replace(/^\\/, '')[0];
    if (first) chars.add(first);
  }
  for (const ch of source.replace(/\\./g, '')) if (!'()[]{}|*+?^$.\\'.includes(ch)) chars.add(ch);
  return [...chars];
}

interface Pump {
  readonly start: string;
  readonly pump: string;
  readonly end: string;
}

function pumpsFor(regExp: RegExp): Pump[] {
  const runs = literalRuns(regExp.source);
  const own = ownCharacters(regExp.source);
  // The literal runs in order, whole and cut short (`<!-- rca-disable` without its `-->`).
  const skeletons = runs.slice(1).flatMap((_, i) => [runs.slice(0, i + 2).join('a'), runs.slice(0, i + 2).join(' ')]);
  const pumps = new Set([...HOSTILE, ...own, ...runs, ...runs.map((r) => `${r} `), ...skeletons]);
  const starts = new Set([...STARTS, ...runs, ...skeletons]);
  // An end the regex cannot match makes it fail there and try every other split of the pump.
  const ends = new Set([...ENDS, ...own]);
  const found: Pump[] = [];
  for (const start of starts) for (const pump of pumps) for (const end of ends) found.push({ start, pump, end });
  return found;
}

function pumped({ start, pump, end }: Pump, repetitions: number): string {
  return start + pump.repeat(repetitions) + end;
}

/** What the engine does with a regex: a global one runs to its last match, others to the first. */
function run(regExp: RegExp, text: string): void {
  if (regExp.global) text.replace(regExp, '');
  else {
    regExp.lastIndex = 0;
    regExp.exec(text);
  }
}

function timed(regExp: RegExp, text: string): number {
  const start = performance.now();
  run(regExp, text);
  return performance.now() - start;
}

function bestOf3(regExp: RegExp, text: string): number {
  return Math.min(timed(regExp, text), timed(regExp, text), timed(regExp, text));
}

/** Repetitions of the pump: fine steps while the input is short (an exponential regex must be caught there), then up to 16,000 characters. */
function repetitions(pump: string): number[] {
  const fine = [4, 6, 8, 11, 16, 22, 32, 45, 64];
  const coarse = [250, 1_000, 4_000, 16_000].map((chars) => Math.round(chars / pump.length)).filter((n) => n > 64);
  return [...fine, ...coarse];
}
/** Below this a single run is not looked at further (a linear regex takes microseconds at 16,000 characters). */
const FLOOR_MS = 4;

export interface Growth {
  readonly input: string;
  readonly sizes: readonly [number, number];
  readonly ms: readonly [number, number];
}

/**
 * The first pumped input on which the regex's time grows super-linearly, or
 * undefined. Sizes grow until one run takes long enough to measure; that size and
 * one about a quarter of it are then timed (best of 3): four times the input may
 * take at most eight times as long (linear: 4, quadratic: 16). A slow input is
 * never run at a larger size.
 */
export function superLinearGrowth(regExp: RegExp): Growth | undefined {
  if (!hasUnboundedQuantifier(regExp.source)) return undefined;
  for (const pump of pumpsFor(regExp)) {
    const reps = repetitions(pump.pump);
    for (let i = 0; i < reps.length; i++) {
      const text = pumped(pump, reps[i]);
      if (timed(regExp, text) < FLOOR_MS) continue;
      const smaller = pumped(pump, reps.filter((r) => r <= reps[i] / 4).pop() ?? reps[0]);
      // Three measurements must agree: one can be slowed by a busy machine or a collection.
      const ms = measuredGrowth(regExp, smaller, text);
      if (ms && measuredGrowth(regExp, smaller, text) && measuredGrowth(regExp, smaller, text)) {
        return { input: `${shown(pump.start)} + ${shown(pump.pump)}×n + ${shown(pump.end)}`, sizes: [smaller.length, text.length], ms };
      }
      break;
    }
  }
  return undefined;
}

/**
 * Whether a regex source has `*`, `+` or `{n,}` outside a character class. Without
 * one, the work at each start position is bounded: no input makes it super-linear.
 */
function hasUnboundedQuantifier(source: string): boolean {
  return /[*+]|\{\d+,\}/.test(source.replace(/\\./g, '').replace(/\[(?:[^\]\\]|\\.)*\]/g, ''));
}

/** Best-of-3 times on both inputs when the larger one's is more than the size factor to the power 1.5. */
function measuredGrowth(regExp: RegExp, small: string, large: string): [number, number] | undefined {
  const ms: [number, number] = [bestOf3(regExp, small), bestOf3(regExp, large)];
  const factor = large.length / small.length;
  return ms[1] >= FLOOR_MS && ms[1] / Math.max(ms[0], 0.05) > factor ** 1.5 ? ms : undefined;
}

/** A string as a JavaScript literal, line and paragraph separators escaped. */
function shown(text: string): string {
  return JSON.stringify(text).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

function describeGrowth(g: Growth): string {
  return `on ${g.input}: ${g.sizes[0]} chars ${g.ms[0].toFixed(2)} ms, ${g.sizes[1]} chars ${g.ms[1].toFixed(2)} ms`;
}

describe('regex growth', () => {
  test('the check flags backtracking regexes and passes linear ones', () => {
    for (const bad of [/(a+)+b/, /^(\s*\w+)*$/, /\d[\d,]*x/, /a:( +)(.*)$/]) assert.ok(superLinearGrowth(bad), `${bad} should be flagged`);
    for (const good of [/^a+$/, /^\d+x/, /[\s,]+/g, /(?<!\d)\d+x/]) assert.equal(superLinearGrowth(good), undefined, `${good} should pass`);
  });

  const found = engineRegExps();
  test('the sources hold the regexes the engine is known to use', () => {
    // A broken walk would make every test below vacuous.
    assert.ok(found.length > 80, `only ${found.length} regexes found`);
    assert.ok(found.some((f) => f.where.startsWith('server/src/core/parse.ts')));
  });

  for (const { where, regExp } of found) {
    test(`${where} ${regExp}`, { todo: PENDING[`${where.replace(/:\d+$/, '')} ${regExp}`] }, () => {
      const growth = superLinearGrowth(regExp);
      assert.equal(growth, undefined, growth && `${where} ${regExp} grows super-linearly ${describeGrowth(growth)}`);
    });
  }
});
