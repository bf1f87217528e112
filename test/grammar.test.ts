// The TextMate injection grammar (syntaxes/rca.injection.tmLanguage.json), run by
// vscode-textmate + vscode-oniguruma as VS Code runs it, injected into VS Code's own
// Markdown grammar (with its YAML and HTML grammars) from test/fixtures/grammar/.
//
// Scopes it gives (themes already colour these families):
//   meta.link.wiki.rca                      a whole [[wiki-link]]
//   punctuation.definition.embed.rca        the ! of ![[embed]]
//   punctuation.definition.link.begin.rca   [[
//   markup.underline.link.rca               the target
//   punctuation.separator.heading.rca       #
//   entity.name.section.rca                 the heading
//   punctuation.separator.alias.rca         | (or \| in a table)
//   string.other.link.title.rca             the alias
//   punctuation.definition.link.end.rca     ]]
//   constant.numeric.time.rca               a table cell that is a timeline time
//   constant.language.severity.rca          a table cell P1-P4; front matter severity:/priority:
//   constant.numeric.date.rca               a table cell YYYY-MM-DD; front matter date:, due:, *_date:
//   comment.block.html                      an HTML comment closed on its line (as the HTML grammar
//                                           scopes it), also where the Markdown grammar reads no HTML:
//                                           table cells and headings
// Only in paragraphs, headings, tables and the front matter: never in code or comments, and
// never at block level, where it would stop the paragraph rule from starting.
//
// The seeds' scopes are compared to snapshots in test/fixtures/grammar/snapshots/
// (UPDATE_SNAPSHOTS=1 rewrites them), and to what the language server's parser reads.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { parseDocument } from '../server/src/core/parse';
import { DEFAULT_SETTINGS } from '../server/src/core/settings';
import { type Range } from '../server/src/core/text';
import { isCalendarDate } from '../shared/calendarDay';

const REPO = resolve(__dirname, '..', '..');
const GRAMMAR_PATH = join(REPO, 'syntaxes', 'rca.injection.tmLanguage.json');
const FIXTURES = join(REPO, 'test', 'fixtures', 'grammar');
const SNAPSHOTS = join(FIXTURES, 'snapshots');
const SEEDS = join(REPO, 'example', 'rca', '2025');
const INJECTION = 'text.rca.injection';
const MARKDOWN = 'text.html.markdown';

/** Base grammars by scope name: copied from VS Code's markdown-basics, yaml and html extensions. */
const BASE_GRAMMARS: Record<string, string> = {
  'text.html.markdown': 'markdown.tmLanguage.json',
  'source.yaml': 'yaml.tmLanguage.json',
  'source.yaml.1.2': 'yaml-1.2.tmLanguage.json',
  'source.yaml.embedded': 'yaml-embedded.tmLanguage.json',
  'text.html.derivative': 'html-derivative.tmLanguage.json',
  'text.html.basic': 'html.tmLanguage.json',
};

/** Short names for the leaf scopes, for readable assertions. */
const ROLE: Record<string, string> = {
  'punctuation.definition.embed.rca': 'embed',
  'punctuation.definition.link.begin.rca': 'open',
  'markup.underline.link.rca': 'target',
  'punctuation.separator.heading.rca': 'hash',
  'entity.name.section.rca': 'heading',
  'punctuation.separator.alias.rca': 'pipe',
  'string.other.link.title.rca': 'alias',
  'punctuation.definition.link.end.rca': 'close',
  'constant.numeric.time.rca': 'time',
  'constant.language.severity.rca': 'severity',
  'constant.numeric.date.rca': 'date',
};

interface Token {
  /** 0-based line and UTF-16 columns, as LSP ranges. */
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Without the root `text.html.markdown`. */
  readonly scopes: readonly string[];
}

let grammar: textmate.IGrammar;

