// The catalog file read as a document: each problem on its exact range, the
// runbook paths a rename rewrites, and the JSON Schema built from the same keys.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { catalogJsonSchema, catalogSchemaText, readCatalogFile, runbookMoveEdits } from '../server/src/core/catalogFile';
import { applyEdits } from '../server/src/core/text';
import { yamlScalar } from '../server/src/core/yamlText';
import { exampleFiles, marked, REPO } from './support';

const example = exampleFiles()['.rca/catalog.yaml'];

/** The problems of a marked catalog text, each with the range it must have. */
function check(source: string) {
  const { text, ranges } = marked(source);
  const file = readCatalogFile(text);
  return { file, ranges, codes: file.problems.map((p) => p.code) };
}

describe('catalog file', () => {
  test('the example catalog has no problems; its runbooks are listed with their ranges', () => {
    const marks = example.replace(/runbook: (.*)$/gm, 'runbook: ⟦$1⟧');
    const { file, ranges } = check(marks);
    assert.deepEqual(file.problems, []);
    assert.equal(file.catalog.readable, true);
    assert.deepEqual(file.runbooks.map((r) => r.range), ranges);
    assert.deepEqual(file.runbooks.map((r) => r.path), [...example.matchAll(/runbook: (.*)$/gm)].map((m) => m[1]));
  });

  test('wrong types, unknown keys and duplicates each sit on their token, and the rest is still read', () => {
    const { file, ranges, codes } = check(
      [
        'services:',
        '  - name: ⟦404⟧',
        '  - name: api',
        '    ⟦tier⟧: 1',
        '    aliases: [gateway, ⟦3⟧]',
        '  - ⟦API⟧',
        '  - name: web',
        '    aliases: ⟦gateway⟧',
        '  - name: "search"',
        '    runbook: "runbooks/search.md"',
        '  - ⟦owner: nobody⟧',
        '  - name: front',
        '    aliases: [⟦Gateway⟧]',
        '⟦servces⟧: []',
        '',
      ].join('\n'),
    );
    assert.deepEqual(codes, ['catalog-type', 'catalog-unknown-key', 'catalog-type', 'catalog-duplicate', 'catalog-type', 'catalog-type', 'catalog-duplicate', 'catalog-unknown-key']);
    assert.deepEqual(file.problems.map((p) => p.range), ranges);
    assert.match(file.problems[0].message, /`name` must be text \(quote it: "404"\)/);
    assert.match(file.problems[3].message, /Service "API" is already in the catalog \(line 3\)/);
    assert.match(file.problems[5].message, /`services` entry 6 needs a name/);
    assert.deepEqual(file.catalog.services.map((s) => s.name), ['api', 'API', 'web', 'search', 'front']);
    assert.deepEqual(file.runbooks.map((r) => r.path), ['runbooks/search.md']);
    assert.equal(file.catalog.readable, true);
  });

  test('anchors and aliases (*name) are read through; one that loops back is a wrong type, not a hang', () => {
    const { file } = check('owners: &o Backend Team\nservices:\n  - name: api\n    owner: *o\n');
    assert.equal(file.catalog.services[0].owner, 'Backend Team');
    assert.deepEqual(file.problems.map((p) => p.code), ['catalog-unknown-key']);
    assert.deepEqual(check('services: &s [*s]\n').codes, ['catalog-type']);
  });

  test('a catalog that is not YAML, not a mapping, or whose lists are not lists is unreadable: no names at all', () => {
    for (const [source, code] of [
      ['services:\n  - name: api\n    aliases: [a\n', 'catalog-yaml'],
      ['⟦- api⟧\n', 'catalog-type'],
      ['services: ⟦api⟧\nteams: [SRE]\n', 'catalog-type'],
      // An alias bomb: refused, not expanded.
      [`a: &a [${'x, '.repeat(9)}x]\nb: &b [${'*a, '.repeat(9)}*a]\nc: &c [${'*b, '.repeat(9)}*b]\nservices: [${'*c, '.repeat(9)}*c]\n`, 'catalog-yaml'],
    ] as const) {
      const { file, ranges, codes } = check(source);
      assert.equal(codes[0], code, source);
      if (ranges.length > 0) assert.deepEqual(file.problems[0].range, ranges[0], source);
      assert.equal(file.catalog.readable, false, source);
      assert.deepEqual([file.catalog.services, file.catalog.teams], [[], []], source);
    }
  });

  test('an empty catalog, or one of comments, is a readable catalog without names', () => {
    for (const source of ['', '# nothing yet\n', 'services:\nteams:\n']) {
      const { file } = check(source);
      assert.deepEqual([file.problems, file.catalog.readable, file.catalog.services], [[], true, []], source);
    }
  });

  test('YAML errors are on the offending token', () => {
    const { file, ranges } = check('services:\n  - api\n⟦services⟧:\n  - web\n');
    assert.deepEqual(file.problems.map((p) => [p.code, p.range]), [['catalog-yaml', ranges[0]]]);
  });
});

