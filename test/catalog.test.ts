import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addToCatalogEdit, findCatalogEntry, parseCatalog } from '../server/src/core/catalog';
import { applyEdits } from '../server/src/core/text';
import { exampleFiles } from './support';

const add = (text: string, kind: 'services' | 'teams', name: string) => applyEdits(text, [addToCatalogEdit(text, kind, name)]);

test('catalog entries are names or {name, owner, runbook, aliases}; lookups ignore case and know aliases', () => {
  const catalog = parseCatalog(exampleFiles()['.rca/catalog.yaml']);
  assert.equal(catalog.services.length, 8);
  assert.equal(catalog.teams.length, 8);
  assert.equal(findCatalogEntry(catalog.services, 'RECS')?.name, 'recommendation-engine');
  assert.equal(findCatalogEntry(catalog.services, 'billing-api')?.owner, 'Backend Team');
  assert.deepEqual(catalog.problems, []);
});

test('a broken catalog says why, and yields no names', () => {
  assert.deepEqual(parseCatalog('services: [a\n').problems.length, 1);
  assert.match(parseCatalog('- a\n').problems[0], /must be a mapping/);
  assert.match(parseCatalog('services: a\n').problems[0], /`services` must be a list/);
  assert.match(parseCatalog('teams:\n  - owner: x\n').problems[0], /`teams` entry 1 needs a name/);
});

test('adding a name appends it to its list, in the list indentation, leaving the rest alone', () => {
  const catalog = exampleFiles()['.rca/catalog.yaml'];
  const withTeam = add(catalog, 'teams', 'Payments Team');
  assert.equal(withTeam, `${catalog.trimEnd()}\n  - Payments Team\n`);
  const withService = add(catalog, 'services', 'search-service');
  assert.equal(withService, catalog.replace('    owner: Security Team\n', '    owner: Security Team\n  - search-service\n'));
  assert.ok(findCatalogEntry(parseCatalog(withService).services, 'search-service'));
});

test('adding to a catalog without the list creates it; names that need quotes get them; CRLF stays CRLF', () => {
  assert.equal(add('services:\n  - a\n', 'teams', 'SRE'), 'services:\n  - a\nteams:\n  - SRE\n');
  assert.equal(add('', 'services', 'a: b'), 'services:\n  - "a: b"\n');
  assert.equal(add('teams:\r\n    - SRE\r\n', 'teams', 'Ops'), 'teams:\r\n    - SRE\r\n    - Ops\r\n');
});
