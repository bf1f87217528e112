// Front matter: delimiters, ranges of keys, values and list items, hostile blocks,
// and the fast path (simpleYaml.ts) held to what `yaml`'s parseDocument gives.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument as parseYamlDocument } from 'yaml';
import { parseFrontMatter } from '../server/src/core/frontMatter';
import type { FrontMatter, FrontMatterField } from '../server/src/core/model';
import { parseDocument } from '../server/src/core/parse';
import { DEFAULT_SETTINGS } from '../server/src/core/settings';
import { parseSimpleYaml } from '../server/src/core/simpleYaml';
import { LineIndex, type Range } from '../server/src/core/text';
import { diagnosticsFor, exampleFiles, indexedService, marked, seededRandom } from './support';

function frontMatterOf(text: string): { frontMatter: FrontMatter; bodyStart: number; lines: LineIndex } {
  const lines = new LineIndex(text);
  const { frontMatter, bodyStart } = parseFrontMatter(text, lines);
  assert.ok(frontMatter, 'expected front matter');
  return { frontMatter, bodyStart, lines };
}

/** The comparable part of a field. */
function plain(field: FrontMatterField | undefined) {
  if (!field) return undefined;
  return { key: field.key, keyRange: field.keyRange, value: field.value, valueRange: field.valueRange, items: field.items, listStyle: field.listStyle };
}

function plainFields(fields: ReadonlyMap<string, FrontMatterField>) {
  return [...fields.values()].map(plain).sort((a, b) => (a!.key < b!.key ? -1 : a!.key > b!.key ? 1 : 0));
}