before(async () => {
  await oniguruma.loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      const path = scopeName === INJECTION ? GRAMMAR_PATH : BASE_GRAMMARS[scopeName] && join(FIXTURES, BASE_GRAMMARS[scopeName]);
      // Grammars for fenced code languages (source.js, ...) are not needed: the injection is off there.
      return path ? textmate.parseRawGrammar(readFileSync(path, 'utf8'), path) : null;
    },
    getInjections: (scopeName) => (scopeName === MARKDOWN ? [INJECTION] : undefined),
  });
  const loaded = await registry.loadGrammar(MARKDOWN);
  assert.ok(loaded, 'the Markdown grammar loads');
  grammar = loaded;
});

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let state = textmate.INITIAL;
  text.split(/\r?\n/).forEach((lineText, line) => {
    const result = grammar.tokenizeLine(lineText, state);
    assert.equal(result.stoppedEarly, false);
    state = result.ruleStack;
    for (const t of result.tokens) {
      const end = Math.min(t.endIndex, lineText.length);
      if (end > t.startIndex) tokens.push({ line, start: t.startIndex, end, text: lineText.slice(t.startIndex, end), scopes: t.scopes.slice(1) });
    }
  });
  return tokens;
}

const rcaScopes = (t: Token) => t.scopes.filter((s) => s.endsWith('.rca'));
const roleOf = (t: Token) => ROLE[t.scopes[t.scopes.length - 1]];

/** `role:text` for each token the grammar gives one of our leaf scopes. */
function scoped(text: string): string[] {
  return tokenize(text).flatMap((t) => (roleOf(t) ? [`${roleOf(t)}:${t.text}`] : []));
}

/** The texts given `role`. */
const texts = (text: string, role: string) => tokenize(text).filter((t) => roleOf(t) === role).map((t) => t.text);

function seedFiles(): string[] {
  return readdirSync(SEEDS).filter((f) => f.endsWith('.md')).sort();
}

describe('the grammar file', () => {
  test('is the injection package.json contributes into Markdown', () => {
    const raw = JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8')) as { scopeName: string; injectionSelector: string };
    assert.equal(raw.scopeName, INJECTION);
    assert.match(raw.injectionSelector, /^L:text\.html\.markdown /);
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { contributes: { grammars?: { scopeName: string; path: string; injectTo?: string[] }[] } };
    const entry = manifest.contributes.grammars?.find((g) => g.scopeName === INJECTION);
    assert.ok(entry, 'package.json contributes text.rca.injection');
    assert.equal(resolve(REPO, entry.path), GRAMMAR_PATH);
    assert.deepEqual(entry.injectTo, [MARKDOWN]);
  });
});

