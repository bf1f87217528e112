// Completion, computed hovers, the timeline lens and inlay hints, on the seed.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { RcaService } from '../server/src/core/service';
import { applyEdits } from '../server/src/core/text';
import { computedHover } from '../server/src/features/computedHover';
import { fieldCompletions, type Completion } from '../server/src/features/fieldCompletion';
import { timelineHints } from '../server/src/features/timelineHints';
import { timelineLens } from '../server/src/features/timelineLens';
import { exampleFiles, indexedService, marked, SEED_PATH, seedText } from './support';

const TODAY = '2025-08-01';
const seed = seedText();
let service: RcaService;
let version = 0;
before(async () => {
  ({ service } = await indexedService(exampleFiles()));
});

/** Completions at the single empty `⟦⟧` (the cursor) or at the start of a marked range. */
function complete(source: string): { items: Completion[]; text: string; range: ReturnType<typeof marked>['ranges'][0] } {
  const { text, ranges } = marked(source);
  const doc = service.openDocument(`file:///ws/${SEED_PATH}`, ++version, text);
  const cursor = ranges[0].start.line === ranges[0].end.line && ranges[0].start.character === ranges[0].end.character ? ranges[0].start : ranges[0].end;
  return { items: fieldCompletions(doc, cursor, { settings: service.settings, catalog: service.catalogFor(doc.uri), index: service.index, today: TODAY }), text, range: ranges[0] };
}

function labels(items: readonly Completion[]): string[] {
  return items.map((i) => i.label);
}

describe('completion', () => {
  test('front matter keys not yet present, replacing the typed prefix, as snippets', () => {
    const { items, range } = complete(seed.replace('status: resolved\n', '⟦st⟧\n'));
    assert.deepEqual(labels(items), ['status']);
    assert.deepEqual(items[0].range, range);
    assert.equal(items[0].newText, 'status: ${1|draft,investigating,identified,monitoring,mitigated,resolved,closed|}');
    assert.equal(items[0].snippet, true);
  });

  test('severity levels with their meaning; the range covers the whole value', () => {
    const { items, text } = complete(seed.replace('severity: P3', 'severity: ⟦P⟧3'));
    assert.deepEqual(labels(items), ['P1', 'P2', 'P3', 'P4']);
    assert.match(items[0].detail!, /Critical/);
    assert.equal(applyEdits(text, [{ range: items[1].range, newText: items[1].newText }]).split('\n')[3], 'severity: P2');
  });

  test('services in a flow list: catalog names not yet listed, the typed part replaced', () => {
    const { items, text } = complete(seed.replace('services: [recommendation-engine, billing-api]', 'services: [recommendation-engine, ⟦bil⟧]'));
    assert.ok(labels(items).includes('billing-api'));
    assert.ok(!labels(items).includes('recommendation-engine'));
    const billing = items.find((i) => i.label === 'billing-api')!;
    assert.equal(applyEdits(text, [{ range: billing.range, newText: billing.newText }]).split('\n')[4], 'services: [recommendation-engine, billing-api]');
  });

  test('services in a block list', () => {
    const { items } = complete(seed.replace('services: [recommendation-engine, billing-api]', 'services:\n  - recommendation-engine\n  - ⟦⟧'));
    assert.ok(labels(items).includes('billing-api') && !labels(items).includes('recommendation-engine'));
  });

  test('services are ranked by use in the workspace', () => {
    const { items } = complete(seed.replace('services: [recommendation-engine, billing-api]', 'services: [⟦⟧]'));
    // analytics-pipeline and notification-service appear in 3 other seeds, auth-service and order-service in 2.
    assert.deepEqual(labels(items).slice(0, 4), ['analytics-pipeline', 'notification-service', 'auth-service', 'order-service']);
    assert.match(items[0].detail!, /3 RCAs/);
  });

  test('author: teams; date: today', () => {
    assert.ok(labels(complete(seed.replace('author: SRE', 'author: ⟦S⟧RE')).items).includes('Platform Engineering'));
    const date = complete(seed.replace('date: 2025-07-30', 'date: ⟦⟧'));
    assert.deepEqual(labels(date.items), [TODAY]);
  });

  test('Affected Services items: services not yet in the list, the RCA own services first', () => {
    const { items } = complete(seed.replace('- recommendation-engine\n- billing-api\n', '- recommendation-engine\n- ⟦⟧\n'));
    assert.equal(items[0].label, 'billing-api');
    assert.ok(!labels(items).includes('recommendation-engine'));
  });

  test('Action Items cells: owners, priorities, due dates a week, two and a month after the incident', () => {
    const owner = complete(seed.replace('| DevOps | 2025-08-06 |', '| ⟦Dev⟧ | 2025-08-06 |'));
    assert.ok(labels(owner.items).includes('DevOps'));
    assert.deepEqual(owner.items[0].range, owner.range);
    assert.deepEqual(labels(complete(seed.replace('| P1 | Implement', '| ⟦⟧ | Implement')).items), ['P1', 'P2', 'P3', 'P4']);
    const due = complete(seed.replace('| DevOps | 2025-08-06 |', '| DevOps | ⟦⟧ |'));
    assert.deepEqual(labels(due.items), ['2025-08-06', '2025-08-13', '2025-08-29']);
  });

  test('Timeline event cell: only milestones not yet reached', () => {
    const { items, range } = complete(seed.replace('| 21:17 | Incident resolved |', '| 21:17 | ⟦Inc⟧ |'));
    assert.deepEqual(labels(items), ['Incident resolved']);
    assert.deepEqual(items[0].range, range);
  });

  test('tags: rca and severity tags, then tags learned from the workspace, minus those listed', () => {
    const { items } = complete(seed.replace('tags: [rca, p3, application]', 'tags: [rca, ⟦⟧]'));
    assert.deepEqual(labels(items), ['p1', 'p2', 'p3', 'p4', 'application']);
  });

  test('nowhere special: nothing', () => {
    assert.deepEqual(complete(seed.replace('The incident was caused', 'The ⟦⟧incident was caused')).items, []);
  });
});

