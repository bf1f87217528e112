// The custom requests of the VS Code client (server/src/protocol.ts) over a
// real stdio session: rca/metrics, rca/lintWorkspace, rca/newRcaChoices, rca/newRca.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { rcaMetrics } from '../server/src/features/metrics';
import {
  LINT_WORKSPACE_REQUEST,
  METRICS_REQUEST,
  NEW_RCA_CHOICES_REQUEST,
  NEW_RCA_REQUEST,
  RENDER_DATA_REQUEST,
  type LintWorkspaceResult,
  type MetricsResult,
  type NewRcaChoices,
  type NewRcaResult,
  type RcaMetrics,
  type RenderData,
} from '../shared/protocol';
import { LspSession } from './lspSession';
import { indexedService, SEED_PATH, seedText } from './support';

let session: LspSession;
before(async () => {
  session = await LspSession.start();
});
after(() => session.close());

const metricsOf = (uri: string) => session.connection.sendRequest<MetricsResult>(METRICS_REQUEST.method, { uri });

describe('rca/metrics', () => {
  test("the 2025-07-30 seed's numbers", async () => {
    const uri = await session.openFile(SEED_PATH);
    const m = (await metricsOf(uri))!;
    assert.equal(m.title, '2025-07-30 - Cache Invalidation Bug in recommendation-engine');
    assert.deepEqual([m.severity, m.status, m.date], ['P3', 'resolved', '2025-07-30']);
    assert.deepEqual(m.services, ['recommendation-engine', 'billing-api']);
    // 20:05 alert → 20:10 investigation started (acknowledged) → 20:15 identified → 20:48 mitigation → 21:02 recovery → 21:17 resolved.
    assert.deepEqual([m.statedDurationMinutes, m.durationMinutes, m.timeToAcknowledge, m.timeToIdentify, m.timeToMitigate, m.timeToRecover], [72, 72, 5, 10, 43, 57]);
    assert.deepEqual(m.phases.map((p) => [p.milestone, p.clock, p.minutes]), [
      ['start', '20:05', 0],
      ['detected', '20:05', 0],
      ['acknowledged', '20:10', 5],
      ['identified', '20:15', 10],
      ['mitigated', '20:48', 43],
      ['recovered', '21:02', 57],
      ['resolved', '21:17', 72],
    ]);
    const figures = Object.fromEntries(m.impact.map((f) => [f.name, f.value]));
    assert.deepEqual(figures, {
      requestsAffectedPercent: 61,
      errorRatePercent: 22,
      errorRateBaselinePercent: 1,
      p99BeforeMs: 259,
      p99AfterMs: 4951,
      customerFacingErrors: 2090,
      supportTickets: 30,
      revenueImpact: 49804,
      usersAffected: 7082,
    });
    assert.deepEqual(m.actionItems.map((a) => [a.priority, a.owner, a.dueDate]), [
      ['P1', 'DevOps', '2025-08-06'],
      ['P2', 'Platform Engineering', '2025-08-13'],
      ['P2', 'Platform Engineering', '2025-08-20'],
      ['P3', 'Backend Team', '2025-08-29'],
    ]);
    assert.deepEqual(m.links.map((l) => [l.label, l.uri?.slice(session.rootUri.length)]), [
      ['Previous application incident', '/notes/incidents/2025-07-30-previous-incident.md'],
      ['recommendation-engine Runbook', '/runbooks/runbook-recommendation-engine.md'],
      ['Application Architecture', '/architecture/architecture-application.md'],
    ]);
    assert.deepEqual(m.problems, []);
  });

  test('follow edits: a wrong duration shows as a problem on its line', async () => {
    const uri = await session.openFile(SEED_PATH, seedText().replace('duration_minutes: 72', 'duration_minutes: 99'));
    const m = (await metricsOf(uri))!;
    assert.equal(m.statedDurationMinutes, 99);
    assert.equal(m.durationMinutes, 72);
    await session.openFile(SEED_PATH);
    // The Summary's "lasted approximately 72 minutes" disagrees with the front matter too.
    assert.deepEqual(m.problems.map((p) => [p.code, p.line, p.severity]), [['duration-mismatch', 7, 'error'], ['summary-mismatch', 15, 'warning']]);
  });

  test('null for a note and for a document that is not open', async () => {
    const note = await session.openFile('runbooks/runbook-order-service.md');
    assert.equal(await metricsOf(note), null);
    assert.equal(await metricsOf(session.uri('rca/2025/never-opened.md')), null);
  });
});

describe('rca/renderData', () => {
  const renderDataOf = (uri: string) => session.connection.sendRequest<RenderData | null>(RENDER_DATA_REQUEST.method, { uri });

  test("the seed's wiki-links as the server resolves them, and its header", async () => {
    const uri = await session.openFile(SEED_PATH, seedText().replace('- [[architecture-application|Application Architecture]]', '- [[architecture-application#Caching]] [[#Timeline]] [[#Nowhere]]'));
    const data = (await renderDataOf(uri))!;
    await session.openFile(SEED_PATH);
    assert.deepEqual(data.header, { title: '2025-07-30 - Cache Invalidation Bug in recommendation-engine', date: '2025-07-30', severity: 'P3', status: 'resolved', services: ['recommendation-engine', 'billing-api'], durationMinutes: 72 });
    const links = Object.fromEntries(data.links.map((l) => [`${l.target}#${l.heading ?? ''}`, [l.state, l.relativePath, l.anchor, l.line, l.problem]]));
    assert.deepEqual(links, {
      '2025-07-30-previous-incident#': ['resolved', 'notes/incidents/2025-07-30-previous-incident.md', undefined, 0, undefined],
      'runbook-recommendation-engine#': ['resolved', 'runbooks/runbook-recommendation-engine.md', undefined, 0, undefined],
      'architecture-application#Caching': ['resolved', 'architecture/architecture-application.md', 'caching', 6, undefined],
      '#Timeline': ['resolved', SEED_PATH, 'timeline', 17, undefined],
      '#Nowhere': ['headingMissing', SEED_PATH, undefined, 0, `No heading "Nowhere" in ${SEED_PATH}`],
    });
  });

  test('null for a document that is not open; no header for a note', async () => {
    assert.equal(await renderDataOf(session.uri('rca/2025/never-opened.md')), null);
    const note = await session.openFile('runbooks/runbook-order-service.md');
    assert.equal((await renderDataOf(note))!.header, undefined);
  });
});

