// What a user typing in the example workspace gets from the server started
// in-process: the text a completion leaves, how names are ranked while one is
// half typed, and references on a file's title. `⟦⟧` marks the cursor.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, CompletionList, Location, TextEdit } from 'vscode-languageserver-protocol';
import { applyEdits } from '../server/src/core/text';
import { InProcessSession } from './lspSession';
import { EXAMPLE, marked, SEED_PATH } from './support';

const RUNBOOK = 'runbooks/runbook-recommendation-engine.md';
const NOTE = 'notes/scratch.md';

let session: InProcessSession;
before(async () => {
  session = await InProcessSession.start();
});
after(() => session.close());

/** Opens `source` at `path` with its cursor marker removed; returns the completion there and the clean text. */
async function completeAt(path: string, source: string): Promise<{ text: string; items: CompletionItem[] }> {
  const { text, ranges } = marked(source);
  await session.openFile(path, text);
  const list = await session.request<CompletionList | CompletionItem[] | null>('textDocument/completion', path, ranges[0].start);
  return { text, items: Array.isArray(list) ? list : (list?.items ?? []) };
}

/** The text after accepting the item labelled `label`. */
function accept(text: string, items: CompletionItem[], label: string): string {
  const item = items.find((i) => i.label === label);
  assert.ok(item, `${label} not among ${items.map((i) => i.label).join(', ')}`);
  return applyEdits(text, [item.textEdit as TextEdit]);
}

describe('wiki-link completion takes in the closing brackets already typed', () => {
  // The scratch note's links would be references to the runbook.
  after(() => session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: session.uri(NOTE) } }));
  const cases: [string, string, string][] = [
    ['no bracket', '- [[runbook-rec⟦⟧\n', '- [[runbook-recommendation-engine]]\n'],
    ['one bracket (auto-closed)', '- [[runbook-rec⟦⟧]\n', '- [[runbook-recommendation-engine]]\n'],
    ['two brackets', '- [[runbook-rec⟦⟧]]\n', '- [[runbook-recommendation-engine]]\n'],
    ['one bracket, text after', '- [[runbook-rec⟦⟧] then\n', '- [[runbook-recommendation-engine]] then\n'],
    ['an alias after', '- [[runbook-rec⟦⟧|the runbook]]\n', '- [[runbook-recommendation-engine|the runbook]]\n'],
  ];
  for (const [what, source, expected] of cases) {
    test(`file name, ${what}`, async () => {
      const { text, items } = await completeAt(NOTE, source);
      assert.equal(accept(text, items, 'runbook-recommendation-engine'), expected);
    });
  }

  for (const [what, source] of [['no bracket', '[[runbook-recommendation-engine#Roll⟦⟧\n'], ['one bracket', '[[runbook-recommendation-engine#Roll⟦⟧]\n'], ['two brackets', '[[runbook-recommendation-engine#Roll⟦⟧]]\n']]) {
    test(`heading, ${what}`, async () => {
      const { text, items } = await completeAt(NOTE, source);
      assert.equal(accept(text, items, 'Rollback'), '[[runbook-recommendation-engine#Rollback]]\n');
    });
  }

  for (const [what, source] of [['no bracket', '[[runbook-recommendation-engine|rec⟦⟧\n'], ['one bracket', '[[runbook-recommendation-engine|rec⟦⟧]\n'], ['two brackets', '[[runbook-recommendation-engine|rec⟦⟧]]\n']]) {
    test(`alias, ${what}`, async () => {
      const { text, items } = await completeAt(NOTE, source);
      assert.equal(accept(text, items, 'recommendation-engine Runbook'), '[[runbook-recommendation-engine|recommendation-engine Runbook]]\n');
    });
  }
});

describe('a half-typed name does not rank itself', () => {
  const seed = readFileSync(join(EXAMPLE, SEED_PATH), 'utf8');

  test('author: the partial value is not offered; the names in use are, with their counts', async () => {
    const { items } = await completeAt(SEED_PATH, seed.replace('author: SRE', 'author: S⟦⟧'));
    assert.equal(items.find((i) => i.label === 'S'), undefined);
    // What the editor shows for `S`: the items it matches, in the server's order.
    const shown = items.filter((i) => i.label.startsWith('S'));
    assert.equal(shown[0].label, 'SRE');
    // Two other RCAs have SRE as an action item owner; the seed names SRE nowhere else.
    assert.equal(shown[0].detail, '2 RCAs');
  });

  test('Action Items owner: the partial cell is not offered; this RCA\'s other rows still count', async () => {
    const { items } = await completeAt(SEED_PATH, seed.replace('| P2 | Update runbook | Platform Engineering |', '| P2 | Update runbook | Pla⟦⟧ |'));
    assert.equal(items.find((i) => i.label === 'Pla'), undefined);
    const platform = items.find((i) => i.label === 'Platform Engineering');
    // The seed's next row is Platform Engineering's too, so the seed still counts among its RCAs.
    const before = await completeAt(SEED_PATH, seed.replace('| P2 | Update runbook | Platform Engineering |', '| P2 | Update runbook | ⟦⟧Platform Engineering |'));
    assert.equal(platform?.detail, before.items.find((i) => i.label === 'Platform Engineering')?.detail);
  });
});

