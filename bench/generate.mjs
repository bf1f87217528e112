#!/usr/bin/env node
// Generates a realistic, deterministic RCA workspace shaped like example/:
//   rca/YYYY/YYYY-MM-DD-<slug>.md, runbooks/, architecture/, notes/<team>/..., .rca/catalog.yaml
// With --broken F, a fraction F of the RCAs carry one defect each, and
// defects.json lists [{file, code}] with the diagnostic code that must report it.
//
//   node bench/generate.mjs --out DIR [--n 1000] [--seed 1] [--broken 0]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const SERVICES = [
  'recommendation-engine', 'billing-api', 'user-service', 'analytics-pipeline', 'order-service', 'notification-service',
  'inventory-api', 'auth-service', 'payment-gateway', 'search-service', 'checkout-api', 'shipping-service', 'catalog-service',
  'session-store', 'email-dispatcher', 'fraud-detector', 'pricing-engine', 'media-transcoder', 'api-gateway', 'feature-flags',
];
const TEAMS = ['SRE', 'Backend Team', 'DevOps', 'Platform Engineering', 'Infrastructure', 'Database Team', 'Security Team', 'Data Engineering'];
const KINDS = [
  ['Cache Invalidation Bug', 'application'], ['Memory Leak', 'application'], ['Connection Pool Exhaustion', 'database'],
  ['Replication Lag', 'database'], ['DNS Resolution Failure', 'network'], ['Load Balancer Misconfiguration', 'network'],
  ['Certificate Expiry', 'security'], ['Bad Deploy', 'deployment'], ['Disk Full', 'infrastructure'], ['Node Pool Eviction', 'infrastructure'],
  ['Rate Limiter Misconfiguration', 'capacity'], ['Traffic Spike', 'capacity'], ['Third-party API Outage', 'dependency'], ['Queue Backlog', 'dependency'],
];
const EVENTS = ['Monitoring alert triggered', 'On-call engineer paged', 'Initial investigation started', 'Root cause identified', 'Mitigation applied', 'Service recovery observed', 'Incident resolved'];
const ACTIONS = ['Implement monitoring for', 'Update runbook', 'Add load test scenario', 'Review similar services', 'Automate rollback', 'Add an alert on saturation'];