describe('front matter ranges', () => {
  test('keys, values and list items (flow and block) carry exact ranges', () => {
    const { text, ranges } = marked(
      [
        '---',
        '⟦title⟧: ⟦"Hello, world"⟧',
        '⟦date⟧: ⟦2025-07-30⟧',
        '⟦empty⟧:⟦⟧',
        '⟦count⟧: ⟦42⟧',
        '⟦services⟧: ⟦[⟦api⟧, ⟦"db"⟧]⟧',
        '⟦tags⟧:',
        '  ⟦- ⟦rca⟧',
        "  - ⟦'p3'⟧⟧",
        '---',
        '# T',
        '',
      ].join('\n'),
    );
    const { frontMatter } = frontMatterOf(text);
    const [titleK, titleV, dateK, dateV, emptyK, emptyV, countK, countV, servicesK, servicesV, api, db, tagsK, tagsV, rca, p3] = ranges;
    assert.deepEqual(frontMatter.errors, []);
    assert.equal(frontMatter.unterminated, false);
    assert.deepEqual(plain(frontMatter.fields.get('title')), { key: 'title', keyRange: titleK, value: 'Hello, world', valueRange: titleV, items: undefined, listStyle: undefined });
    assert.deepEqual(plain(frontMatter.fields.get('date')), { key: 'date', keyRange: dateK, value: '2025-07-30', valueRange: dateV, items: undefined, listStyle: undefined });
    assert.deepEqual(plain(frontMatter.fields.get('empty')), { key: 'empty', keyRange: emptyK, value: null, valueRange: emptyV, items: undefined, listStyle: undefined });
    assert.deepEqual(emptyV.start, emptyV.end, 'an empty value is a zero-width range after the colon');
    assert.deepEqual(plain(frontMatter.fields.get('count')), { key: 'count', keyRange: countK, value: 42, valueRange: countV, items: undefined, listStyle: undefined });
    assert.deepEqual(plain(frontMatter.fields.get('services')), {
      key: 'services',
      keyRange: servicesK,
      value: ['api', 'db'],
      valueRange: servicesV,
      items: [
        { value: 'api', range: api },
        { value: 'db', range: db },
      ],
      listStyle: 'flow',
    });
    assert.deepEqual(plain(frontMatter.fields.get('tags')), {
      key: 'tags',
      keyRange: tagsK,
      value: ['rca', 'p3'],
      valueRange: tagsV,
      items: [
        { value: 'rca', range: rca },
        { value: 'p3', range: p3 },
      ],
      listStyle: 'block',
    });
    assert.deepEqual(frontMatter.openRange, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } });
    assert.deepEqual(frontMatter.closeRange, { start: { line: 9, character: 0 }, end: { line: 9, character: 3 } });
    assert.deepEqual(frontMatter.contentRange.start, { line: 1, character: 0 });
    assert.equal(frontMatter.contentRange.end.line, 8);
  });

  test('the ranges of a block the fast path cannot read (anchors, nested maps) come from yaml', () => {
    // An anchor is not part of the value's range.
    const { text, ranges } = marked(['---', '⟦base⟧: &b ⟦hello⟧', '⟦copy⟧: ⟦*b⟧', '⟦nested⟧:', '  ⟦a: 1⟧', '⟦list⟧: ⟦[⟦x⟧, ⟦2⟧]⟧', '---', ''].join('\n'));
    const { frontMatter } = frontMatterOf(text);
    const [baseK, baseV, copyK, copyV, nestedK, nestedV, listK, listV, x, two] = ranges;
    assert.deepEqual(frontMatter.errors, []);
    assert.deepEqual(plain(frontMatter.fields.get('base')), { key: 'base', keyRange: baseK, value: 'hello', valueRange: baseV, items: undefined, listStyle: undefined });
    assert.deepEqual(plain(frontMatter.fields.get('copy')), { key: 'copy', keyRange: copyK, value: 'hello', valueRange: copyV, items: undefined, listStyle: undefined });
    assert.deepEqual(frontMatter.fields.get('nested')?.keyRange, nestedK);
    assert.deepEqual(frontMatter.fields.get('nested')?.value, { a: 1 });
    assert.deepEqual(frontMatter.fields.get('nested')?.valueRange, nestedV);
    assert.deepEqual(plain(frontMatter.fields.get('list')), {
      key: 'list',
      keyRange: listK,
      value: ['x', 2],
      valueRange: listV,
      items: [
        { value: 'x', range: x },
        { value: 2, range: two },
      ],
      listStyle: 'flow',
    });
  });

  const FAST = ['---', 'title: "Hello"', 'date: 2025-07-30', 'empty:', 'services: [api, db]', 'tags:', '  - rca', '  - p3', 'last: end', '---', '', '# Title', ''];
  const SLOW = ['---', 'title: &t "Hello"', 'copy: *t', 'nested:', '  a: 1', 'services: [api, db]', 'tags:', '  - rca', 'last: end', '---', '', '# Title', ''];
  for (const [name, source] of [
    ['fast-path block', FAST],
    ['yaml-path block', SLOW],
  ] as const) {
    test(`CRLF gives the same ranges and values as LF (${name})`, () => {
      const lf = frontMatterOf(source.join('\n'));
      const crlf = frontMatterOf(source.join('\r\n'));
      assert.deepEqual(plainFields(crlf.frontMatter.fields), plainFields(lf.frontMatter.fields));
      assert.deepEqual(crlf.frontMatter.errors, lf.frontMatter.errors);
      assert.deepEqual(crlf.frontMatter.openRange, lf.frontMatter.openRange);
      assert.deepEqual(crlf.frontMatter.closeRange, lf.frontMatter.closeRange);
      assert.deepEqual(crlf.frontMatter.contentRange, lf.frontMatter.contentRange);
      assert.deepEqual(crlf.lines.positionAt(crlf.bodyStart), lf.lines.positionAt(lf.bodyStart));
    });

    test(`a byte order mark gives the same field ranges as without (${name})`, () => {
      const plainText = frontMatterOf(source.join('\n'));
      const bom = frontMatterOf(`\ufeff${source.join('\n')}`);
      assert.deepEqual(plainFields(bom.frontMatter.fields), plainFields(plainText.frontMatter.fields));
      assert.deepEqual(bom.frontMatter.errors, plainText.frontMatter.errors);
      assert.deepEqual(bom.frontMatter.closeRange, plainText.frontMatter.closeRange);
      assert.deepEqual(bom.frontMatter.contentRange, plainText.frontMatter.contentRange);
      // The opening delimiter sits after the mark.
      assert.deepEqual(bom.frontMatter.openRange, { start: { line: 0, character: 1 }, end: { line: 0, character: 4 } });
      assert.deepEqual(bom.lines.positionAt(bom.bodyStart), plainText.lines.positionAt(plainText.bodyStart));
    });
  }

  test('no front matter: a document that does not start with ---', () => {
    const lines = new LineIndex('# Title\n\n---\na: 1\n---\n');
    assert.equal(parseFrontMatter(lines.text, lines).frontMatter, undefined);
    const dashes = new LineIndex('----\na: 1\n----\n');
    assert.equal(parseFrontMatter(dashes.text, dashes).frontMatter, undefined);
  });
});

