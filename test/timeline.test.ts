// Timeline rows: clock times, midnight roll-over, out-of-order rows, milestones and MTTx metrics.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument } from '../server/src/core/parse';
import { DEFAULT_SETTINGS, resolveSettings, type RcaSettings } from '../server/src/core/settings';
import { epochDay } from '../server/src/core/text';
import { classifyEvent, parseClockTime, timelineMetrics } from '../server/src/core/timeline';
import { seedText } from './support';

function timelineOf(rows: readonly (readonly [string, string])[], settings: RcaSettings = DEFAULT_SETTINGS, header = '| Time (UTC) | Event |') {
  const text = ['# T', '', '## Timeline', '', header, '|---|---|', ...rows.map(([time, event]) => `| ${time} | ${event} |`), '', '## Next', ''].join('\n');
  const timeline = parseDocument('file:///ws/rca/t.md', 1, text, settings).timeline;
  assert.ok(timeline, 'a timeline');
  return timeline;
}

describe('parseClockTime', () => {
  test('accepted forms', () => {
    assert.deepEqual(parseClockTime('20:05'), { day: undefined, minuteOfDay: 20 * 60 + 5, clock: '20:05' });
    assert.deepEqual(parseClockTime('9:05'), { day: undefined, minuteOfDay: 9 * 60 + 5, clock: '09:05' });
    assert.deepEqual(parseClockTime('00:00'), { day: undefined, minuteOfDay: 0, clock: '00:00' });
    assert.deepEqual(parseClockTime('23:59:30'), { day: undefined, minuteOfDay: 23 * 60 + 59.5, clock: '23:59:30' });
    assert.deepEqual(parseClockTime('2025-07-30 20:05'), { day: epochDay('2025-07-30'), minuteOfDay: 1205, clock: '2025-07-30 20:05' });
    assert.deepEqual(parseClockTime('2025-07-30T20:05Z'), { day: epochDay('2025-07-30'), minuteOfDay: 1205, clock: '2025-07-30 20:05' });
    assert.equal(parseClockTime(' 20:05 UTC ')?.minuteOfDay, 1205);
    assert.equal(parseClockTime('20:05 utc')?.minuteOfDay, 1205);
  });

  test('rejected forms', () => {
    for (const bad of ['24:00', '12:60', '12:30:60', '25:00', '1:5', '120:00', '12:00 PM', 'noon', '', '2025-02-29 10:00', '2025-13-01 10:00', '20:05 CET', '20.05']) {
      assert.equal(parseClockTime(bad), undefined, bad);
    }
  });
});

describe('buildTimeline', () => {
  test('minutes since the first row', () => {
    const t = timelineOf([
      ['10:00', 'start'],
      ['10:05', 'b'],
      ['11:30', 'c'],
    ]);
    assert.deepEqual(
      t.rows.map((r) => [r.clock, r.minutes, r.outOfOrder]),
      [
        ['10:00', 0, false],
        ['10:05', 5, false],
        ['11:30', 90, false],
      ],
    );
    assert.deepEqual(t.rows[1].timeCell.range, { start: { line: 7, character: 2 }, end: { line: 7, character: 7 } });
    assert.equal(t.rows[1].eventCell?.text, 'b');
    assert.equal(t.section.heading.text, 'Timeline');
  });

  test('a backward step of more than 12 hours is midnight', () => {
    const t = timelineOf([
      ['23:50', 'a'],
      ['00:10', 'b'],
      ['01:00', 'c'],
      ['23:55', 'd'],
    ]);
    assert.deepEqual(
      t.rows.map((r) => [r.minutes, r.outOfOrder]),
      [
        [0, false],
        [20, false],
        [70, false],
        // 23:55 after 01:00 is 22 h 55 m ahead, so the short way round it is 1 h 5 m back: out of order.
        [5, true],
      ],
    );
  });

  test('a step back of less than 12 hours, or ahead by more, is out of order and does not move the clock', () => {
    const t = timelineOf([
      ['10:00', 'a'],
      ['09:30', 'b'],
      ['10:05', 'c'],
      ['22:30', 'd'],
      ['10:31', 'e'],
    ]);
    assert.deepEqual(
      t.rows.map((r) => [r.minutes, r.outOfOrder]),
      [
        [0, false],
        [-30, true],
        [5, false],
        // 12 h 25 m ahead is, the short way round the clock, 11 h 35 m back: out of order.
        [-690, true],
        // Measured from 10:05, the last row in order: 26 m later.
        [31, false],
      ],
    );
  });

  test('dated rows set the day; later undated rows follow it', () => {
    const t = timelineOf([
      ['2025-07-30 23:50', 'a'],
      ['2025-07-31 00:10', 'b'],
      ['00:20', 'c'],
      ['2025-07-30 23:00', 'd'],
    ]);
    assert.deepEqual(
      t.rows.map((r) => [r.clock, r.minutes, r.outOfOrder]),
      [
        ['2025-07-30 23:50', 0, false],
        ['2025-07-31 00:10', 20, false],
        ['00:20', 30, false],
        ['2025-07-30 23:00', -50, true],
      ],
    );
    const days = timelineOf([
      ['2025-07-30 10:00', 'a'],
      ['2025-08-01 10:00', 'b'],
    ]);
    assert.deepEqual(days.rows.map((r) => r.minutes), [0, 2 * 24 * 60]);
  });

  test('unreadable times have no minutes; empty rows are skipped', () => {
    const t = timelineOf([
      ['soon', 'a'],
      ['10:00', 'b'],
      ['', ''],
      ['10:10', 'c'],
    ]);
    assert.deepEqual(
      t.rows.map((r) => [r.timeCell.text, r.minutes]),
      [
        ['soon', undefined],
        ['10:00', 0],
        ['10:10', 10],
      ],
    );
  });

  test('the time and event columns are found by header', () => {
    const t = timelineOf(
      [
        ['Alert triggered', '10:00'],
        ['Incident resolved', '10:30'],
      ],
      DEFAULT_SETTINGS,
      '| What happened | Time |',
    );
    assert.deepEqual(
      t.rows.map((r) => [r.minutes, r.milestone]),
      [
        [0, 'detected'],
        [30, 'resolved'],
      ],
    );
  });
});