describe('wiki-links', () => {
  test('each form scopes its target, heading and alias', () => {
    assert.deepEqual(scoped('See [[target]].'), ['open:[[', 'target:target', 'close:]]']);
    assert.deepEqual(scoped('See [[target|the alias]].'), ['open:[[', 'target:target', 'pipe:|', 'alias:the alias', 'close:]]']);
    assert.deepEqual(scoped('See [[target#Root Cause]].'), ['open:[[', 'target:target', 'hash:#', 'heading:Root Cause', 'close:]]']);
    assert.deepEqual(scoped('See [[target#Root Cause|why]].'), ['open:[[', 'target:target', 'hash:#', 'heading:Root Cause', 'pipe:|', 'alias:why', 'close:]]']);
    assert.deepEqual(scoped('See [[#Timeline]].'), ['open:[[', 'hash:#', 'heading:Timeline', 'close:]]']);
    assert.deepEqual(scoped('See [[runbooks/order-service]].'), ['open:[[', 'target:runbooks/order-service', 'close:]]']);
    assert.deepEqual(scoped('![[diagram]]'), ['embed:!', 'open:[[', 'target:diagram', 'close:]]']);
  });

  test('every part of a link sits inside meta.link.wiki.rca', () => {
    const parts = tokenize('x [[a#b|c]] y').filter((t) => roleOf(t));
    assert.equal(parts.length, 7);
    for (const t of parts) assert.ok(t.scopes.includes('meta.link.wiki.rca'), t.scopes.join(' '));
  });

  test('blanks around the parts are not scoped as the part (the server trims them)', () => {
    assert.deepEqual(scoped('[[  target  #  Heading  |  alias  ]]'), ['open:[[', 'target:target', 'hash:#', 'heading:Heading', 'pipe:|', 'alias:alias', 'close:]]']);
  });

  test('the alias takes everything after the first pipe, the heading everything after the first #', () => {
    assert.deepEqual(scoped('[[a#b#c|d|e#f]]'), ['open:[[', 'target:a', 'hash:#', 'heading:b#c', 'pipe:|', 'alias:d|e#f', 'close:]]']);
  });

  test('in a table cell, \\| separates the alias', () => {
    const table = ['| Link | Note |', '|------|------|', '| [[runbook-x\\|Runbook]] | [[runbook-x#Rollback\\|Roll back]] |'].join('\n');
    assert.deepEqual(scoped(table), [
      'open:[[', 'target:runbook-x', 'pipe:\\|', 'alias:Runbook', 'close:]]',
      'open:[[', 'target:runbook-x', 'hash:#', 'heading:Rollback', 'pipe:\\|', 'alias:Roll back', 'close:]]',
    ]);
    for (const t of tokenize(table).filter((t) => roleOf(t))) assert.ok(t.scopes.includes('markup.table.markdown'));
  });

  test('in headings, lists, quotes, bold text and link text', () => {
    const text = ['## See [[heading-link]]', '', '- [[list-link]]', '1. [[numbered-link]]', '> [[quote-link]]', '', 'A **[[bold-link]]** and [a [[text-link]]](https://example.com).'].join('\n');
    assert.deepEqual(texts(text, 'target'), ['heading-link', 'list-link', 'numbered-link', 'quote-link', 'bold-link', 'text-link']);
  });

  test('the rest of the line stays Markdown: a paragraph that starts with a link keeps its inline scopes', () => {
    const tokens = tokenize('[[target]] is **bold** and `code`');
    const bold = tokens.find((t) => t.text === 'bold');
    assert.ok(bold?.scopes.includes('meta.paragraph.markdown') && bold.scopes.includes('markup.bold.markdown'), bold?.scopes.join(' '));
    const code = tokens.find((t) => t.text === 'code');
    assert.ok(code?.scopes.includes('markup.inline.raw.string.markdown'), code?.scopes.join(' '));
    const open = tokens.find((t) => t.text === '[[');
    assert.ok(open?.scopes.includes('meta.paragraph.markdown'), open?.scopes.join(' '));
  });

  test('not in inline code, fenced code, indented code or HTML comments', () => {
    const cases = [
      'Use `[[code]]` here.',
      'Use ``a [[code]] `b` `` here.',
      '```\n[[fenced]]\n```',
      '~~~\n[[tilde-fenced]]\n~~~',
      '```yaml\nlink: "[[fenced-yaml]]"\n```',
      '```js\nconst s = "[[fenced-js]]";\n```',
      'Paragraph.\n\n    [[indented-code]]',
      '<!-- [[comment]] -->',
      '<!--\n[[multi-line-comment]]\n-->',
      'Text <!-- [[inline-comment]] --> more.',
      '| a | `[[code-in-cell]]` |\n|---|---|\n| <!-- [[comment-in-cell]] --> | b |',
      '## Heading <!-- [[comment-in-heading]] -->',
      'Text <!-- a <!-- [[nested-opener]] --> b.',
    ];
    for (const text of cases) assert.deepEqual(scoped(text), [], text);
    // The same documents with a real link after the code are still read.
    for (const text of cases) assert.deepEqual(texts(`${text}\n\nAfter [[real]].`, 'target'), ['real'], text);
  });

  test('not after a backslash, and not when empty or broken', () => {
    for (const text of ['\\[[escaped]]', 'a \\\\[[after-escaped-backslash]]', '[[]]', '[[ ]]', '[[|alias]]', '[[a]b]]', '[[a\nb]]', '[[unclosed', '[single]', '[[a]', 'a ]] b']) {
      assert.deepEqual(scoped(text), [], text);
    }
    assert.deepEqual(scoped('[[outer [[inner]]'), ['open:[[', 'target:inner', 'close:]]']);
    assert.deepEqual(scoped('[[#]]'), ['open:[[', 'hash:#', 'close:]]']);
  });

  test('in front matter values too (the YAML is inside the injected scope), not in YAML comments', () => {
    const text = ['---', 'title: "Outage, see [[earlier-rca]]"', '# related: [[commented-out]]', '---', '', 'Body.'].join('\n');
    const links = tokenize(text).filter((t) => roleOf(t) === 'target');
    assert.deepEqual(links.map((t) => t.text), ['earlier-rca']);
    assert.ok(links[0].scopes.includes('meta.embedded.block.frontmatter'));
  });
});