describe('unterminated front matter', () => {
  test('no closing --- at all', () => {
    const { frontMatter, bodyStart } = frontMatterOf('---\ntitle: x\ndate: 2025-01-01\n');
    assert.equal(frontMatter.unterminated, true);
    assert.equal(frontMatter.closeRange, undefined);
    assert.equal(frontMatter.fields.get('title')?.value, 'x');
    assert.equal(frontMatter.fields.get('date')?.value, '2025-01-01');
    assert.equal(bodyStart, '---\ntitle: x\ndate: 2025-01-01\n'.length);
  });

  test('only an opening delimiter', () => {
    const { frontMatter } = frontMatterOf('---');
    assert.equal(frontMatter.unterminated, true);
    assert.equal(frontMatter.fields.size, 0);
  });

  test('missing closing --- but a later thematic break: the block is cut before the first heading after a blank line', () => {
    const text = ['---', 'title: x', 'severity: P2', '', '# Heading', '', 'Body text.', '', '## Summary', '', '---', '', 'More.', ''].join('\n');
    const { frontMatter, bodyStart, lines } = frontMatterOf(text);
    assert.equal(frontMatter.unterminated, true);
    assert.equal(frontMatter.closeRange, undefined);
    assert.deepEqual(frontMatter.errors, []);
    assert.deepEqual([...frontMatter.fields.keys()], ['title', 'severity']);
    assert.deepEqual(lines.positionAt(bodyStart), { line: 4, character: 0 });
    assert.deepEqual(frontMatter.contentRange, { start: { line: 1, character: 0 }, end: { line: 4, character: 0 } });
    const doc = parseDocument('file:///ws/a.md', 1, text, DEFAULT_SETTINGS);
    assert.deepEqual(
      doc.headings.map((h) => [h.level, h.text, h.range.start.line]),
      [
        [1, 'Heading', 4],
        [2, 'Summary', 8],
      ],
    );
    assert.equal(doc.title?.text, 'Heading');
  });

  test('missing closing --- and no later ---: the heading still starts the body', () => {
    const text = '---\ntitle: x\n\n# Heading\n\nSee [[other]].\n';
    const { frontMatter, lines, bodyStart } = frontMatterOf(text);
    assert.equal(frontMatter.unterminated, true);
    assert.deepEqual(frontMatter.errors, []);
    assert.deepEqual(lines.positionAt(bodyStart), { line: 3, character: 0 });
    const doc = parseDocument('file:///ws/a.md', 1, text, DEFAULT_SETTINGS);
    assert.equal(doc.title?.text, 'Heading');
    assert.deepEqual(doc.links.map((l) => l.target), ['other']);
  });

  test('a closed block with a comment line that looks like a heading is not cut', () => {
    const { frontMatter } = frontMatterOf('---\ntitle: x\n\n# a comment\nstatus: draft\n---\n# T\n');
    assert.equal(frontMatter.unterminated, false);
    assert.deepEqual([...frontMatter.fields.keys()], ['title', 'status']);
  });
});