/** Defects: each turns a clean RCA into one that a given diagnostic must report. */
const DEFECTS = {
  'duration-mismatch': (d) => d.text.replace(`duration_minutes: ${d.duration}`, `duration_minutes: ${d.duration + 17}`),
  'unknown-severity': (d) => d.text.replace(/^severity: P\d/m, 'severity: SEV-1'),
  'invalid-date': (d) => d.text.replace(/^date: (\d{4})-(\d\d)-(\d\d)/m, 'date: $1-$3-$2x'),
  'timeline-order': (d) => {
    const [a, b] = [...d.text.matchAll(/^\| ([\d:]+) \| (Root cause identified|Mitigation applied) \|/gm)];
    return d.text.replace(a[0], `| ${b[1]} | ${a[2]} |`).replace(b[0], `| ${a[1]} | ${b[2]} |`);
  },
  'broken-wiki-link': (d) => d.text.replace(`[[runbook-${d.service}|`, `[[runbok-${d.service}|`),
  'section-missing': (d) => d.text.replace(/## Root Cause\n[\s\S]*?(?=## Impact)/, ''),
  'unknown-service': (d) => d.text.replace(/^services: \[([^,\]]+)/m, 'services: [$1-v2'),
  'field-missing': (d) => d.text.replace(/^author: .*\n/m, ''),
  'affected-services-mismatch': (d) => d.text.replace(`### Affected Services\n- ${d.affected[0]}\n`, '### Affected Services\n'),
  'frontmatter-unterminated': (d) => d.text.replace('\n---\n\n# ', '\n\n# '),
  'summary-mismatch': (d) => d.text.replace(`approximately ${d.duration} minutes`, `approximately ${d.duration + 30} minutes`),
  'action-due-date': (d) => d.text.replace(/\| (\d{4}-\d\d-\d\d) \|\n/, '| 1999-01-01 |\n'),
  'unknown-team': (d) => d.text.replace(/^author: (.*)$/m, 'author: $1 Squad'),
  'timeline-time': (d) => d.text.replace(/^\| ([\d:]+) \| On-call engineer paged \|/m, '| 25:61 | On-call engineer paged |'),
};

export function generateWorkspace({ out, n = 1000, seed = 1, broken = 0 }) {
  let state = seed >>> 0 || 1;
  const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const sample = (xs, k) => [...xs].sort(() => rand() - 0.5).slice(0, k);
  const pad = (x) => String(x).padStart(2, '0');
  const addDays = (day, k) => new Date(day.getTime() + k * 86_400_000).toISOString().slice(0, 10);

  const rcas = [];
  const defects = [];
  const kinds = Object.keys(DEFECTS);
  for (let i = 0; i < n; i++) {
    const day = new Date(Date.UTC(2022, 0, 1) + int(0, 1400) * 86_400_000);
    const date = day.toISOString().slice(0, 10);
    const [kind, category] = pick(KINDS);
    const service = pick(SERVICES);
    const affected = [service, ...sample(SERVICES.filter((s) => s !== service), int(1, 4))];
    const author = pick(TEAMS);
    const severity = `P${int(1, 4)}`;
    // Some incidents start late in the evening and run past midnight; some timelines log seconds.
    const start = rand() < 0.15 ? int(22 * 60, 23 * 60 + 50) : int(0, 21 * 60);
    const withSeconds = rand() < 0.2;
    const offsets = [0, int(1, 4)];
    offsets.push(offsets[1] + int(2, 5), 0, 0, 0, 0);
    offsets[3] = offsets[2] + int(3, 40);
    offsets[4] = offsets[3] + int(10, 120);
    offsets[5] = offsets[4] + int(5, 60);
    offsets[6] = offsets[5] + int(5, 60);
    const duration = offsets[6];
    const clock = (m) => `${pad(Math.floor(m / 60) % 24)}:${pad(m % 60)}${withSeconds ? ':00' : ''}`;
    let file = `${date}-${kind.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-in-${service}`;
    if (rcas.some((r) => r.file === file)) file += `-${i}`;
    const previous = rcas.length > 0 && rand() < 0.6 ? [pick(rcas.slice(-200))] : [];
    const items = Array.from({ length: int(2, 6) }, (_, k) => `| P${Math.min(4, 1 + Math.floor(k / 2))} | ${pick(ACTIONS)}${k === 0 ? ` ${kind.toLowerCase()}` : ''} | ${pick(TEAMS)} | ${addDays(day, 7 * (k + 1))} |`);
    const text = `---
title: "${date} - ${kind} in ${service}"
date: ${date}
severity: ${severity}
services: [${affected.join(', ')}]
tags: [rca, ${severity.toLowerCase()}, ${category}]
status: resolved
duration_minutes: ${duration}
author: ${author}
---

# ${date} - ${kind} in ${service}

## Summary

On ${date}, the ${service} service experienced a ${kind.toLowerCase()}. The incident lasted approximately ${duration} minutes and affected ${int(50, 40000)} users and ${affected.length} dependent services.

## Timeline

| Time (UTC) | Event |
|------------|-------|
${EVENTS.map((e, k) => `| ${clock(start + offsets[k])} | ${e} |`).join('\n')}

## Root Cause

The incident was caused by ${kind.toLowerCase()} in the ${service} service. See \`${service}\` dashboards.

Investigation revealed multiple contributing factors:
1. ${pick(['Recent code changes introduced a regression', 'A configuration change reached all regions at once', 'A dependency upgrade changed default timeouts'])}
2. ${pick(['Test coverage did not include edge cases', 'Staging traffic did not reflect production load', 'The canary stage was skipped'])}

## Impact

- Service degradation: ${int(5, 99)}% of requests affected
- Error rate spike: ${int(2, 60)}% (baseline: <1%)
- Latency increase: p99 went from ${int(80, 600)}ms to ${int(700, 9000)}ms

### Affected Services
${affected.map((s) => `- ${s}`).join('\n')}

### Customer Impact

- ${int(10, 5000)} customer-facing errors
- ${int(0, 120)} support tickets created
- Estimated revenue impact: $${int(500, 90000)}

## Resolution

1. Deployed a fix for the immediate issue
2. Added regression tests for the affected code path

## Lessons Learned

### What Went Well

- Alert fired within ${offsets[1] + 1} minutes of incident start

### What Could Be Improved

- Need better runbooks for ${category} issues

## Action Items

| Priority | Action | Owner | Due Date |
|----------|--------|-------|----------|
${items.join('\n')}

## Related Incidents

${previous.map((r) => `- [[${r.file}|Previous ${r.category} incident]]`).join('\n')}
- [[runbook-${service}|${service} Runbook]]
- [[architecture-${category}#Components|${category} architecture]]

---
*RCA prepared by ${author} on ${addDays(day, int(1, 5))}*
`;
    const doc = { file, date, service, affected, duration, category, text };
    if (rand() < broken) {
      const code = kinds[defects.length % kinds.length];
      doc.text = DEFECTS[code](doc);
      defects.push({ file: `rca/${date.slice(0, 4)}/${file}.md`, code });
    }
    // A few files were written on Windows.
    if (rand() < 0.05) doc.text = doc.text.replace(/\n/g, '\r\n');
    rcas.push(doc);
  }

  for (const r of rcas) {
    const dir = join(out, 'rca', r.date.slice(0, 4));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${r.file}.md`), r.text);
  }
  mkdirSync(join(out, 'runbooks'), { recursive: true });
  for (const s of SERVICES) writeFileSync(join(out, 'runbooks', `runbook-${s}.md`), `---\ntitle: ${s} Runbook\n---\n\n# ${s} Runbook\n\n## Alerts\n\n## Dashboards\n\n## Rollback\n`);
  mkdirSync(join(out, 'architecture'), { recursive: true });
  for (const c of new Set(KINDS.map((k) => k[1]))) writeFileSync(join(out, 'architecture', `architecture-${c}.md`), `# ${c} architecture\n\n## Components\n\nSee [[runbook-api-gateway]].\n`);
  for (const team of TEAMS) {
    const dir = join(out, 'notes', team.toLowerCase().replace(/ /g, '-'), 'meetings');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'weekly-review.md'), `# ${team} weekly review\n\n## Open items\n\n- Follow up on [[runbook-${pick(SERVICES)}#Rollback]]\n`);
  }
  mkdirSync(join(out, '.rca'), { recursive: true });
  writeFileSync(join(out, '.rca', 'catalog.yaml'), `services:\n${SERVICES.map((s) => `  - ${s}`).join('\n')}\nteams:\n${TEAMS.map((t) => `  - ${t}`).join('\n')}\n`);
  writeFileSync(join(out, 'defects.json'), JSON.stringify(defects, null, 2) + '\n');
  return { rcas: rcas.length, defects };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = Object.fromEntries(process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])));
  if (!args.out) {
    process.stderr.write('usage: node bench/generate.mjs --out DIR [--n 1000] [--seed 1] [--broken 0]\n');
    process.exit(2);
  }
  const { rcas, defects } = generateWorkspace({ out: args.out, n: Number(args.n ?? 1000), seed: Number(args.seed ?? 1), broken: Number(args.broken ?? 0) });
  console.log(`wrote ${rcas} RCAs (${defects.length} with a defect) under ${args.out}`);
}