describe('timeline times, severities and dates', () => {
  const timeline = [
    '| Time (UTC) | Event |',
    '|------------|-------|',
    '| 15:28 | Alert triggered at 15:20 |',
    '| 9:05:30 | Paged |',
    '| 2025-04-05 23:58 | Identified |',
    '| 2025-04-06T00:10Z | Mitigated |',
    '|   00:30 UTC   | Recovered |',
    '|01:00|Resolved|',
    '| 24:00 | not a time |',
    '| 12:60 | not a time |',
    '| **13:00** | bold: the server does not read it |',
    '| 13:00 later | not a whole cell |',
  ].join('\n');

  test('a table cell that is a time (HH:MM, HH:MM:SS, YYYY-MM-DD HH:MM, UTC/Z) is constant.numeric.time.rca', () => {
    assert.deepEqual(texts(timeline, 'time'), ['15:28', '9:05:30', '2025-04-05 23:58', '2025-04-06T00:10Z', '00:30 UTC', '01:00']);
    for (const t of tokenize(timeline).filter((t) => roleOf(t) === 'time')) assert.deepEqual(rcaScopes(t), ['constant.numeric.time.rca']);
  });

  test('times in prose are not scoped', () => {
    assert.deepEqual(scoped('The alert fired at 15:28 and was paged at 2025-04-05 15:30.'), []);
  });

  const actions = [
    '| Priority | Action | Owner | Due Date |',
    '|----------|--------|-------|----------|',
    '| P1 | Add monitoring | SRE | 2025-04-12 |',
    '|  P4  | Tidy up | SRE |  2025-12-31  |',
    '| P5 | unknown priority | SRE | 2025-13-01 |',
    '| p2 | lower case | SRE | 2025-4-1 |',
    '| P10 | not a severity | SRE | 2025-04-12 later |',
    '| a \\| P2 | escaped pipe: one cell | SRE | x \\| 2025-04-12 |',
  ].join('\n');

  test('an Action Items priority P1-P4 is constant.language.severity.rca, its due date constant.numeric.date.rca', () => {
    assert.deepEqual(scoped(actions), ['severity:P1', 'date:2025-04-12', 'severity:P4', 'date:2025-12-31']);
  });

  test('severities and dates in prose are not scoped', () => {
    assert.deepEqual(scoped('A P1 incident on 2025-04-05, fixed by 2025-04-06.'), []);
  });

  test('front matter: severity and date fields, bare or quoted; not other fields, not comments', () => {
    const text = [
      '---',
      'title: "2025-04-05 - P1 outage"',
      'date: 2025-04-05',
      'severity: P1',
      'priority: "P2"',
      "resolved_date: '2025-04-07'",
      'review-date: 2025-04-10 # after the incident',
      'update: 2025-04-08',
      'tags: [rca, p1, P1]',
      '# severity: P3',
      'due:2025-04-09',
      'severity: P1x',
      '---',
      '',
      '# 2025-04-05 - P1 outage',
    ].join('\n');
    const tokens = tokenize(text).filter((t) => roleOf(t));
    assert.deepEqual(tokens.map((t) => `${roleOf(t)}:${t.text}`), ['date:2025-04-05', 'severity:P1', 'severity:P2', 'date:2025-04-07', 'date:2025-04-10']);
    for (const t of tokens) assert.ok(t.scopes.includes('meta.embedded.block.frontmatter'), t.scopes.join(' '));
    // The YAML grammar still reads the keys.
    assert.ok(tokenize(text).find((t) => t.text === 'severity')?.scopes.includes('entity.name.tag.yaml'));
  });
});

