// Completion, hover, code actions, code lens and inlay hints through a real
// stdio session, on the seed as written and on CRLF and emoji-bearing variants.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { applyEdits } from '../server/src/core/text';
import { LspSession } from './lspSession';
import { EXAMPLE, marked, SEED_PATH } from './support';

interface Item {
  label: string;
  kind: number;
  insertTextFormat?: number;
  textEdit: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
}
interface Action {
  title: string;
  kind: string;
  isPreferred?: boolean;
  diagnostics?: { code: string }[];
  edit: { changes?: Record<string, { range: Item['textEdit']['range']; newText: string }[]>; documentChanges?: unknown[] };
}

const VARIANTS = {
  LF: (t: string) => t,
  CRLF: (t: string) => t.replace(/\n/g, '\r\n'),
  emoji: (t: string) => t.replace(/^(title: ".*)"$/m, '$1 🔥"').replace(/^(# .*)$/m, '$1 🔥').replace('On 2025-07-30, the', 'On 2025-07-30, 🚨 the'),
};

let session: LspSession;
let seed: string;
let version = 1;
before(async () => {
  session = await LspSession.start();
  seed = readFileSync(join(session.rootPath, SEED_PATH), 'utf8');
});
after(() => session.close());

/** Opens `source` (with at most one `⟦…⟧` marker) as the seed, returning the clean text and the marked range. */
async function openMarked(source: string) {
  const { text, ranges } = marked(source);
  const uri = session.uri(SEED_PATH);
  version++;
  await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  const diagnostics = await session.diagnosticsOf(uri, version);
  return { uri, text, range: ranges[0], diagnostics };
}

for (const [name, variant] of Object.entries(VARIANTS)) {
  describe(`authoring over stdio (${name})`, () => {
    before(async () => {
      const uri = session.uri(SEED_PATH);
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: ++version, text: variant(seed) } });
      assert.deepEqual(await session.diagnosticsOf(uri, version), []);
    });

    test('completion in services: [ lists catalog services, replacing the typed part', async () => {
      const { uri, text, range } = await openMarked(variant(seed).replace('services: [recommendation-engine, billing-api]', 'services: [recommendation-engine, ⟦bi⟧]'));
      const list = await session.connection.sendRequest<{ items: Item[] }>('textDocument/completion', { textDocument: { uri }, position: range.end });
      const billing = list.items.find((i) => i.label === 'billing-api');
      assert.ok(billing, list.items.map((i) => i.label).join(', '));
      assert.deepEqual(billing.textEdit.range, range);
      assert.ok(!list.items.some((i) => i.label === 'recommendation-engine'));
      assert.equal(applyEdits(text, [billing.textEdit]), variant(seed));
    });

    test('completion of a missing front matter key is a snippet', async () => {
      const { uri, range } = await openMarked(variant(seed).replace(/status: resolved(\r?\n)/, 'sta⟦⟧$1'));
      const list = await session.connection.sendRequest<{ items: Item[] }>('textDocument/completion', { textDocument: { uri }, position: range.start });
      const status = list.items.find((i) => i.label === 'status')!;
      assert.equal(status.insertTextFormat, 2);
      assert.equal(status.kind, 10);
      assert.match(status.textEdit.newText, /^status: \$\{1\|draft,/);
    });

    test('hover on duration_minutes shows the computed span', async () => {
      const { uri, range } = await openMarked(variant(seed).replace('duration_minutes: 72', 'duration_minutes: ⟦72⟧'));
      const hover = await session.connection.sendRequest<{ contents: { kind: string; value: string }; range: Item['textEdit']['range'] }>('textDocument/hover', { textDocument: { uri }, position: range.start });
      assert.equal(hover.contents.kind, 'markdown');
      assert.match(hover.contents.value, /Timeline span: 72m\*\* \(20:05 → 21:17\)/);
      assert.deepEqual(hover.range, range);
    });

    test('quick fix for duration-mismatch sets the computed value and the diagnostic goes away', async () => {
      const { uri, text, diagnostics } = await openMarked(variant(seed).replace('duration_minutes: 72', 'duration_minutes: ⟦80⟧'));
      const duration = diagnostics.find((d) => d.code === 'duration-mismatch')!;
      const actions = await session.connection.sendRequest<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: duration.range, context: { diagnostics: [duration], only: ['quickfix'] } });
      const fix = actions.find((a) => a.title === 'Set duration_minutes to 72')!;
      assert.equal(fix.kind, 'quickfix');
      assert.equal(fix.isPreferred, true);
      const fixed = applyEdits(text, fix.edit.changes![uri]);
      assert.equal(fixed, variant(seed));
      await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: fixed }] });
      assert.deepEqual(await session.diagnosticsOf(uri, version), []);
    });

    test('fix all (source.fixAll.rca) repairs every fixable problem', async () => {
      const broken = variant(seed).replace('duration_minutes: 72', 'duration_minutes: 80').replace('approximately 72 minutes', 'approximately 99 minutes').replace('| DevOps |', '| DevOp |');
      const { uri, text } = await openMarked(broken);
      const actions = await session.connection.sendRequest<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } });
      assert.deepEqual(actions.map((a) => a.kind), ['source.fixAll.rca']);
      assert.equal(applyEdits(text, actions[0].edit.changes![uri]), variant(seed));
    });

    test('code lens above the Timeline and inlay hints after its times', async () => {
      const { uri } = await openMarked(variant(seed));
      const lenses = await session.connection.sendRequest<{ command: { title: string }; range: Item['textEdit']['range'] }[]>('textDocument/codeLens', { textDocument: { uri } });
      assert.deepEqual(lenses.map((l) => l.command.title), ['acknowledge 5m · identify 10m · mitigate 43m · recover 57m · resolve 72m']);
      const hints = await session.connection.sendRequest<{ label: string }[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } } });
      assert.deepEqual(hints.map((h) => h.label), ['+2m', '+5m', '+10m', '+43m', '+57m', '+72m']);
    });
  });
}