describe('milestones', () => {
  test('default keywords, later phases first', () => {
    const m = DEFAULT_SETTINGS.milestones;
    assert.equal(classifyEvent('Monitoring alert triggered', m), 'detected');
    assert.equal(classifyEvent('On-call engineer PAGED', m), 'acknowledged');
    assert.equal(classifyEvent('Initial investigation started', m), 'acknowledged');
    assert.equal(classifyEvent('Root cause identified', m), 'identified');
    assert.equal(classifyEvent('Mitigation applied', m), 'mitigated');
    assert.equal(classifyEvent('Service recovery observed', m), 'recovered');
    assert.equal(classifyEvent('Incident resolved', m), 'resolved');
    assert.equal(classifyEvent('Alert resolved', m), 'resolved');
    assert.equal(classifyEvent('Coffee break', m), undefined);
  });

  test('custom keywords replace the defaults', () => {
    const settings = resolveSettings({ milestones: { detected: ['PagerDuty Fired'], resolved: ['all clear'] } });
    assert.equal(classifyEvent('pagerduty fired for api', settings.milestones), 'detected');
    assert.equal(classifyEvent('Monitoring alert triggered', settings.milestones), undefined);
    assert.equal(classifyEvent('ALL CLEAR given', settings.milestones), 'resolved');
    assert.equal(classifyEvent('Incident resolved', settings.milestones), undefined);
    // Unchanged milestones keep their defaults.
    assert.equal(classifyEvent('Mitigation applied', settings.milestones), 'mitigated');
    const t = timelineOf(
      [
        ['10:00', 'PagerDuty fired'],
        ['10:45', 'All clear'],
      ],
      settings,
    );
    assert.deepEqual(t.rows.map((r) => r.milestone), ['detected', 'resolved']);
    assert.equal(timelineMetrics(t)?.durationMinutes, 45);
  });
});

describe('timelineMetrics', () => {
  test('the 2025-07-30 seed', () => {
    const doc = parseDocument('file:///ws/seed.md', 1, seedText(), DEFAULT_SETTINGS);
    const metrics = timelineMetrics(doc.timeline);
    assert.ok(metrics);
    assert.equal(metrics.start?.clock, '20:05');
    assert.equal(metrics.durationMinutes, 72);
    // Paged at 20:07, investigation started at 20:10: acknowledged at the last of them.
    assert.equal(metrics.timeToAcknowledge, 5);
    assert.equal(metrics.milestones.acknowledged?.row.clock, '20:10');
    assert.equal(metrics.timeToIdentify, 10);
    assert.equal(metrics.timeToMitigate, 43);
    assert.equal(metrics.timeToRecover, 57);
    assert.equal(metrics.milestones.detected?.minutes, 0);
    assert.equal(timelineMetrics(doc.timeline), metrics, 'cached per timeline');
  });

  test('no resolved row: no duration', () => {
    const t = timelineOf([
      ['10:00', 'Alert triggered'],
      ['10:20', 'Mitigation applied'],
    ]);
    const metrics = timelineMetrics(t);
    assert.equal(metrics?.durationMinutes, undefined);
    assert.equal(metrics?.timeToMitigate, 20);
    assert.equal(metrics?.timeToRecover, undefined);
  });

  test('an out-of-order row does not reach a milestone; seconds are rounded', () => {
    const t = timelineOf([
      ['10:00:00', 'Alert triggered'],
      ['10:30:40', 'Incident resolved'],
      ['10:10:00', 'Root cause identified'],
    ]);
    const metrics = timelineMetrics(t);
    assert.equal(t.rows[2].outOfOrder, true);
    assert.equal(metrics?.timeToIdentify, undefined);
    assert.equal(metrics?.durationMinutes, 31);
  });

  test('no timeline: no metrics', () => {
    assert.equal(timelineMetrics(undefined), undefined);
    assert.equal(parseDocument('file:///ws/x.md', 1, '# T\n\n## Summary\n', DEFAULT_SETTINGS).timeline, undefined);
  });
});