describe('hostile front matter', () => {
  test('---js front matter is not executed and is reported', async () => {
    const g = globalThis as { __pwned?: unknown };
    delete g.__pwned;
    for (const lang of ['js', 'javascript']) {
      const text = `---${lang}\n{ x: globalThis.__pwned = 1 }\n---\n# T\n`;
      const { frontMatter } = frontMatterOf(text);
      assert.equal(g.__pwned, undefined, `---${lang} was executed`);
      assert.ok(frontMatter.errors.length > 0, `---${lang} gives an error`);
      assert.match(frontMatter.errors[0].message, new RegExp(`"${lang}" is not supported`));
      assert.deepEqual(frontMatter.errors[0].range, { start: { line: 0, character: 3 }, end: { line: 0, character: 3 + lang.length } });
      const { service } = await indexedService({ 'rca/2025/js.md': text });
      const codes = diagnosticsFor(service, 'rca/2025/js.md', text).map((d) => d.code);
      assert.ok(codes.includes('yaml-syntax'), codes.join(', '));
      assert.equal(g.__pwned, undefined, `---${lang} was executed by the service`);
    }
  });

  test('---toml (no engine) is an error on the opening line, not a throw', () => {
    const { frontMatter } = frontMatterOf('---toml\ntitle = "x"\n---\n# T\n');
    assert.ok(frontMatter.errors.length > 0);
    assert.equal(frontMatter.errors[0].range.start.line, 0);
  });

  test('YAML errors have ranges on the offending line', () => {
    const { frontMatter } = frontMatterOf('---\na: 1\nb: c: d\ne: 2\n---\n# T\n');
    assert.equal(frontMatter.errors.length, 1);
    assert.equal(frontMatter.errors[0].range.start.line, 2);
    assert.equal(frontMatter.errors[0].range.end.line, 2);
    assert.match(frontMatter.errors[0].message, /^[^\n]+$/, 'one-line message');

    const dup = frontMatterOf('---\ntitle: x\ndup: 1\ndup: 2\n---\n# T\n').frontMatter;
    assert.equal(dup.errors.length, 1);
    assert.equal(dup.errors[0].range.start.line, 3);
    assert.equal(dup.errors[0].range.start.character, 0);
    assert.equal(dup.errors[0].range.end.line, 3);
    // Whichever occurrence wins, the value is the one its range points at.
    const field = dup.fields.get('dup')!;
    const valueLine = frontMatterOf('---\ntitle: x\ndup: 1\ndup: 2\n---\n# T\n').lines.lineText(field.valueRange.start.line);
    assert.equal(valueLine, `dup: ${String(field.value)}`);
    assert.equal(field.keyRange.start.line, field.valueRange.start.line);

    const unclosed = frontMatterOf('---\na: 1\nb: "x\ne: 2\n---\n# T\n').frontMatter;
    assert.ok(unclosed.errors.length > 0);
    assert.ok(unclosed.errors.every((e) => e.range.start.line >= 2 && e.range.start.line <= 3), JSON.stringify(unclosed.errors));
  });

  test('a YAML alias bomb (billion laughs) is an error, quickly', () => {
    const letters = 'abcdefghij';
    const bomb = [`a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
    for (let i = 1; i < letters.length; i++) bomb.push(`${letters[i]}: &${letters[i]} [${Array(9).fill(`*${letters[i - 1]}`).join(',')}]`);
    const text = `---\n${bomb.join('\n')}\ntitle: x\n---\n# x\n`;
    const started = performance.now();
    const { frontMatter } = frontMatterOf(text);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 2000, `took ${elapsed.toFixed(0)} ms`);
    assert.ok(frontMatter.errors.length > 0, 'the bomb is reported');
    assert.ok(frontMatter.errors.some((e) => /alias|could not be read/i.test(e.message)), JSON.stringify(frontMatter.errors));
    // Keys keep their ranges even though values are dropped.
    assert.deepEqual(frontMatter.fields.get('title')?.keyRange, { start: { line: 11, character: 0 }, end: { line: 11, character: 5 } });
  });

  test('front matter that is not a mapping is an error', () => {
    assert.ok(frontMatterOf('---\n- a\n- b\n---\n# t\n').frontMatter.errors.length > 0);
    assert.ok(frontMatterOf('---\njust text\n---\n# t\n').frontMatter.errors.length > 0);
  });
});

// ---------------------------------------------------------------------------
// The fast path against `yaml`