/** [context, marked breakage of the LF seed, label to accept, the text accepting it gives (default: the seed)]. */
const COMPLETIONS: [string, (t: string) => string, string, ((t: string) => string)?][] = [
  ['front matter key', (t) => t.replace('author: SRE\n', '⟦auth⟧\n'), 'author'],
  ['severity', (t) => t.replace('severity: P3', 'severity: ⟦P⟧3'), 'P3'],
  ['status', (t) => t.replace('status: resolved', 'status: ⟦res⟧olved'), 'resolved'],
  ['services, flow list', (t) => t.replace('services: [recommendation-engine, billing-api]', 'services: [recommendation-engine, ⟦bill⟧]'), 'billing-api'],
  ['services, block list', (t) => t.replace('services: [recommendation-engine, billing-api]', 'services:\n  - recommendation-engine\n  - ⟦bill⟧'), 'billing-api', (t) => t.replace('services: [recommendation-engine, billing-api]', 'services:\n  - recommendation-engine\n  - billing-api')],
  ['author', (t) => t.replace('author: SRE', 'author: ⟦S⟧RE'), 'SRE'],
  ['tags', (t) => t.replace('tags: [rca, p3, application]', 'tags: [rca, p3, ⟦app⟧]'), 'application'],
  ['date', (t) => t.replace('date: 2025-07-30', 'date: ⟦⟧2025-07-30'), ''],
  ['Affected Services item', (t) => t.replace('- recommendation-engine\n- billing-api\n', '- recommendation-engine\n- ⟦bil⟧\n'), 'billing-api'],
  ['action owner', (t) => t.replace('| DevOps | 2025-08-06 |', '| ⟦Dev⟧ | 2025-08-06 |'), 'DevOps'],
  ['action priority', (t) => t.replace('| P1 | Implement', '| ⟦P⟧ | Implement'), 'P1'],
  ['action due date', (t) => t.replace('| DevOps | 2025-08-06 |', '| DevOps | ⟦2025⟧ |'), '2025-08-06'],
  ['timeline event', (t) => t.replace('| 21:17 | Incident resolved |', '| 21:17 | ⟦Inc⟧ |'), 'Incident resolved'],
];