describe('catalog JSON Schema', () => {
  const schemaPath = join(REPO, 'server', 'schemas', 'catalog.schema.json');
  const validate = new Ajv({ allErrors: true }).compile(catalogJsonSchema());

  test('the shipped file is the one the key definitions generate (npm run schema writes it)', () => {
    assert.equal(readFileSync(schemaPath, 'utf8'), catalogSchemaText());
  });

  test('the schema and the checks agree: a catalog the schema accepts has no type or key problems, and the other way round', () => {
    const samples = [
      example,
      '',
      'services:\n  - api\n  - name: web\n    owner: Web Team\n    runbook: runbooks/web.md\n    aliases: [www]\nteams: [SRE]\n',
      'services:\n  - name: 404\n',
      'services:\n  - name: api\n    tier: 1\n',
      'services: api\n',
      'servces: []\n',
      'teams:\n  - owner: x\n',
      'services:\n  - name: api\n    aliases: api\n',
      'services:\n  - name: api\n    aliases: [3]\n',
      'teams:\n  - [SRE]\n',
      'services:\n  - "  "\n',
    ];
    for (const text of samples) {
      const shapeProblems = readCatalogFile(text).problems.filter((p) => p.code === 'catalog-type' || p.code === 'catalog-unknown-key');
      assert.equal(validate(parse(text)), shapeProblems.length === 0, `${JSON.stringify(text)}: ${JSON.stringify(validate.errors)}`);
    }
  });
});

describe('runbook paths follow moved files', () => {
  const ROOT = 'file:///ws';
  const catalog = [
    'services:',
    '  - name: db',
    '    runbook: runbooks/db.md',
    '  - name: api',
    "    runbook: './runbooks/api.md'",
    '  - name: web',
    '    runbook: "runbooks/web/Web (UI).md"',
    '  - name: other',
    '    runbook: notes/other.md',
    '',
  ].join('\n');
  const moved = (moves: { oldUri: string; newUri: string }[]) => applyEdits(catalog, runbookMoveEdits(readCatalogFile(catalog), ROOT, moves));

  test('a renamed file: its path only, the rest byte for byte', () => {
    assert.equal(moved([{ oldUri: `${ROOT}/runbooks/db.md`, newUri: `${ROOT}/runbooks/database.md` }]), catalog.replace('runbooks/db.md', 'runbooks/database.md'));
  });

  test('a moved folder: every path under it, a leading ./ kept, encoded URIs read as paths', () => {
    assert.equal(
      moved([{ oldUri: `${ROOT}/runbooks`, newUri: `${ROOT}/ops/run%20books` }]),
      catalog.replace('runbooks/db.md', 'ops/run books/db.md').replace("'./runbooks/api.md'", './ops/run books/api.md').replace('"runbooks/web/Web (UI).md"', 'ops/run books/web/Web (UI).md'),
    );
    assert.equal(moved([{ oldUri: `${ROOT}/runbooks/web/Web%20%28UI%29.md`, newUri: `${ROOT}/runbooks/web/ui.md` }]), catalog.replace('"runbooks/web/Web (UI).md"', 'runbooks/web/ui.md'));
  });

  test('a new path YAML would misread is quoted', () => {
    const edited = moved([{ oldUri: `${ROOT}/runbooks/db.md`, newUri: `${ROOT}/runbooks/db%3A%20primary%20%23ops.md` }]);
    assert.equal(edited, catalog.replace('runbooks/db.md', '"runbooks/db: primary #ops.md"'));
    assert.equal(parse(edited).services[0].runbook, 'runbooks/db: primary #ops.md');
  });

  test('moves elsewhere, out of the folder, or of a file with a similar name change nothing', () => {
    assert.equal(moved([{ oldUri: `${ROOT}/runbooks/d.md`, newUri: `${ROOT}/runbooks/e.md` }]), catalog);
    assert.equal(moved([{ oldUri: `${ROOT}/runbook`, newUri: `${ROOT}/x` }]), catalog);
    assert.equal(moved([{ oldUri: `${ROOT}/runbooks/db.md`, newUri: 'file:///elsewhere/db.md' }]), catalog);
  });
});

test('YAML scalars for catalog values: plain when they read back as the same text, quoted when not', () => {
  const cases = ['runbooks/db.md', 'Runbook (DB).md', 'a: b', '#notes.md', 'true', '123', '- x', " it's", 'ünïcode.md', 'x #y', '[draft].md', '*star.md'];
  for (const text of cases) assert.equal(parse(`key: ${yamlScalar(text)}\n`).key, text, text);
  assert.equal(yamlScalar('runbooks/db.md'), 'runbooks/db.md');
  assert.equal(yamlScalar('a: b'), '"a: b"');
});