const PLAIN = ['abc', 'hello world', 'P3', 'SRE', 'a:b', 'a#b', 'rca-2025', 'café', 'x y z', 'a,b', 'a[b]', 'a]b', 'a{b}', '...', 'Backend Team', 'v1.2.3', 'x-', 'a -b', 'ünïcödé 🚀', 'a\u0001b', 'end.'];
const QUOTED = ["'single'", '"double"', "'it''s'", '"esc \\" q"', '"tab\\t"', '"a: b"', "'a # b'", '""', "''", '"a, b"', "'[x]'", '"with\ttab"', "'x' trailing", '"unterminated', "'also", '"a" "b"', "'é'", '"\\u00e9"'];
const NUMBERS = ['0', '7', '42', '007', '-5', '+3', '1.5', '1.', '.5', '1e3', '1E-2', '0x1F', '0x', '0o17', '0o8', '.inf', '-.inf', '+.INF', '.nan', '.NaN', '+.nan', '999999999999999', '1234567890123456', '1_000', '12:30', '0b101'];
const SPECIAL = ['~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'yes', 'no', 'on', 'off', 'y', 'n'];
const DATES = ['2025-07-30', '2025-07-30T12:00:00Z', '2025-07-30 12:00', '2025-13-01', '2025-7-3'];
const TRICKY = ['&anchor value', '*anchor', '!!str 5', '!tag x', '|', '>', '- x', '? x', '@x', '`x`', '%x', 'a: b', 'a #c', 'abc:', ': x', '#x', ',x', '[a, b', '{a: 1}', 'a\tb'];
const FLOW_ITEMS = ['a', 'b c', 'api', '"db"', "'q'", '1', '42', '1.5', 'true', 'null', '~', 'x-y', 'a:b', 'a#b', '"a, b"', '[x]', '{k: v}', '&x a', '*x', '-a', 'a -b', '2025-07-30', '0x1F', 'é'];
const KEYS = ['title', 'date', 'severity', 'services', 'tags', 'status', 'author', 'duration_minutes', 'a_b', 'a-b', 'K9', '_x', 'x1', 'True', 'null', 'NULL', 'FALSE', 'yes', 'on', 'y', 'key with space', '"quoted"', "'single'", 'a:b', 'x.y', 'ñ', '1', '-k', '? k'];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

function scalarPiece(random: () => number): string {
  const r = random();
  if (r < 0.3) return pick(random, PLAIN);
  if (r < 0.5) return pick(random, QUOTED);
  if (r < 0.68) return pick(random, NUMBERS);
  if (r < 0.8) return pick(random, SPECIAL);
  if (r < 0.9) return pick(random, DATES);
  return pick(random, TRICKY);
}

function keyPiece(random: () => number, used: string[]): string {
  if (used.length > 0 && random() < 0.06) return pick(random, used);
  const r = random();
  const key = r < 0.75 ? pick(random, KEYS.slice(0, 13)) : r < 0.97 ? pick(random, KEYS) : `k${Math.floor(random() * 100)}`;
  used.push(key);
  return key;
}

const TRAIL = ['', '', '', '', '  ', ' # comment', '\t', ' #'];

function entry(random: () => number, used: string[]): string[] {
  const key = keyPiece(random, used);
  const r = random();
  const sep = random() < 0.9 ? ' ' : '  ';
  if (r < 0.35) return [`${key}:${sep}${scalarPiece(random)}${pick(random, TRAIL)}`];
  if (r < 0.42) return [`${key}:${pick(random, ['', '', ' ', '   ', ' # c', '\t'])}`];
  if (r < 0.6) {
    const n = Math.floor(random() * 4);
    const items = Array.from({ length: n }, () => pick(random, FLOW_ITEMS));
    const comma = pick(random, [', ', ', ', ',', ' , ', ',  ']);
    const pad = random() < 0.8 ? '' : ' ';
    const trailing = random() < 0.05 ? ',' : '';
    return [`${key}:${sep}[${pad}${items.join(comma)}${trailing}${pad}]${pick(random, TRAIL)}`];
  }
  if (r < 0.8) {
    const indent = pick(random, ['', '', '  ', '  ', ' ', '    ']);
    const n = 1 + Math.floor(random() * 3);
    const out = [`${key}:${random() < 0.9 ? '' : pick(random, ['  ', ' # c'])}`];
    for (let i = 0; i < n; i++) {
      const q = random();
      if (q < 0.05) out.push(pick(random, ['', '# between', '  # between']));
      const itemIndent = random() < 0.9 ? indent : pick(random, ['', ' ', '  ', '   ', '    ']);
      const dash = random() < 0.9 ? '- ' : pick(random, ['-  ', '-\t', '-']);
      out.push(`${itemIndent}${dash}${random() < 0.7 ? pick(random, FLOW_ITEMS.filter((f) => !f.startsWith('['))) : scalarPiece(random)}${pick(random, TRAIL)}`);
      if (random() < 0.04) out.push(`${itemIndent}  continued`);
    }
    return out;
  }
  if (r < 0.86) return [`${key}:`, `  sub: ${scalarPiece(random)}`, ...(random() < 0.5 ? [`  other: ${scalarPiece(random)}`] : [])];
  if (r < 0.93) {
    return pick(random, [
      [`${key}: first`, '  second'],
      [`${key}: |`, '  line one', '  line two'],
      [`${key}: >-`, '  folded', '  text'],
      [`${key}: "multi`, '  line"'],
      [`${key}: 'multi`, "  line'"],
      [`${key}: &a anchored`],
      [`${key}: *a`],
      [`${key}: {a: 1, b: [x]}`],
      [`${key}: plain`, '    # indented comment'],
    ]);
  }
  return [
    pick(random, [
      `\t${key}: v`,
      `${key}:\tv`,
      `${key} : v`,
      `${key}:v`,
      `  ${key}: v`,
      '- top level item',
      '...',
      'plain text line',
      `${key}: a: b`,
      `${key}: x\r`,
      `${key}: x\u2028y`,
      `${key}: [a,`,
    ]),
  ];
}

const TAME_SCALARS = ['abc', 'hello world', 'P3', 'SRE', 'Backend Team', 'rca-2025', 'a:b', 'a#b', 'v1.2.3', 'café', "'single'", '"double"', '"a: b"', "''", '0', '7', '42', '72', '2025-07-30', 'resolved'];
const TAME_ITEMS = ['a', 'api', 'billing-api', 'b c', '"db"', "'q'", '1', '42', 'x-y', 'a#b'];

/** Front matter as people write it: mostly what the fast path reads, with an odd piece now and then. */
function tameEntry(random: () => number, used: string[]): string[] {
  if (random() < 0.1) return entry(random, used);
  let key = pick(random, KEYS.slice(0, 13));
  if (used.includes(key)) key = `${key}${used.length}`;
  used.push(key);
  const r = random();
  const scalar = () => (random() < 0.9 ? pick(random, TAME_SCALARS) : scalarPiece(random));
  if (r < 0.45) return [`${key}: ${scalar()}${random() < 0.9 ? '' : pick(random, TRAIL)}`];
  if (r < 0.5) return [`${key}:`];
  if (r < 0.75) {
    const items = Array.from({ length: Math.floor(random() * 4) }, () => (random() < 0.9 ? pick(random, TAME_ITEMS) : pick(random, FLOW_ITEMS)));
    return [`${key}: [${items.join(random() < 0.8 ? ', ' : ',')}]`];
  }
  const indent = pick(random, ['', '  ', ' ', '    ']);
  return [`${key}:`, ...Array.from({ length: 1 + Math.floor(random() * 3) }, () => `${indent}- ${random() < 0.9 ? pick(random, TAME_ITEMS) : scalarPiece(random)}`)];
}

function randomBlock(random: () => number): string {
  const used: string[] = [];
  const out: string[] = [];
  const tame = random() < 0.6;
  const n = 1 + Math.floor(random() * 7);
  for (let i = 0; i < n; i++) {
    const r = random();
    if (r < 0.08) out.push(pick(random, ['# comment', '#', '', '   ', '  # indented comment', '#\tcomment']));
    out.push(...(tame ? tameEntry(random, used) : entry(random, used)));
  }
  return out.join('\n');
}

/** The example RCAs' front matter blocks. */
function seedBlocks(): string[] {
  const blocks = Object.entries(exampleFiles())
    .filter(([path]) => /^rca\/2025\/.*\.md$/.test(path))
    .map(([, text]) => /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1])
    .filter((b): b is string => b !== undefined);
  assert.equal(blocks.length, 5, 'the five 2025 seeds');
  return blocks;
}