/** [what, marked seed, a pattern the hover says]. */
const HOVERS: [string, (t: string) => string, RegExp][] = [
  ['timeline time', (t) => t.replace('| 20:15 |', '| ⟦20:15⟧ |'), /T\+10m\*\* since the first event \(20:05\) · \+5m since the previous event \(20:10\) · milestone: \*\*identified\*\*/],
  ['service', (t) => t.replace('services: [recommendation-engine,', 'services: [⟦recommendation-engine⟧,'), /Owner: Platform Engineering[\s\S]*2 incidents in the workspace/],
  ['team', (t) => t.replace('| DevOps | 2025-08-06 |', '| ⟦DevOps⟧ | 2025-08-06 |'), /\*\*DevOps\*\*\n\n1 action item in the workspace/],
  ['severity', (t) => t.replace('severity: P3', 'severity: ⟦P3⟧'), /\*\*P3\*\*: Minor/],
  ['due date', (t) => t.replace('| DevOps | 2025-08-06 |', '| DevOps | ⟦2025-08-06⟧ |'), /(Due in \d+ days|Overdue by \d+ days|Due today) · 7 days after the incident \(2025-07-30\)/],
  ['Summary number', (t) => t.replace('approximately 72 minutes', 'approximately ⟦99⟧ minutes'), /Should be \*\*72\*\* minutes/],
];

/** [code, fix title, breakage of the LF seed]: the fix must give the seed back and leave no diagnostic. */
const FIXES: [string, string, (t: string) => string][] = [
  ['summary-mismatch', 'Change to 72', (t) => t.replace('approximately 72 minutes', 'approximately 99 minutes')],
  ['summary-mismatch', 'Change to 2', (t) => t.replace('and 2 dependent services', 'and 5 dependent services')],
  ['affected-services-mismatch', 'List the front matter services under Affected Services', (t) => t.replace('- billing-api\n', '')],
  ['timeline-order', 'Sort the timeline rows by time', (t) => t.replace('| 20:48 | Mitigation applied |\n', '').replace('| 20:15 |', '| 20:48 | Mitigation applied |\n| 20:15 |')],
  ['unknown-service', 'Change to "billing-api"', (t) => t.replace('recommendation-engine, billing-api]', 'recommendation-engine, biling-api]')],
  ['unknown-team', 'Change to "DevOps"', (t) => t.replace('| DevOps |', '| DevOp |')],
  ['section-missing', 'Add the "## Resolution" section', (t) => t.replace('## Resolution\n', '## Resolution (draft)\n')],
];

for (const [name, variant] of Object.entries(VARIANTS)) {
  describe(`every completion context, hover and fix over stdio (${name})`, () => {
    for (const [context, breakIt, label, accepted = (t: string) => t] of COMPLETIONS) {
      test(`completion: ${context}`, async () => {
        const { uri, text, range } = await openMarked(variant(breakIt(seed)));
        const list = await session.connection.sendRequest<{ items: Item[] }>('textDocument/completion', { textDocument: { uri }, position: range.end });
        const item = label === '' ? list.items[0] : list.items.find((i) => i.label === label);
        assert.ok(item, `${label} not among ${list.items.map((i) => i.label).join(', ')}`);
        if (label === '') {
          assert.match(item.label, /^\d{4}-\d{2}-\d{2}$/);
        } else if (item.insertTextFormat !== 2) {
          assert.equal(applyEdits(text, [item.textEdit]), variant(accepted(seed)));
        } else {
          assert.ok(applyEdits(text, [item.textEdit]).includes(`${label}: `));
        }
      });
    }
    for (const [what, markIt, says] of HOVERS) {
      test(`hover: ${what}`, async () => {
        const { uri, range } = await openMarked(variant(markIt(seed)));
        const hover = await session.connection.sendRequest<{ contents: { value: string }; range: Item['textEdit']['range'] }>('textDocument/hover', { textDocument: { uri }, position: range.start });
        assert.match(hover.contents.value, says);
        assert.deepEqual(hover.range, range);
      });
    }
    for (const [code, title, breakIt] of FIXES) {
      test(`fix: ${code}, ${title}`, async () => {
        const { uri, text, diagnostics } = await openMarked(variant(breakIt(seed)));
        const diagnostic = diagnostics.find((d) => d.code === code);
        assert.ok(diagnostic, `${code} not among ${diagnostics.map((d) => d.code).join(', ')}`);
        const actions = await session.connection.sendRequest<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
        const fix = actions.find((a) => a.title === title);
        assert.ok(fix, `${title} not among ${actions.map((a) => a.title).join(', ')}`);
        const fixed = applyEdits(text, fix.edit.changes![uri]);
        await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: fixed }] });
        const after = await session.diagnosticsOf(uri, version);
        assert.ok(!after.some((d) => d.code === code), `${code} still reported`);
        if (code !== 'section-missing') assert.equal(fixed, variant(seed));
      });
    }
  });
}