describe('completion as you type: after a trigger character where a value goes, nothing in prose', () => {
  const seed = readFileSync(join(EXAMPLE, SEED_PATH), 'utf8');
  /** The items the editor would show after typing the character before the cursor. */
  const typed = async (source: string) => {
    const { text, ranges } = marked(source);
    await session.openFile(SEED_PATH, text);
    const at = ranges[0].start;
    const triggerCharacter = text.split('\n')[at.line][at.character - 1];
    const list = await session.request<CompletionList | null>('textDocument/completion', SEED_PATH, at, { context: { triggerKind: 2, triggerCharacter } });
    return list?.items.map((i) => i.label) ?? [];
  };

  for (const [what, source, expected] of [
    ['`: ` after a front matter key', seed.replace('author: SRE', 'author: ⟦⟧'), 'SRE'],
    ['`, ` in a flow list', seed.replace('services: [recommendation-engine, billing-api]', 'services: [recommendation-engine, ⟦⟧]'), 'billing-api'],
    ['`| ` in an Owner cell', seed.replace('| DevOps | 2025-08-06 |', '| ⟦⟧'), 'DevOps'],
    ['`| ` in a Timeline event cell', seed.replace('| 21:17 | Incident resolved |', '| 21:17 | ⟦⟧'), 'Incident resolved'],
  ] as const) {
    test(`values after ${what}`, async () => {
      assert.ok((await typed(source)).includes(expected));
    });
  }

  for (const [what, source] of [
    ['a space in a sentence', seed.replace('Investigation revealed multiple', 'Investigation revealed ⟦⟧multiple')],
    ['a colon in a sentence', seed.replace('Investigation revealed multiple contributing factors:', 'Investigation revealed multiple contributing factors:⟦⟧')],
    ['a comma in a sentence', seed.replace('On 2025-07-30, the', 'On 2025-07-30,⟦⟧ the')],
    ['a pipe in a sentence', seed.replace('Investigation revealed', 'Investigation |⟦⟧ revealed')],
    ['a space in a list item', seed.replace('- Cross-team collaboration was effective', '- Cross-team ⟦⟧collaboration was effective')],
    ['a space in an Action cell', seed.replace('| Update runbook |', '| Update ⟦⟧runbook |')],
    ['a space after a heading mark', seed.replace('## Root Cause', '## ⟦⟧Root Cause')],
  ] as const) {
    test(`nothing after ${what}`, async () => {
      assert.deepEqual(await typed(source), []);
    });
  }
});

describe('references to a file from its title and front matter', () => {
  const rcaLink = async () => {
    const rca = readFileSync(join(session.rootPath, SEED_PATH), 'utf8').split('\n');
    const line = rca.findIndex((l) => l.includes('[[runbook-recommendation-engine'));
    return `${SEED_PATH}:${line}:${rca[line].indexOf('[[')}`;
  };
  const shown = (found: Location[]) => found.map((l) => `${l.uri.slice(session.rootUri.length + 1)}:${l.range.start.line}:${l.range.start.character}`);

  for (const [where, position] of [
    ['the H1', { line: 5, character: 4 }],
    ['the front matter title', { line: 1, character: 10 }],
    ['the front matter delimiter', { line: 0, character: 1 }],
  ] as const) {
    test(`on ${where}: every link to the file, the declaration at the H1`, async () => {
      await session.openFile(RUNBOOK);
      const found = await session.request<Location[]>('textDocument/references', RUNBOOK, position, { context: { includeDeclaration: true } });
      assert.deepEqual(shown(found), [`${RUNBOOK}:5:0`, await rcaLink()]);
      const without = await session.request<Location[]>('textDocument/references', RUNBOOK, position, { context: { includeDeclaration: false } });
      assert.deepEqual(shown(without), [await rcaLink()]);
    });
  }
});