describe('the seeds', () => {
  for (const file of seedFiles()) {
    test(`${file}: scopes match the snapshot`, () => {
      const tokens = tokenize(readFileSync(join(SEEDS, file), 'utf8'));
      // line:column (1-based), the text, the outermost Markdown scope, the .rca scopes.
      const lines = tokens
        .filter((t) => rcaScopes(t).length > 0)
        .map((t) => `${t.line + 1}:${t.start + 1} ${JSON.stringify(t.text)} ${t.scopes[0]} ${rcaScopes(t).join(' ')}`);
      const actual = `# example/rca/2025/${file}: tokens with an .rca scope (line:column, text, outer scope, .rca scopes)\n${lines.join('\n')}\n`;
      const path = join(SNAPSHOTS, `${basename(file, '.md')}.txt`);
      if (process.env.UPDATE_SNAPSHOTS === '1') {
        mkdirSync(SNAPSHOTS, { recursive: true });
        writeFileSync(path, actual);
      }
      assert.ok(existsSync(path), `no snapshot ${path}: run with UPDATE_SNAPSHOTS=1`);
      assert.equal(actual, readFileSync(path, 'utf8'));
    });

    test(`${file}: the grammar colours what the language server reads`, () => {
      const text = readFileSync(join(SEEDS, file), 'utf8');
      assert.deepEqual(grammarRanges(text), serverRanges(text));
      // The seeds have every kind: the comparison is not vacuous.
      assert.deepEqual(Object.keys(serverRanges(text)).sort(), ['alias', 'date', 'severity', 'target', 'time']);
    });
  }

  test('the grammar reads links as the server does on awkward Markdown', () => {
    const text = [
      '# Notes',
      '',
      'Plain [[a]], [[ b | B ]], [[c#Head ing|C]], [[#Local]], [[dir/d#H]], ![[e]], \\[[not]], `[[not]]`.',
      'Then <!-- [[not]] --> [[f|x|y]] [[g#h#i]] [[outer [[h]]',
      '',
      '| Link | Time |',
      '|------|------|',
      '| [[i\\|I]] | [[j#K\\|J]] |',
      '',
      '```',
      '[[not]]',
      '```',
    ].join('\n');
    const server = serverRanges(text);
    assert.equal(server.target?.length, 10);
    assert.deepEqual(grammarRanges(text), server);
  });
});

/** What the server reads, by role: link parts, timeline times, priorities, due dates, front matter severity and date. */
function serverRanges(text: string): Record<string, string[]> {
  const doc = parseDocument('file:///ws/rca/doc.md', 1, text, DEFAULT_SETTINGS);
  const out: Record<string, Range[]> = {};
  const add = (role: string, range: Range | undefined) => {
    if (range && (range.start.line !== range.end.line || range.start.character !== range.end.character)) (out[role] ??= []).push(range);
  };
  for (const link of doc.links) {
    add('target', link.targetRange);
    add('heading', link.headingRange);
    add('alias', link.aliasRange);
  }
  for (const row of doc.timeline?.rows ?? []) if (row.clock !== undefined) add('time', row.timeCell.range);
  for (const item of doc.actionItems) {
    if (item.priority && /^P[1-4]$/.test(item.priority.text)) add('severity', item.priority.range);
    if (item.dueDate && isCalendarDate(item.dueDate.text)) add('date', item.dueDate.range);
  }
  const field = (key: string) => doc.frontMatter?.fields.get(key);
  if (/^P[1-4]$/.test(String(field('severity')?.value))) add('severity', field('severity')?.valueRange);
  if (isCalendarDate(String(field('date')?.value))) add('date', field('date')?.valueRange);
  return normalise(out);
}

function grammarRanges(text: string): Record<string, string[]> {
  const out: Record<string, Range[]> = {};
  for (const t of tokenize(text)) {
    const role = roleOf(t);
    if (role === 'target' || role === 'heading' || role === 'alias' || role === 'time' || role === 'severity' || role === 'date') {
      (out[role] ??= []).push({ start: { line: t.line, character: t.start }, end: { line: t.line, character: t.end } });
    }
  }
  return normalise(out);
}