describe('on every seed, LF and CRLF', () => {
  const seeds = readdirSync(join(EXAMPLE, 'rca', '2025')).map((name) => `rca/2025/${name}`);
  for (const path of seeds) {
    for (const eol of ['\n', '\r\n']) {
      test(`${path} (${eol === '\n' ? 'LF' : 'CRLF'}): span, lens, completion and the duration fix agree`, async () => {
        const text = readFileSync(join(session.rootPath, path), 'utf8').replace(/\n/g, eol);
        const duration = Number(/duration_minutes: (\d+)/.exec(text)![1]);
        const uri = await session.openFile(path, text);
        assert.deepEqual(await session.diagnosticsOf(uri), []);
        const lines = text.split(eol);
        const durationLine = lines.findIndex((l) => l.startsWith('duration_minutes:'));
        const hover = await session.request<{ contents: { value: string } }>('textDocument/hover', path, { line: durationLine, character: 20 });
        assert.match(hover.contents.value, new RegExp(`Timeline span: ${duration < 120 ? `${duration}m` : `${Math.floor(duration / 60)}h( ${duration % 60}m)?`}\\*\\*`));
        const [lens] = await session.request<{ command: { title: string } }[]>('textDocument/codeLens', path);
        assert.match(lens.command.title, new RegExp(`resolve ${duration < 120 ? `${duration}m` : `${Math.floor(duration / 60)}h`}`));
        // A new item typed at the end of the list: the services already listed are not offered.
        const servicesLine = lines.findIndex((l) => l.startsWith('services: ['));
        const listed = /\[(.*)\]/.exec(lines[servicesLine])![1].split(', ');
        lines[servicesLine] = lines[servicesLine].replace(']', ', ]');
        await session.openFile(path, lines.join(eol));
        const completion = await session.request<{ items: { label: string }[] }>('textDocument/completion', path, { line: servicesLine, character: lines[servicesLine].length - 1 });
        assert.ok(completion.items.length > 0 && completion.items.every((i) => !listed.includes(i.label)), JSON.stringify(completion.items.map((i) => i.label)));
        const broken = text.replace(`duration_minutes: ${duration}`, `duration_minutes: ${duration + 1}`).replace(`approximately ${duration} minutes`, `approximately ${duration + 1} minutes`);
        const brokenUri = await session.openFile(path, broken);
        const diagnostic = (await session.diagnosticsOf(brokenUri)).find((d) => d.code === 'duration-mismatch')!;
        const actions = await session.request<Action[]>('textDocument/codeAction', path, undefined, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } });
        assert.ok(diagnostic);
        assert.equal(applyEdits(broken, actions[0].edit.changes![brokenUri]), text);
        await session.openFile(path, readFileSync(join(session.rootPath, path), 'utf8'));
      });
    }
  }
});

test('fix all is offered when asked for by kind, not on every cursor move', async () => {
  const { uri } = await openMarked(seed.replace('duration_minutes: 72', 'duration_minutes: 80'));
  const ask = (only?: string[]) =>
    session.connection.sendRequest<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 12, character: 0 }, end: { line: 12, character: 0 } }, context: { diagnostics: [], only } });
  assert.deepEqual((await ask()).map((a) => a.kind), []);
  assert.deepEqual((await ask(['source'])).map((a) => a.kind), ['source.fixAll.rca']);
  assert.deepEqual((await ask(['source.fixAll'])).map((a) => a.kind), ['source.fixAll.rca']);
});

describe('add to catalog', () => {
  test('an unknown service offers "did you mean" and "add to catalog"; the catalog edit adds it', async () => {
    const { uri, diagnostics } = await openMarked(seed.replace('services: [recommendation-engine, billing-api]', 'services: [recommendation-engine, ⟦search-service⟧]'));
    const unknown = diagnostics.find((d) => d.code === 'unknown-service')!;
    const actions = await session.connection.sendRequest<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: unknown.range, context: { diagnostics: [unknown] } });
    const add = actions.find((a) => a.title === 'Add "search-service" to the catalog')!;
    const catalogUri = session.uri('.rca/catalog.yaml');
    const catalog = readFileSync(join(session.rootPath, '.rca', 'catalog.yaml'), 'utf8');
    const edited = applyEdits(catalog, add.edit.changes![catalogUri]);
    assert.match(edited, /  - search-service\nteams:/);
  });
});
