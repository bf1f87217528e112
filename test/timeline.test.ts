// Timeline rows: clock times, midnight roll-over, out-of-order rows, milestones and MTTx metrics.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument } from '../server/src/core/parse';
import { DEFAULT_SETTINGS, resolveSettings, type RcaSettings } from '../server/src/core/settings';
import { epochDay } from '../shared/calendarDay';
import { classifyEvent, expectedDuration, milestoneTag, parseClockTime, taggedMilestone, timelineMetrics } from '../server/src/core/timeline';
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
    assert.deepEqual(timelineMetrics(doc.timeline), metrics, 'the same figures on each call');
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

describe('impact started', () => {
  test('keywords and trailing tags name it; a tag overrides the keywords', () => {
    const m = DEFAULT_SETTINGS.milestones;
    assert.equal(classifyEvent('Customer impact began: checkout errors', m), 'impactStarted');
    assert.equal(classifyEvent('Customers first affected in eu-west', m), 'impactStarted');
    assert.equal(classifyEvent('5xx errors started on /checkout', m), 'impactStarted');
    // An alert about the errors is their detection.
    assert.equal(classifyEvent('Alert: errors started', m), 'detected');
    assert.equal(classifyEvent('Deploy v2.3 rolled out (impact start)', m), 'impactStarted');
    assert.equal(classifyEvent('Deploy v2.3 rolled out (Impact  Started) ', m), 'impactStarted');
    assert.equal(classifyEvent('Alert resolved itself (mitigated)', m), 'mitigated');
    // Parentheses that name no milestone are text.
    assert.equal(classifyEvent('Incident resolved (see ticket)', m), 'resolved');
    assert.equal(milestoneTag('impactStarted'), '(impact start)');
    assert.equal(taggedMilestone('Rollback (recovered)'), 'recovered');
    assert.equal(taggedMilestone('(recovered) rollback'), undefined);
  });

  test('time to detect, the times from impact start, customer impact, and what duration_minutes counts from', () => {
    const t = timelineOf([
      ['19:40', 'Deploy v2.3 rolled out'],
      ['19:50', 'Checkout errors started'],
      ['20:05', 'Monitoring alert triggered'],
      ['20:10', 'On-call engineer paged'],
      ['20:15', 'Root cause identified'],
      ['20:30', 'Mitigation applied'],
      ['20:45', 'Service recovery observed'],
      ['21:05', 'Additional alert triggered'],
      ['21:17', 'Incident resolved'],
    ]);
    const metrics = timelineMetrics(t);
    assert.ok(metrics);
    assert.equal(metrics.durationMinutes, 97, 'the span: first row to resolved');
    // Detected at its first row: a later alert is not the detection.
    assert.equal(metrics.milestones.detected?.row.clock, '20:05');
    assert.equal(metrics.timeToDetect, 15);
    assert.equal(metrics.timeToAcknowledge, 20);
    assert.equal(metrics.timeToIdentify, 25);
    assert.equal(metrics.timeToMitigate, 40);
    assert.equal(metrics.timeToRecover, 55);
    assert.equal(metrics.timeToResolve, 87);
    assert.equal(metrics.customerImpactMinutes, 55);
    assert.deepEqual(expectedDuration(metrics, 'detection'), { minutes: 72, from: metrics.milestones.detected?.row });
    assert.deepEqual(expectedDuration(metrics, 'impact'), { minutes: 87, from: metrics.milestones.impactStarted?.row });
  });

  test('impact after the first alert: time to detect is negative; without impact start everything counts from the first row', () => {
    const after = timelineMetrics(
      timelineOf([
        ['10:00', 'Latency alert triggered'],
        ['10:04', 'Customers first affected'],
        ['10:30', 'Incident resolved'],
      ]),
    );
    assert.equal(after?.timeToDetect, -4);
    assert.equal(after?.timeToResolve, 26);
    const none = timelineMetrics(
      timelineOf([
        ['10:00', 'Deploy started'],
        ['10:05', 'Alert triggered'],
        ['10:30', 'Incident resolved'],
      ]),
    );
    assert.equal(none?.timeToDetect, undefined);
    assert.equal(none?.customerImpactMinutes, undefined);
    assert.equal(none?.timeToResolve, 30);
    assert.equal(expectedDuration(none!, 'impact')?.minutes, 30);
    assert.equal(expectedDuration(none!, 'detection')?.minutes, 25);
  });

  test('rca.durationFrom: impact or detection, detection by default and for anything else', () => {
    assert.equal(DEFAULT_SETTINGS.durationFrom, 'detection');
    assert.equal(resolveSettings({ durationFrom: 'impact' }).durationFrom, 'impact');
    assert.equal(resolveSettings({ durationFrom: 'first-row' }).durationFrom, 'detection');
    assert.deepEqual(resolveSettings({ milestones: { impactStarted: ['Blast radius grew'] } }).milestones.impactStarted, ['blast radius grew']);
  });
});

describe('multi-day timelines', () => {
  test('dated rows over three days: minutes, milestones and the span past 24 hours', () => {
    const t = timelineOf([
      ['2025-07-30 22:00', 'Errors started for EU customers'],
      ['2025-07-30 22:20', 'Monitoring alert triggered'],
      ['2025-07-31 09:00', 'Root cause identified'],
      ['2025-08-01 00:20', 'Mitigation applied'],
      ['01:00', 'Service recovery observed'],
      ['2025-08-01 14:00', 'Incident resolved'],
    ]);
    assert.deepEqual(t.rows.map((r) => [r.minutes, r.outOfOrder, r.dayUnknown]), [
      [0, false, false],
      [20, false, false],
      [660, false, false],
      [1580, false, false],
      [1620, false, false],
      [2400, false, false],
    ]);
    const metrics = timelineMetrics(t);
    assert.equal(metrics?.durationMinutes, 2400);
    assert.equal(metrics?.customerImpactMinutes, 1620);
    assert.equal(metrics?.timeToDetect, 20);
  });

  test('passing midnight twice without a date: the day is unknown from there on, and nothing is counted past it', () => {
    const t = timelineOf([
      ['22:00', 'Monitoring alert triggered'],
      ['04:00', 'Root cause identified'],
      ['14:30', 'Mitigation applied'],
      ['02:00', 'Service recovery observed'],
      ['03:00', 'Incident resolved'],
    ]);
    assert.deepEqual(t.rows.map((r) => [r.minutes, r.dayUnknown]), [
      [0, false],
      [360, false],
      [990, false],
      [undefined, true],
      [undefined, true],
    ]);
    const metrics = timelineMetrics(t);
    assert.equal(metrics?.durationMinutes, undefined);
    assert.equal(metrics?.timeToMitigate, 990);
    // A date ends the guess: the rows from it on count again.
    const dated = timelineOf([
      ['22:00', 'Monitoring alert triggered'],
      ['04:00', 'Root cause identified'],
      ['14:30', 'Mitigation applied'],
      ['2025-08-01 02:00', 'Service recovery observed'],
      ['03:00', 'Incident resolved'],
    ]);
    assert.deepEqual(dated.rows.map((r) => r.dayUnknown), [false, false, false, false, false]);
    assert.ok(dated.rows.every((r) => r.minutes !== undefined && !r.outOfOrder));
  });
});
