// Impact started and multi-day timelines in the features: duration-mismatch under
// rca.durationFrom, the duration and row hovers, the lens, inlay hints, completion
// of milestone tags, and the sort fix over days.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { RcaService } from '../server/src/core/service';
import { resolveSettings } from '../server/src/core/settings';
import { applyEdits } from '../server/src/core/text';
import { computedHover } from '../server/src/features/computedHover';
import { fieldCompletions } from '../server/src/features/fieldCompletion';
import { timelineHints } from '../server/src/features/timelineHints';
import { timelineLens } from '../server/src/features/timelineLens';
import { codesOf, diagnosticsFor, exampleFiles, indexedService, marked, SEED_PATH, seedText } from './support';

const seed = seedText();
/** The seed with customer impact starting 10 minutes before the alert. */
const withImpact = seed.replace('| 20:05 | Monitoring alert triggered |', '| 19:55 | Checkout errors started |\n| 20:05 | Monitoring alert triggered |');
let service: RcaService;
let impactService: RcaService;
let version = 0;
before(async () => {
  ({ service } = await indexedService(exampleFiles()));
  ({ service: impactService } = await indexedService(exampleFiles(), resolveSettings({ durationFrom: 'impact' })));
});

const open = (text: string, on = service) => on.openDocument(`file:///ws/${SEED_PATH}`, ++version, text);

describe('duration_minutes under rca.durationFrom', () => {
  test('detection (the default): the seed with an impact row stays clean; from impact it must count the 10 minutes before the alert', () => {
    assert.deepEqual(codesOf(diagnosticsFor(service, SEED_PATH, withImpact)), []);
    const found = diagnosticsFor(impactService, SEED_PATH, withImpact).filter((d) => d.code === 'duration-mismatch');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /duration_minutes is 72, but the timeline spans 82 minutes from impact start \(19:55 → 21:17\)/);
    assert.equal(found[0].fixes?.[0].title, 'Set duration_minutes to 82');
  });

  test('the example workspace is clean under both settings while no RCA has an impact row', async () => {
    for (const [path, text] of Object.entries(exampleFiles())) {
      if (!path.startsWith('rca/')) continue;
      assert.deepEqual(codesOf(diagnosticsFor(impactService, path, text)), [], path);
    }
  });
});

describe('hovers, lens and hints from impact start', () => {
  test('the duration hover adds the figures from impact start and customer impact', () => {
    const { text, ranges } = marked(withImpact.replace('duration_minutes: 72', 'duration_minutes: ⟦⟧72'));
    const doc = open(text);
    const result = computedHover(doc, ranges[0].start, { settings: service.settings, catalog: undefined, index: service.index, catalogRoot: undefined });
    assert.ok(result);
    assert.match(result.contents, /\*\*Timeline span: 82m\*\* \(19:55 → 21:17\)/);
    assert.match(result.contents, /\| impact started \| 0m \| 19:55 \|/);
    assert.match(result.contents, /From impact start \(19:55\): detect 10m · acknowledge 15m · identify 20m · mitigate 53m · recover 67m · resolve 82m/);
    assert.match(result.contents, /Customer impact: \*\*67m\*\* \(19:55 → recovered 21:02\)/);
    assert.match(result.contents, /`duration_minutes` counts from detection \(`rca.durationFrom`\): 72m \(20:05 → 21:17\)/);
    assert.doesNotMatch(result.contents, /disagrees/);
  });

  test('a row hover gives the time since impact started', () => {
    const { text, ranges } = marked(withImpact.replace('| 20:15 |', '| ⟦⟧20:15 |').replace('| 19:55 | Checkout errors started |\n| 20:05', '| 20:05 | Deploy finished |\n| 20:08 | Checkout errors started |\n| 20:09'));
    const doc = open(text);
    const result = computedHover(doc, ranges[0].start, { settings: service.settings, catalog: undefined, index: service.index, catalogRoot: undefined });
    assert.equal(result?.contents, '**T+10m** since the first event (20:05) · +5m since the previous event (20:10) · +7m since impact started (20:08) · milestone: **identified**');
  });

  test('the lens and the hints count from impact start', () => {
    const doc = open(withImpact);
    assert.equal(timelineLens(doc)?.title, 'detect 10m · acknowledge 15m · identify 20m · mitigate 53m · recover 67m · resolve 82m · customer impact 67m');
    const hints = timelineHints(doc);
    assert.deepEqual(hints.map((h) => h.label), ['+10m', '+12m', '+15m', '+20m', '+53m', '+67m', '+82m']);
    assert.equal(hints[0].tooltip, '10m after impact started (19:55)');
    const late = timelineHints(open(seed.replace('| 20:10 | Initial investigation started |', '| 20:10 | Customers first affected |')));
    assert.deepEqual(late.map((h) => h.label), ['-5m', '-3m', '+5m', '+38m', '+52m', '+67m']);
    assert.equal(late[0].tooltip, '5m before impact started (20:10)');
  });
});

describe('completion of milestones', () => {
  function complete(source: string) {
    const { text, ranges } = marked(source);
    const doc = open(text);
    return { items: fieldCompletions(doc, ranges[0].end, { settings: service.settings, catalog: undefined, index: service.index }), range: ranges[0] };
  }

  test('after a ( in an event: the tags, replacing from the ( to the end of the cell', () => {
    const { items, range } = complete(seed.replace('| 20:05 | Monitoring alert triggered |', '| 20:01 | Checkout errors ⟦(imp⟧ |\n| 20:05 | Monitoring alert triggered |'));
    assert.deepEqual(items.map((i) => i.label), ['(impact start)', '(detected)']);
    assert.deepEqual(items[0].range, range);
    assert.equal(items[0].newText, '(impact start)');
  });

  test('the wording of a milestone not yet reached, when its time fits: impact start before the mitigation', () => {
    const early = complete(seed.replace('| 20:05 | Monitoring alert triggered |', '| 20:05 | Monitoring alert triggered |\n| 20:06 | ⟦⟧ |'));
    assert.deepEqual(early.items.map((i) => i.label), ['Customer impact began']);
    const late = complete(seed.replace('| 21:17 | Incident resolved |', '| 21:17 | Incident resolved |\n| 21:30 | ⟦⟧ |'));
    assert.deepEqual(late.items.map((i) => i.label), []);
  });
});

describe('multi-day timelines in the rules', () => {
  test('the sort fix orders rows over three days by date and time', () => {
    const rows = ['| 2025-07-30 20:05 | Monitoring alert triggered |', '| 2025-07-31 09:00 | Root cause identified |', '| 2025-08-01 08:00 | Incident resolved |'];
    const scrambled = seed.replace(/\| 20:05 \|[^]*\| 21:17 \| Incident resolved \|/, [rows[0], rows[2], rows[1]].join('\n'));
    const order = diagnosticsFor(service, SEED_PATH, scrambled).find((d) => d.code === 'timeline-order');
    assert.ok(order);
    const sorted = applyEdits(scrambled, order.fixes![0].edits);
    assert.ok(sorted.includes(rows.join('\n')), sorted);
    const duration = diagnosticsFor(service, SEED_PATH, sorted).find((d) => d.code === 'duration-mismatch');
    assert.match(duration?.message ?? '', /spans 2155 minutes \(2025-07-30 20:05 → 2025-08-01 08:00\)/);
  });
});