/** Mutations of a seed: one line replaced by a generated entry. */
function mutate(block: string, random: () => number): string {
  const lines = block.split('\n');
  const at = Math.floor(random() * lines.length);
  lines.splice(at, 1, ...entry(random, []));
  return lines.join('\n');
}

const short = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
function describeField(field: FrontMatterField | undefined): string {
  if (!field) return 'absent';
  const items = field.items?.map((i) => `${JSON.stringify(i.value)}@${short(i.range)}`).join(', ');
  return `${JSON.stringify(field.key)}@${short(field.keyRange)} = ${JSON.stringify(field.value)}@${short(field.valueRange)}${field.listStyle ? ` ${field.listStyle} [${items}]` : ''}`;
}

/** The fields on which two readings differ, one line each; empty when they agree. */
function fieldDifferences(actual: ReadonlyMap<string, FrontMatterField>, expected: ReadonlyMap<string, FrontMatterField>): string[] {
  const differences: string[] = [];
  for (const key of new Set([...actual.keys(), ...expected.keys()])) {
    try {
      assert.deepEqual(plain(actual.get(key)), plain(expected.get(key)));
    } catch {
      differences.push(`  fast path: ${describeField(actual.get(key))}\n  yaml:      ${describeField(expected.get(key))}`);
    }
  }
  return differences;
}