describe('metrics in the core', () => {
  const metricsFor = async (text: string, today: string): Promise<RcaMetrics> => {
    const { service } = await indexedService({ 'rca/a.md': text });
    const doc = service.openDocument('file:///ws/rca/a.md', 1, text);
    return rcaMetrics(doc, service.index, service.diagnose(doc), today);
  };

  test('overdue is relative to today; a missing or invalid due date is never overdue', async () => {
    const text = seedText().replace('| 2025-08-13 |', '| soon |').replace('| 2025-08-20 |', '| |');
    const m = await metricsFor(text, '2025-08-10');
    assert.deepEqual(m.actionItems.map((a) => a.overdue), [true, false, false, false]);
  });

  test('midnight roll-over and missing milestones', async () => {
    const timeline = ['| 23:50 | Monitoring alert triggered |', '| 00:20 | Root cause identified |', '| 00:40 | Incident resolved |'].join('\n');
    const text = seedText().replace(/\| 20:05 [\s\S]*?\| 21:17 \| Incident resolved \|/, timeline);
    const m = await metricsFor(text, '2025-08-10');
    assert.deepEqual([m.durationMinutes, m.timeToAcknowledge, m.timeToIdentify, m.timeToMitigate, m.timeToRecover], [50, undefined, 30, undefined, undefined]);
    assert.deepEqual(m.phases.map((p) => [p.milestone, p.clock, p.minutes]), [['start', '23:50', 0], ['detected', '23:50', 0], ['identified', '00:20', 30], ['resolved', '00:40', 50]]);
  });

  test('no timeline: no phases, no durations', async () => {
    const text = seedText().replace(/## Timeline[\s\S]*?## Root Cause/, '## Root Cause');
    const m = await metricsFor(text, '2025-08-10');
    assert.deepEqual(m.phases, []);
    assert.equal(m.durationMinutes, undefined);
    assert.ok(m.problems.some((p) => p.code === 'section-missing'));
  });
});

describe('rca/lintWorkspace', () => {
  test('the example workspace is clean; a file on disk with problems is reported, open or not', async () => {
    const clean = await session.connection.sendRequest<LintWorkspaceResult>(LINT_WORKSPACE_REQUEST.method, {});
    assert.equal(clean.files, 16);
    assert.deepEqual(clean.problems, []);

    const path = 'rca/2025/2025-07-30-cache-invalidation-bug-in-recommendation-engine.md';
    writeFileSync(join(session.rootPath, 'rca/2025/copy.md'), seedText().replace('severity: P3', 'severity: P9'));
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: session.uri('rca/2025/copy.md'), type: 1 }] });
    await session.openFile(path, seedText().replace('status: resolved', 'status: finished'));
    // The watched-file event is applied asynchronously: ask until the new file is indexed.
    let found = clean;
    for (let attempt = 0; attempt < 100 && found.files === clean.files; attempt++) found = await session.connection.sendRequest<LintWorkspaceResult>(LINT_WORKSPACE_REQUEST.method, {});
    assert.equal(found.files, 17);
    const byFile = Object.fromEntries(found.problems.map((f) => [f.uri.slice(session.rootUri.length + 1), f.diagnostics.map((d) => d.code)]));
    await session.openFile(path);
    assert.deepEqual(byFile['rca/2025/copy.md'], ['unknown-severity']);
    // The open document counts as edited, not as saved.
    assert.deepEqual(byFile[path], ['unknown-status']);
  });
});

describe('New RCA', () => {
  test('choices: catalog services and the configured severities', async () => {
    const choices = await session.connection.sendRequest<NewRcaChoices>(NEW_RCA_CHOICES_REQUEST.method, {});
    assert.ok(choices.services.some((s) => s.name === 'recommendation-engine'));
    assert.deepEqual(choices.severities.map((s) => s.name), ['P1', 'P2', 'P3', 'P4']);
  });

  test('the file: dated path with a slug, filled template that checks clean but for its placeholders', async () => {
    const created = await session.connection.sendRequest<NewRcaResult>(NEW_RCA_REQUEST.method, { title: 'Payment API: 5xx storm / retries', service: 'order-service', severity: 'P2' });
    const today = new Date().toISOString().slice(0, 10);
    assert.equal(created.relativePath, `rca/${today.slice(0, 4)}/${today}-payment-api-5xx-storm-retries.md`);
    assert.match(created.text, new RegExp(`^title: "${today} - Payment API: 5xx storm / retries"$`, 'm'));
    assert.match(created.text, /^severity: P2$/m);
    assert.match(created.text, /^services: \[order-service\]$/m);
    const uri = await session.openFile(created.relativePath, created.text);
    const codes = (await session.diagnosticsOf(uri)).map((d) => d.code);
    assert.ok(!codes.includes('field-missing') && !codes.includes('section-missing') && !codes.includes('title-mismatch'), codes.join());
  });
});
