// Every diagnostic code: it fires on exactly the marked range (⟦…⟧) when the seed
// is broken one way, and stays silent on the seed and on a correct near miss.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { RULE_CODES, type RuleCode } from '../server/src/core/diagnostics';
import type { RcaService } from '../server/src/core/service';
import { codesOf, diagnosticsFor, exampleFiles, indexedService, marked, SEED_PATH, seedText, uriOf } from './support';

const seed = seedText();
const LINE_OF_RESOLUTION = seed.slice(seed.indexOf('## Resolution'), seed.indexOf('## Lessons Learned'));

/** [code, the seed broken with the expected range marked, what the message must say]. */
const FIRES: [RuleCode, (t: string) => string, RegExp][] = [
  ['frontmatter-missing', (t) => t.slice(t.indexOf('# 2025')).replace(/^(# .*)$/m, '⟦$1⟧'), /no front matter/],
  ['frontmatter-unterminated', (t) => `⟦---⟧${t.slice(3).replace('author: SRE\n---\n', 'author: SRE\n')}`, /not closed/],
  ['yaml-syntax', (t) => t.replace('status: resolved\n', 'status: resolved\n⟦status⟧: closed\n'), /Map keys must be unique/],
  ['field-missing', (t) => t.replace('author: SRE\n---\n', 'author: SRE\n⟦---⟧\n').replace('severity: P3\n', ''), /missing `severity`/],
  ['field-type', (t) => t.replace('duration_minutes: 72', 'duration_minutes: ⟦seventy-two⟧'), /whole number of minutes/],
  ['invalid-date', (t) => t.replace('date: 2025-07-30', 'date: ⟦2025-02-30⟧'), /"2025-02-30" is not a calendar date/],
  ['unknown-severity', (t) => t.replace('severity: P3', 'severity: ⟦SEV1⟧'), /Unknown severity "SEV1"; expected P1, P2, P3, P4/],
  ['unknown-status', (t) => t.replace('status: resolved', 'status: ⟦done⟧'), /Unknown status "done"/],
  ['unknown-service', (t) => t.replace('recommendation-engine, billing-api]', 'recommendation-engine, ⟦billing-v2⟧]').replace('- billing-api\n', '- billing-v2\n'), /"billing-v2" is not in the catalog/],
  ['unknown-team', (t) => t.replace('| DevOps | 2025-08-06 |', '| ⟦Ops Crew⟧ | 2025-08-06 |'), /Owner "Ops Crew" is not a team/],
  ['title-mismatch', (t) => t.replace('# 2025-07-30 - Cache Invalidation Bug in recommendation-engine', '# ⟦2025-07-30 - Cache bug⟧'), /differs from the front matter title/],
  ['section-missing', (t) => t.replace(LINE_OF_RESOLUTION, '').replace('## Lessons Learned', '⟦## Lessons Learned⟧'), /Missing section "## Resolution" \(it belongs before "## Lessons Learned"\)/],
  ['section-duplicate', (t) => t.replace('## Lessons Learned', '## ⟦Resolution⟧\n\nMore.\n\n## Lessons Learned'), /"Resolution" appears more than once/],
  ['timeline-time', (t) => t.replace('| 20:15 |', '| ⟦25:15⟧ |'), /"25:15" is not a time/],
  ['timeline-order', (t) => t.replace('| 20:15 |', '| ⟦20:00⟧ |'), /20:00 is earlier than the event before it \(20:10\)/],
  [
    'timeline-date-missing',
    (t) => t.replace('| 20:48 |', '| 04:00 |').replace('| 21:02 |', '| 14:30 |').replace('| 21:17 | Incident resolved |', '| ⟦02:00⟧ | Incident resolved |'),
    /passes midnight a second time without a date at 02:00: write the date \(YYYY-MM-DD 02:00\)/,
  ],
  [
    'milestone-order',
    (t) => t.replace('| 20:05 | Monitoring alert triggered |', '| 20:05 | Customer report received |').replace('| 20:07 | On-call engineer paged |', '| 20:07 | ⟦On-call engineer paged⟧ |').replace('| 20:10 | Initial investigation started |', '| 20:10 | Monitoring alert triggered |'),
    /acknowledged at 20:07 comes before detected at 20:10/,
  ],
  ['duration-mismatch', (t) => t.replace('duration_minutes: 72', 'duration_minutes: ⟦80⟧').replace('approximately 72', 'approximately 80'), /duration_minutes is 80, but the timeline spans 72 minutes \(20:05 → 21:17\)/],
  ['summary-mismatch', (t) => t.replace('approximately 72 minutes', 'approximately ⟦99⟧ minutes'), /says 99 minutes; duration_minutes is 72/],
  ['affected-services-mismatch', (t) => t.replace('- billing-api\n', '- billing-api\n- ⟦auth-service⟧\n'), /"auth-service" is not in the front matter/],
  ['action-due-date', (t) => t.replace('| DevOps | 2025-08-06 |', '| DevOps | ⟦2025-07-01⟧ |'), /2025-07-01 is before the incident \(2025-07-30\)/],
  ['action-priority', (t) => t.replace('| P1 | Implement', '| ⟦High⟧ | Implement'), /Unknown priority "High"/],
  ['action-incomplete', (t) => t.replace('| P1 | Implement monitoring for cache invalidation bug | DevOps |', '| P1 | ⟦Implement monitoring for cache invalidation bug⟧ | |'), /The RCA is resolved, but this action item has no owner/],
  ['action-due-beyond-slo', (t) => t.replace('| DevOps | 2025-08-06 |', '| DevOps | ⟦2025-08-28⟧ |'), /Due 2025-08-28 is past the 28-day SLO for P1 action items \(2025-08-27\)/],
  ['broken-wiki-link', (t) => t.replace('[[runbook-recommendation-engine|', '[[⟦runbok-recommendation-engine⟧|'), /No file named "runbok-recommendation-engine"/],
  ['broken-heading-link', (t) => t.replace('[[runbook-recommendation-engine|', '[[runbook-recommendation-engine#⟦Escalation⟧|'), /No heading "Escalation" in runbooks\/runbook-recommendation-engine.md/],
  ['ambiguous-wiki-link', (t) => t.replace('## Related Incidents\n', '## Related Incidents\n\n- [[⟦escalation-policy⟧]]\n'), /"escalation-policy" matches 2 files \(.*escalation-policy.md, .*escalation-policy.md\)/],
  ['link-file-missing', (t) => t.replace('## Related Incidents\n', '## Related Incidents\n\n- [runbook](⟦../../runbooks/runbook-recomendation-engine.md⟧)\n'), /No file at "..\/..\/runbooks\/runbook-recomendation-engine.md" \(runbooks\/runbook-recomendation-engine.md\)/],
  ['link-heading-missing', (t) => t.replace('## Related Incidents\n', '## Related Incidents\n\n- [runbook](../../runbooks/runbook-recommendation-engine.md#⟦escalation⟧)\n'), /No heading with the anchor "#escalation" in runbooks\/runbook-recommendation-engine.md/],
  ['table-cell-count', (t) => t.replace('| P2 | Update runbook | Platform Engineering | 2025-08-13 |', '⟦| P2 | Update runbook | Platform Engineering⟧'), /This row has 3 cells; the Action Items header has 4/],
  ['unbalanced-wiki-link', (t) => t.replace('[[runbook-recommendation-engine|recommendation-engine Runbook]]', '⟦[[runbook-recommendation-engine|recommendation-engine Runbook]⟧'), /This "\[\[" is not closed/],
  ['too-many-problems', (t) => t.replace('- billing-api\n', `- billing-api\n${Array.from({ length: 1000 }, (_, i) => `- extra-${i}\n`).join('')}- ⟦extra-1000⟧\n`), /^1 more problem not shown: at most 1,000 are reported per document$/],
];

const CATALOG_PATH = '.rca/catalog.yaml';
const catalogText = exampleFiles()[CATALOG_PATH];

/** The catalog file's own codes: [code, the example catalog broken with the expected range marked, what the message must say]. */
const CATALOG_FIRES: [RuleCode, (t: string) => string, RegExp][] = [
  ['catalog-yaml', (t) => `${t}⟦teams⟧:\n  - Ops\n`, /Not valid YAML: Map keys must be unique/],
  ['catalog-type', (t) => t.replace('owner: Security Team', 'owner: ⟦42⟧'), /`owner` must be text/],
  ['catalog-duplicate', (t) => t.replace('  - DevOps\n', '  - DevOps\n  - ⟦devops⟧\n'), /Team "devops" is already in the catalog \(line \d+\)/],
  ['catalog-unknown-key', (t) => t.replace('    aliases: [recs]\n', '    aliases: [recs]\n    ⟦tier⟧: 1\n'), /Unknown key "tier"/],
  ['catalog-runbook-missing', (t) => t.replace('runbooks/runbook-user-service.md', '⟦runbooks/runbook-user-svc.md⟧'), /No file at "runbooks\/runbook-user-svc.md"/],
];

/** Correct documents close to each breakage, on which the code must stay silent. */
const SILENT: [RuleCode, (t: string) => string][] = [
  ['frontmatter-unterminated', (t) => t.replace('---\n*RCA prepared', '***\n*RCA prepared')],
  ['yaml-syntax', (t) => t.replace('status: resolved\n', 'status: resolved # closed on 2025-08-04\n')],
  ['field-type', (t) => t.replace('services: [recommendation-engine, billing-api]', 'services:\n  - recommendation-engine\n  - billing-api')],
  ['invalid-date', (t) => t.replace('date: 2025-07-30', 'date: "2025-07-30"')],
  ['unknown-service', (t) => t.replace('services: [recommendation-engine,', 'services: [RECS,').replace('- recommendation-engine\n', '- RECS\n')],
  ['title-mismatch', (t) => t.replace('# 2025-07-30 - Cache Invalidation Bug in recommendation-engine', '#   2025-07-30 - Cache Invalidation Bug in recommendation-engine   ')],
  ['timeline-time', (t) => t.replace('| 20:15 |', '| 20:15:30 |')],
  ['timeline-order', (t) => t.replace('| 21:02 |', '| 23:58 |').replace('| 21:17 |', '| 00:12 |').replace('duration_minutes: 72', 'duration_minutes: 247').replace('approximately 72', 'approximately 247')],
  ['duration-mismatch', (t) => t.replace('| 21:17 | Incident resolved |', '| 2025-07-30 21:17 | Incident resolved |')],
  // Passing midnight twice with a date on the second day: each day is known.
  ['timeline-date-missing', (t) => t.replace('| 20:48 |', '| 04:00 |').replace('| 21:02 |', '| 14:30 |').replace('| 21:17 | Incident resolved |', '| 2025-08-01 02:00 | Incident resolved |').replace('duration_minutes: 72', 'duration_minutes: 1795').replace('approximately 72', 'approximately 1795')],
  // Impact may start after the first alert; mitigation may come before the root cause is identified.
  ['milestone-order', (t) => t.replace('| 20:07 | On-call engineer paged |', '| 20:07 | Errors started for checkout (impact start) |').replace('| 20:15 | Root cause identified |', '| 20:15 | Mitigation applied |').replace('| 20:48 | Mitigation applied |', '| 20:48 | Root cause identified |')],
  ['action-due-date', (t) => t.replace('| DevOps | 2025-08-06 |', '| DevOps | 2025-07-30 |')],
  ['action-incomplete', (t) => t.replace('| P1 | Implement monitoring for cache invalidation bug | DevOps | 2025-08-06 |', '| P1 | ~~Implement monitoring for cache invalidation bug~~ | | |')],
  ['action-due-beyond-slo', (t) => t.replace('| DevOps | 2025-08-06 |', '| DevOps | 2025-08-27 |')],
  ['broken-wiki-link', (t) => t.replace('[[runbook-recommendation-engine|', '[[Runbooks/RUNBOOK-recommendation-engine.md|')],
  ['broken-heading-link', (t) => t.replace('[[runbook-recommendation-engine|', '[[runbook-recommendation-engine#rollback|')],
  ['ambiguous-wiki-link', (t) => t.replace('## Related Incidents\n', '## Related Incidents\n\n- [[runbooks/escalation-policy]]\n')],
  ['link-file-missing', (t) => t.replace('## Related Incidents\n', '## Related Incidents\n\n- [a](../../runbooks/runbook%2Drecommendation-engine.md) [b](/runbooks/runbook-recommendation-engine.md) [c](<../../runbooks/runbook-recommendation-engine.md>) [d](../../runbooks/runbook-recommendation-engine)\n')],
  ['link-heading-missing', (t) => t.replace('## Related Incidents\n', '## Related Incidents\n\n- [a](../../runbooks/runbook-recommendation-engine.md#rollback) [b](#related-incidents) [c](#Timeline) [d](../../runbooks/runbook-recommendation-engine.md#L12)\n')],
  ['table-cell-count', (t) => t.replace('| P2 | Update runbook |', '| P2 | Update [[runbook-user-service\\|runbook]] \\| notes |')],
  ['unbalanced-wiki-link', (t) => t.replace('- [[runbook-recommendation-engine|recommendation-engine Runbook]]', '- [see [[runbook-recommendation-engine|recommendation-engine Runbook]]]').replace('Updated runbook', 'Updated `[[runbook` and `x]]]`')],
];

let service: RcaService;
let version = 0;
before(async () => {
  // Two files of one name: a bare link to it is ambiguous, a folder-qualified one is not.
  ({ service } = await indexedService({ ...exampleFiles(), 'notes/escalation-policy.md': '# Draft\n', 'runbooks/escalation-policy.md': '# Escalation policy\n' }));
});

function check(text: string) {
  return diagnosticsFor(service, `${SEED_PATH.replace('.md', '')}-${++version}.md`, text);
}

describe('each code fires on the offending token', () => {
  test('the tables cover every code', () => {
    // not-utf8 depends on the file's bytes, not on its text: tested on its own below; catalog-unreadable on a broken catalog, further down;
    // action-untracked needs rca.tracker set, in actionItems.test.ts.
    assert.deepEqual([...FIRES, ...CATALOG_FIRES].map(([code]) => code).concat('not-utf8', 'catalog-unreadable', 'action-untracked').sort(), [...RULE_CODES].sort());
  });
  test('not-utf8', () => {
    // The seed saved as Latin-1 with an "é", read back lossily: one U+FFFD where the byte was.
    const { text, ranges } = marked(seed.replace('author: SRE', 'author: Ren⟦\uFFFD⟧'));
    const found = service.diagnoseText(uriOf(`${SEED_PATH.replace('.md', '')}-latin1.md`), text, true).filter((d) => d.code === 'not-utf8');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.deepEqual(found[0].range, ranges[0]);
    assert.match(found[0].message, /not valid UTF-8.*never rewritten/);
    assert.deepEqual(codesOf(service.diagnoseText(uriOf('notes/latin1.md'), '# Caf\uFFFD\n', true)), ['not-utf8'], 'notes too');
  });
  for (const [code, breakIt, says] of FIRES) {
    test(code, () => {
      const { text, ranges } = marked(breakIt(seed));
      const found = check(text).filter((d) => d.code === code);
      assert.equal(found.length, 1, `${code}: ${JSON.stringify(found)}`);
      assert.deepEqual(found[0].range, ranges[0]);
      assert.match(found[0].message, says);
    });
  }
});

describe('each catalog code fires on the offending token of the catalog file', () => {
  for (const [code, breakIt, says] of CATALOG_FIRES) {
    test(code, async () => {
      const { text, ranges } = marked(breakIt(catalogText));
      const found = await service.diagnoseCatalog(uriOf(CATALOG_PATH), text);
      assert.deepEqual(found.map((d) => d.code), [code]);
      assert.deepEqual(found[0].range, ranges[0]);
      assert.match(found[0].message, says);
    });
  }

  test('the example catalog has none', async () => {
    assert.deepEqual(await service.diagnoseCatalog(uriOf(CATALOG_PATH), catalogText), []);
  });

  test('catalog-unreadable: once on an RCA, on its services, instead of every name being unknown', async () => {
    const { service: broken } = await indexedService({ ...exampleFiles(), [CATALOG_PATH]: catalogText.replace('aliases: [recs]', 'aliases: [recs') });
    const { text, ranges } = marked(seed.replace(/^services:/m, '⟦services⟧:'));
    const found = diagnosticsFor(broken, SEED_PATH, text);
    assert.deepEqual(codesOf(found), ['catalog-unreadable']);
    assert.deepEqual(found[0].range, ranges[0]);
    assert.match(found[0].message, /The catalog \(\.rca\/catalog\.yaml\) could not be read, so services and teams are not checked: Not valid YAML/);
  });
});

describe('each code is silent on a correct document', () => {
  test('the seed, for every code', () => {
    assert.deepEqual(check(seed), []);
  });
  for (const [code, variant] of SILENT) {
    test(`${code}: a correct near miss`, () => {
      const text = variant(seed);
      assert.notEqual(text, seed);
      assert.deepEqual(check(text).map((d) => d.code), []);
    });
  }
});
