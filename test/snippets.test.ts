// The snippets expand, as VS Code expands them, into RCAs the server checks clean.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { codesOf, diagnosticsFor, exampleFiles, indexedService, REPO } from './support';

interface Snippet {
  prefix: string | string[];
  description: string;
  body: string[];
}
const SNIPPETS: Record<string, Snippet> = JSON.parse(readFileSync(join(REPO, 'snippets', 'rca.code-snippets'), 'utf8'));

const NOW = { CURRENT_YEAR: '2026', CURRENT_MONTH: '03', CURRENT_DATE: '09', CURRENT_HOUR: '14', CURRENT_MINUTE: '05' };

/**
 * Expands a TextMate snippet the way the editor does when the user accepts every
 * default (the first choice of a choice), except tab stops given in `typed`.
 * Returns the text and the tab stops in the order they are first met.
 */
function expand(body: string, typed: Record<number, string> = {}): { text: string; stops: number[] } {
  const values = new Map<number, string>();
  const stops: number[] = [];
  const meet = (n: number) => stops.includes(n) || stops.push(n);
  const parse = (source: string, at: number, until?: string): [string, number] => {
    let out = '';
    let i = at;
    while (i < source.length) {
      const c = source[i];
      if (until && source.startsWith(until, i)) return [out, i + until.length];
      if (c === '\\' && i + 1 < source.length) {
        out += source[i + 1];
        i += 2;
        continue;
      }
      if (c !== '$') {
        out += c;
        i++;
        continue;
      }
      const simple = /^\$(\d+|[A-Z_]+)/.exec(source.slice(i));
      if (simple) {
        const name = simple[1];
        if (/^\d+$/.test(name)) {
          meet(Number(name));
          out += values.get(Number(name)) ?? typed[Number(name)] ?? '';
        } else {
          assert.ok(name in NOW, `unknown variable $${name}`);
          out += NOW[name as keyof typeof NOW];
        }
        i += simple[0].length;
        continue;
      }
      const open = /^\$\{(\d+|[A-Z_]+)([:|}])/.exec(source.slice(i));
      assert.ok(open, `bad snippet syntax at ${source.slice(i, i + 20)}`);
      const name = open[1];
      i += open[0].length;
      let value = '';
      if (open[2] === ':') [value, i] = parse(source, i, '}');
      else if (open[2] === '|') {
        const end = source.indexOf('|}', i);
        value = source.slice(i, end).split(',')[0];
        i = end + 2;
      }
      if (/^\d+$/.test(name)) {
        const n = Number(name);
        meet(n);
        value = values.get(n) ?? typed[n] ?? value;
        values.set(n, value);
      } else value = NOW[name as keyof typeof NOW];
      out += value;
    }
    return [out, i];
  };
  return { text: parse(body, 0)[0], stops };
}

describe('snippets', () => {
  test('every snippet has a prefix, a description and tab stops in order, ending at $0', () => {
    for (const [name, snippet] of Object.entries(SNIPPETS)) {
      assert.ok(snippet.prefix.length > 0 && snippet.description.length > 0, name);
      const { stops } = expand(snippet.body.join('\n'));
      const numbered = stops.filter((n) => n > 0);
      assert.deepEqual(numbered, [...numbered].sort((a, b) => a - b), `${name}: tab stops out of order: ${stops.join()}`);
      assert.deepEqual(numbered, numbered.map((_, i) => i + 1), `${name}: tab stops skip a number`);
      assert.equal(stops.at(-1), 0, `${name}: $0 must come last`);
    }
  });

  test('`rca` expands to an RCA that checks clean against the example workspace', async () => {
    const full = Object.values(SNIPPETS).find((s) => [s.prefix].flat().includes('rca'))!;
    const { text } = expand(full.body.join('\n'), { 3: 'order-service', 20: 'SRE' });
    assert.match(text, /^date: 2026-03-09$/m);
    assert.match(text, /^\| 14:05 \| Monitoring alert triggered \|$/m);
    assert.match(text, /^- \[\[runbook-order-service\|Runbook\]\]$/m);
    const { service } = await indexedService(exampleFiles());
    assert.deepEqual(codesOf(diagnosticsFor(service, 'rca/2026/2026-03-09-new.md', text)), []);
  });

  test('the section snippets together, under front matter and a title, check clean too', async () => {
    const front = ['---', 'title: "2026-03-09 - New"', 'date: 2026-03-09', 'severity: P2', 'services: [service-name]', 'tags: [rca]', 'status: draft', 'duration_minutes: 0', 'author: SRE', '---', '', '# 2026-03-09 - New', ''];
    const sections = Object.values(SNIPPETS).filter((s) => [s.prefix].flat().some((p) => /^rca-(summary|timeline|root-cause|impact|resolution|lessons|action-items)$/.test(p)));
    assert.equal(sections.length, 7);
    const text = [...front, ...sections.map((s) => expand(s.body.join('\n')).text.replace('0 dependent services', '1 dependent services') + '\n')].join('\n');
    const { service } = await indexedService({});
    assert.deepEqual(codesOf(diagnosticsFor(service, 'rca/new.md', text)), []);
  });

  test('rows: a timeline row and an action item row are read as such', async () => {
    const row = (prefix: string) => expand(Object.values(SNIPPETS).find((s) => [s.prefix].flat().includes(prefix))!.body.join('\n')).text;
    assert.equal(row('rca-timeline-row'), '| 14:05 | Monitoring alert triggered |');
    assert.equal(row('rca-action-row'), '| P1 | Action | Owner | 2026-03-09 |');
    assert.equal(row('wikilink'), '[[target|alias]]');
  });
});