describe('hovers', () => {
  function hover(source: string, today = TODAY) {
    const { text, ranges } = marked(source);
    const doc = service.openDocument(`file:///ws/${SEED_PATH}`, ++version, text);
    const result = computedHover(doc, ranges[0].start, { settings: service.settings, catalog: service.catalogFor(doc.uri), index: service.index, catalogRoot: 'file:///ws', today });
    return { result, range: ranges[0] };
  }

  test('duration_minutes: the span, its ends and the MTTx breakdown', () => {
    const { result, range } = hover(seed.replace('duration_minutes: 72', 'duration_minutes: ⟦72⟧'));
    assert.deepEqual(result?.range, range);
    assert.match(result!.contents, /\*\*Timeline span: 72m\*\* \(20:05 → 21:17\)/);
    assert.match(result!.contents, /\| acknowledged \| 5m \| 20:10 \|/);
    assert.match(result!.contents, /\| recovered \| 57m \| 21:02 \|/);
    assert.doesNotMatch(result!.contents, /disagrees/);
  });

  test('duration_minutes that disagrees says by how much', () => {
    const { result } = hover(seed.replace('duration_minutes: 72', '⟦duration_minutes⟧: 80'));
    assert.match(result!.contents, /`duration_minutes` is 80: it disagrees with the timeline by 8m/);
  });

  test('a timeline time: T+ since the first event, + since the previous one, milestone', () => {
    const { result } = hover(seed.replace('| 20:15 |', '| ⟦20:15⟧ |'));
    assert.equal(result?.contents, '**T+10m** since the first event (20:05) · +5m since the previous event (20:10) · milestone: **identified**');
  });

  test('a service: catalog owner and runbook, and its history in the workspace', () => {
    const { result } = hover(seed.replace('services: [recommendation-engine,', 'services: [⟦recommendation-engine⟧,'));
    assert.match(result!.contents, /Owner: Platform Engineering/);
    assert.match(result!.contents, /Runbook: \[runbooks\/runbook-recommendation-engine\.md\]\(file:\/\/\/ws\/runbooks\/runbook-recommendation-engine\.md\)/);
    // It is in this seed (72 min) and the 2025-09-27 one (134 min).
    assert.match(result!.contents, /2 incidents in the workspace · last on 2025-09-27 · median time to resolve 103m/);
  });

  test('with a catalog that cannot be read, a service or a team is not said to be missing from it', async () => {
    const { service: broken } = await indexedService({ ...exampleFiles(), '.rca/catalog.yaml': 'services: [a\n' });
    for (const source of [seed.replace('services: [recommendation-engine,', 'services: [⟦recommendation-engine⟧,'), seed.replace('| DevOps | 2025-08-06 |', '| ⟦DevOps⟧ | 2025-08-06 |')]) {
      const { text, ranges } = marked(source);
      const doc = broken.openDocument(`file:///ws/${SEED_PATH}`, 1, text);
      const result = computedHover(doc, ranges[0].start, { settings: broken.settings, catalog: broken.catalogFor(doc.uri), index: broken.index, catalogRoot: 'file:///ws', today: TODAY });
      assert.doesNotMatch(result!.contents, /Not (a team )?in the catalog/);
    }
  });

  test('a severity and an action priority: what the level means', () => {
    assert.match(hover(seed.replace('severity: P3', 'severity: ⟦P3⟧')).result!.contents, /^\*\*P3\*\*: Minor/);
    assert.match(hover(seed.replace('| P1 | Implement', '| ⟦P1⟧ | Implement')).result!.contents, /^\*\*P1\*\*: Critical/);
  });

  test('a team: the action items it owns across the workspace, overdue first', () => {
    const line = seed.split('\n').findIndex((l) => l.includes('| DevOps | 2025-08-06 |'));
    const { result } = hover(seed.replace('| DevOps | 2025-08-06 |', '| ⟦DevOps⟧ | 2025-08-06 |'), '2025-08-10');
    assert.equal(
      result?.contents,
      `**DevOps**\n\n1 action item in the workspace, 1 overdue\n\n- P1 Implement monitoring for cache invalidation bug: overdue since 2025-08-06 ([${SEED_PATH}](file:///ws/${SEED_PATH}#L${line + 1}))`,
    );
    // Done, it is not overdue, and is listed after the open items.
    const done = hover(seed.replace('| DevOps | 2025-08-06 |', '| ⟦DevOps⟧ | 2025-08-06 |').replace('Implement monitoring for cache invalidation bug', '~~Implement monitoring for cache invalidation bug~~'), '2025-08-10');
    assert.equal(done.result?.contents, `**DevOps**\n\n1 action item in the workspace\n\n- P1 ~~Implement monitoring for cache invalidation bug~~: done ([${SEED_PATH}](file:///ws/${SEED_PATH}#L${line + 1}))`);
    // Undated open items come after the dated ones, done items after every open one.
    const undatedAndDone = hover(
      seed.replace('| DevOps | 2025-08-06 |', '| ⟦DevOps⟧ | 2025-08-06 |').replace('| Update runbook | Platform Engineering | 2025-08-13 |', '| ~~Update runbook~~ | DevOps | 2025-08-13 |').replace('| Add load test scenario | Platform Engineering | 2025-08-20 |', '| Add load test scenario | DevOps | |'),
      '2025-08-10',
    ).result!.contents;
    assert.deepEqual(
      undatedAndDone.split('\n').filter((l) => l.startsWith('- ')).map((l) => l.replace(/ \(\[.*$/, '')),
      ['- P1 Implement monitoring for cache invalidation bug: overdue since 2025-08-06', '- P2 Add load test scenario: due (no date)', '- P2 ~~Update runbook~~: done'],
    );
    // A megabyte in a cell is cut, not listed whole.
    const huge = hover(seed.replace('| DevOps | 2025-08-06 |', '| ⟦DevOps⟧ | 2025-08-06 |').replace('Implement monitoring for cache invalidation bug', `Implement ${'monitoring '.repeat(100_000)}`), '2025-08-10').result!.contents;
    const listedLine = huge.split('\n').find((l) => l.startsWith('- P1 Implement monitoring'));
    assert.match(listedLine ?? '', /^- P1 Implement monitoring monitoring .{80,120}…: overdue since 2025-08-06 \(\[/);
    assert.ok(huge.length < 500, `${huge.length} characters`);
    const platform = hover(seed.replace('author: SRE', 'author: ⟦Platform Engineering⟧'), '2025-01-01').result!.contents;
    // Its rows in this seed (2) and in the 2025-04-07 (1) and 2025-04-05 (1) seeds, earliest due first.
    assert.match(platform, /^\*\*Platform Engineering\*\*\n\n4 action items in the workspace\n\n- P1 Implement monitoring for cache invalidation bug: due 2025-04-14/);
  });

  test('a due date: in N days or overdue, and days after the incident', () => {
    const source = seed.replace('| DevOps | 2025-08-06 |', '| DevOps | ⟦2025-08-06⟧ |');
    assert.equal(hover(source, '2025-08-01').result?.contents, 'Due in 5 days · 7 days after the incident (2025-07-30)');
    assert.equal(hover(source, '2025-08-10').result?.contents, 'Overdue by 4 days · 7 days after the incident (2025-07-30)');
  });

  test('a Summary number that disagrees says what it should be', () => {
    assert.equal(hover(seed.replace('approximately 72 minutes', 'approximately ⟦99⟧ minutes')).result?.contents, '⚠ Should be **72** minutes, as `duration_minutes` says.');
    assert.equal(hover(seed.replace('and 2 dependent', 'and ⟦2⟧ dependent')).result?.contents, 'Matches the front matter `services` (2 services).');
  });

  test('prose: no hover', () => {
    assert.equal(hover(seed.replace('The incident was caused', 'The ⟦incident⟧ was caused')).result, undefined);
  });
});

describe('timeline lens and inlay hints', () => {
  test('the lens above the Timeline heading gives the MTTx figures', () => {
    const doc = service.openDocument(`file:///ws/${SEED_PATH}`, ++version, seed);
    const lens = timelineLens(doc);
    assert.equal(lens?.title, 'acknowledge 5m · identify 10m · mitigate 43m · recover 57m · resolve 72m');
    assert.equal(doc.lines.lineText(lens!.range.start.line), '## Timeline');
  });

  test('a hint after each time but the first: minutes since the first event', () => {
    const doc = service.openDocument(`file:///ws/${SEED_PATH}`, ++version, seed);
    const hints = timelineHints(doc);
    assert.deepEqual(hints.map((h) => h.label), ['+2m', '+5m', '+10m', '+43m', '+57m', '+72m']);
    assert.equal(doc.lines.lineText(hints[0].position.line).slice(0, hints[0].position.character), '| 20:07');
  });

  test('across midnight the hint keeps counting', () => {
    const text = seed.replace('| 21:02 | Service recovery observed |', '| 23:58 | Service recovery observed |').replace('| 21:17 | Incident resolved |', '| 00:03 | Incident resolved |');
    const doc = service.openDocument(`file:///ws/${SEED_PATH}`, ++version, text);
    assert.equal(timelineHints(doc).at(-1)?.label, '+3h 58m');
  });
});