/** Runs without `yaml`'s process warnings (collection keys stringified), which generated blocks trigger by design. */
function quietly(run: () => void): void {
  const emitWarning = process.emitWarning;
  process.emitWarning = () => {};
  try {
    run();
  } finally {
    process.emitWarning = emitWarning;
  }
}

interface Mismatch {
  readonly block: string;
  readonly detail: string;
}

/** Compares the fast path to `yaml` on one block, as the front matter of a document. */
/** The first mismatch of each kind (the detail with values and positions left out), shortest block first. */
function oneOfEachKind(mismatches: readonly Mismatch[]): Mismatch[] {
  const kinds = new Map<string, Mismatch>();
  for (const m of [...mismatches].sort((a, b) => a.block.length - b.block.length)) {
    const kind = m.detail.replace(/"(?:[^"\\]|\\.)*"|@[\d:-]+|\d+/g, '');
    if (!kinds.has(kind)) kinds.set(kind, m);
  }
  return [...kinds.values()].slice(0, 12);
}

/** A first field the fast path cannot read (an anchor): it sends the whole block down the `yaml` path. */
const FORCE_KEY = 'zz_force_yaml';
const FORCE_LINE = `${FORCE_KEY}: &force x`;

function shiftRange(range: Range, lines: number): Range {
  return { start: { line: range.start.line + lines, character: range.start.character }, end: { line: range.end.line + lines, character: range.end.character } };
}

function shiftField(field: FrontMatterField, lines: number): FrontMatterField {
  return {
    ...field,
    keyRange: shiftRange(field.keyRange, lines),
    valueRange: shiftRange(field.valueRange, lines),
    items: field.items?.map((item) => ({ value: item.value, range: shiftRange(item.range, lines) })),
  };
}

/**
 * Reads one block as the front matter of a document twice: as written (the fast
 * path, when it answers) and with a first line only `yaml` reads (the slow path),
 * and compares fields and ranges; values and keys are also checked against
 * `yaml`'s own reading of the block.
 */
function checkBlock(block: string, eol: string): 'fast' | 'fallback' | Mismatch {
  const body = block.split('\n').join(eol);
  const text = `---${eol}${body}${eol}---${eol}# T${eol}`;
  const lines = new LineIndex(text);
  const base = 3 + eol.length;
  const source = text.slice(base, base + body.length);
  const simple = parseSimpleYaml(source, base, lines);
  if (!simple) return 'fallback';
  const mismatch = (detail: string): Mismatch => ({ block: JSON.stringify(body), detail });

  const fast = parseFrontMatter(text, lines).frontMatter!;
  if (fast.errors.length > 0) return mismatch(`  fast path: errors ${JSON.stringify(fast.errors)}`);
  const notFast = fieldDifferences(fast.fields, simple);
  if (notFast.length > 0) return mismatch(`  parseFrontMatter did not return the fast path's fields:\n${notFast.join('\n')}`);

  const forcedText = `---${eol}${FORCE_LINE}${eol}${body}${eol}---${eol}# T${eol}`;
  const forcedLines = new LineIndex(forcedText);
  assert.equal(parseSimpleYaml(forcedText.slice(base, base + FORCE_LINE.length + eol.length + body.length), base, forcedLines), undefined);
  const slow = parseFrontMatter(forcedText, forcedLines).frontMatter!;
  if (slow.errors.length > 0) return mismatch(`  fast path: no errors\n  yaml:      ${slow.errors.map((e) => `${e.message} @${short(shiftRange(e.range, -1))}`).join('; ')}`);
  const slowFields = new Map([...slow.fields].filter(([key]) => key !== FORCE_KEY).map(([key, field]) => [key, shiftField(field, -1)]));
  const differences = fieldDifferences(fast.fields, slowFields);
  if (differences.length > 0) return mismatch(differences.join('\n'));

  // Keys and values as `yaml` itself reads the block.
  const data: unknown = parseYamlDocument(source).toJS();
  const record = data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  const fastKeys = [...fast.fields.keys()].sort();
  const yamlKeys = Object.keys(record).sort();
  if (JSON.stringify(fastKeys) !== JSON.stringify(yamlKeys)) return mismatch(`  fast path keys: ${JSON.stringify(fastKeys)}\n  yaml keys:      ${JSON.stringify(yamlKeys)}`);
  for (const field of fast.fields.values()) {
    try {
      assert.deepEqual(field.value, record[field.key]);
      if (field.items) assert.deepEqual(field.items.map((i) => i.value), record[field.key]);
    } catch {
      return mismatch(`  fast path: ${describeField(field)}\n  yaml value: ${JSON.stringify(record[field.key])}`);
    }
  }
  return 'fast';
}