function normalise(ranges: Record<string, Range[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const role of Object.keys(ranges).sort()) {
    out[role] = ranges[role].map((r) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`).sort();
  }
  return out;
}

describe('long lines', () => {
  // Lines of 200,000 characters made of what the patterns look at. (A table row with
  // tens of thousands of cells is slow in the Markdown grammar itself, with or without
  // the injection: each cell is re-tokenized on a copy of the line up to it.)
  const N = 200_000;
  /** `unit` repeated to at least N characters. */
  const fill = (unit: string) => unit.repeat(Math.ceil(N / unit.length));
  const count = (unit: string) => Math.ceil(N / unit.length);
  const cases: [string, string, (tokens: Token[]) => void][] = [
    ['links', fill('[[a#b|c]] '), (tokens) => assert.equal(tokens.filter((t) => roleOf(t) === 'target').length, count('[[a#b|c]] '))],
    ['spaced, escaped links', fill('[[ a\\b # c\\d \\| e ]] '), (tokens) => assert.equal(tokens.filter((t) => roleOf(t) === 'alias').length, count('[[ a\\b # c\\d \\| e ]] '))],
    ['backslashes', fill('\\'), (tokens) => assert.equal(tokens.filter((t) => roleOf(t)).length, 0)],
    ['pipes and hashes', `[[a|${fill('|#')}`, (tokens) => assert.equal(tokens.filter((t) => roleOf(t)).length, 0)],
    ['digits and colons', fill('12:3'), (tokens) => assert.equal(tokens.filter((t) => roleOf(t)).length, 0)],
    ['one table cell of links', `| ${fill('[[a\\|b]] ')} |`, (tokens) => assert.equal(tokens.filter((t) => roleOf(t) === 'alias').length, count('[[a\\|b]] '))],
    ['one table cell of blanks', `| ${' '.repeat(N)}P1 |`, (tokens) => assert.deepEqual(tokens.filter((t) => roleOf(t)).map((t) => t.text), ['P1'])],
    ['one table cell of times', `| ${fill('12:30 ')} |`, (tokens) => assert.equal(tokens.filter((t) => roleOf(t)).length, 0)],
  ];
  for (const [name, line, check] of cases) {
    test(`a 200,000-character line: ${name}`, () => check(tokenize(`Text\n${line}`)));
  }

  test('200,000-character front matter values', () => {
    // (Not a long run of blanks after a colon: the YAML grammar itself is slow on that.)
    const tokens = tokenize(`---\ntitle: "${fill('[[a#b|c]] ')}"\nseverity: ${fill('P1 ')}\ndate: ${fill('2025-01-01 ')}\n---\n`);
    assert.equal(tokens.filter((t) => roleOf(t) === 'heading').length, count('[[a#b|c]] '));
    assert.equal(tokens.filter((t) => roleOf(t) === 'severity' || roleOf(t) === 'date').length, 0);
  });

  test('each pattern scans adversarial 200,000-character strings in one pass', () => {
    // Straight through vscode-oniguruma, from every position a tokenizer could ask for.
    const raw = JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8')) as { repository: Record<string, { match?: string; patterns?: { match: string }[] }> };
    const patterns = Object.values(raw.repository).flatMap((rule) => (rule.match ? [rule.match] : (rule.patterns ?? []).map((p) => p.match)));
    assert.equal(patterns.length, 7);
    const inputs = [fill('[['), fill('[[a'), `[[${' '.repeat(N)}`, fill('| 1'), fill('|'), fill(' '), fill('12:3'), fill('2025-01-0'), fill('severity: '), `|${' '.repeat(N)}`, fill('\\|'), fill('<!--'), fill('<!-- a -'), `<!--${fill('-')}`];
    for (const pattern of patterns) {
      const scanner = new oniguruma.OnigScanner([pattern]);
      for (const input of inputs) {
        const str = new oniguruma.OnigString(input);
        let position = 0;
        let matches = 0;
        while (position < input.length) {
          const match = scanner.findNextMatchSync(str, position);
          if (!match) break;
          matches++;
          position = Math.max(match.captureIndices[0].end, position + 1);
        }
        assert.ok(matches <= input.length);
        str.dispose();
      }
      scanner.dispose();
    }
  });
});