describe('the front matter fast path agrees with yaml', () => {
  test('the example seeds all take the fast path and agree', () => {
    for (const block of seedBlocks()) assert.equal(checkBlock(block, '\n'), 'fast', block);
  });

  test('2,000+ generated variants: whenever the fast path answers, it equals yaml', (t) => {
    const random = seededRandom(0x5eed);
    const blocks = [...seedBlocks()];
    for (const seed of seedBlocks()) for (let i = 0; i < 60; i++) blocks.push(mutate(seed, random));
    while (blocks.length < 2600) blocks.push(randomBlock(random));
    let fast = 0;
    let fallback = 0;
    const mismatches: Mismatch[] = [];
    quietly(() => {
      for (const block of blocks) {
        const result = checkBlock(block, '\n');
        if (result === 'fast') fast++;
        else if (result === 'fallback') fallback++;
        else mismatches.push(result);
      }
    });
    const answered = fast + mismatches.length;
    t.diagnostic(`${blocks.length} blocks: ${answered} read by the fast path (${fast} equal to yaml, ${mismatches.length} not), ${fallback} fell back to yaml`);
    assert.equal(mismatches.length, 0, `${mismatches.length} mismatches; one of each kind:\n${oneOfEachKind(mismatches).map((m) => `${m.block}\n${m.detail}`).join('\n\n')}`);
    // Both paths must be exercised for the comparison to mean anything.
    assert.ok(answered >= 500, `only ${answered} blocks took the fast path`);
    assert.ok(fallback >= 500, `only ${fallback} blocks fell back`);
  });

  // Minimal inputs on which the fast path and yaml have disagreed.
  const KNOWN: Record<string, string> = {
    'a block item with two spaces after the dash': 'tags:\n-  a',
    'a more indented "- b" continues the previous item': 'tags:\n- a\n  - b',
    'a less indented item ends the list (yaml: error)': 'tags:\n  - a\n- b',
    'an empty value followed by spaces': 'a:   \nb: 1',
    'a key that yaml reads as a boolean': 'True: x',
    'a key that yaml reads as null': 'null: x',
    'a plain value after two spaces': 'title:  x',
    'a flow list with a colon in an item': 'tags: [a:b]',
    'an empty flow list with spaces': 'tags: [ ]',
    'a quoted string with a tab': 'title: "a\tb"',
    'a comment line between a key and its value': 'a:\n# c\nb: 1',
    'a block list followed by another key': 'tags:\n- a\nnext: b',
    'an indented block list followed by another key': 'tags:\n  - a\n  - b\nnext: b',
  };
  for (const [name, block] of Object.entries(KNOWN)) {
    test(`fast path equals yaml: ${name}`, () => {
      const result = checkBlock(block, '\n');
      if (typeof result === 'object') assert.fail(`${result.block}\n${result.detail}`);
    });
  }

  test('the fast path and yaml agree on CRLF blocks too', () => {
    const random = seededRandom(0xc21f);
    let fast = 0;
    const mismatches: Mismatch[] = [];
    quietly(() => {
      for (let i = 0; i < 300; i++) {
        const result = checkBlock(randomBlock(random), '\r\n');
        if (result === 'fast') fast++;
        else if (result !== 'fallback') mismatches.push(result);
      }
    });
    assert.equal(mismatches.length, 0, `${mismatches.length} mismatches; one of each kind:\n${oneOfEachKind(mismatches).map((m) => `${m.block}\n${m.detail}`).join('\n\n')}`);
    assert.ok(fast + mismatches.length > 50, `only ${fast + mismatches.length} blocks took the fast path`);
  });
});
