// The markdown-it plugin that renders wiki-links and the RCA header outside the
// editor, in Node with markdown-it, fed the language server's own render data
// (features/renderData.ts over an indexed workspace): every link form, tables
// with `\|`, code left alone, hostile text inert, the header and its fallback.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import type { RenderData, WikiLinkResolution } from '../shared/protocol';
import { wikiLinkPlugin, type MarkdownItInstance } from '../shared/wikiLinkPlugin';
import { renderData } from '../server/src/features/renderData';
import { indexedService, uriOf } from './support';

const RCA = 'rca/2025/2025-03-01-db-outage.md';
const FILES: Record<string, string> = {
  [RCA]: `---
title: "2025-03-01 - Database outage"
date: 2025-03-01
severity: P1
services: [db, api]
tags: [rca]
status: resolved
duration_minutes: 72
---

# 2025-03-01 - Database outage

## Summary

See [[runbook-db]], [[runbook-db|the runbook]], [[runbook-db#Failover]], [[Runbook-DB#failover|failing over]] and [[#Summary]].
Broken: [[no-such-file]], [[runbook-db#No Such Heading]], ambiguous: [[dup]].

| Step | Link |
|------|------|
| 1 | [[runbook-db#Failover\\|fail over]] |
| 2 | [[dup\\|either]] |

Code: \`[[runbook-db]]\` and \\[[runbook-db]].

\`\`\`
[[runbook-db]]
\`\`\`

    [[runbook-db]] indented

## Failover
`,
  'runbooks/runbook-db.md': '# Runbook DB\n\n## Failover\n\nFirst.\n\n## Failover\n\nSecond.\n',
  'notes/a/dup.md': '# A\n',
  'notes/b/dup.md': '# B\n',
};

interface Env {
  readonly data: RenderData | null | undefined;
  readonly header?: boolean;
}

function renderer(extend?: (md: MarkdownItInstance) => void): MarkdownItInstance {
  const md = new MarkdownIt();
  extend?.(md);
  wikiLinkPlugin(md, {
    renderData: (env) => (env as Env).data,
    href: (link: WikiLinkResolution) => `${link.relativePath}${link.anchor ? `#${link.anchor}` : ''}`,
    header: (env) => (env as Env).header ?? true,
  });
  return md;
}

async function serverData(files = FILES, path = RCA): Promise<{ data: RenderData; text: string; links: number }> {
  const { service } = await indexedService(files);
  const doc = service.openDocument(uriOf(path), 1, files[path]);
  return { data: renderData(doc, service.index, service.isRca(doc)), text: files[path], links: doc.links.length };
}

/** The body after the front matter, as a host that strips it renders. */
function body(text: string): string {
  return text.slice(text.indexOf('\n---\n', 4) + 5);
}

describe('the wiki-link markdown-it plugin', () => {
  test('renders every link form as the server resolves it', async () => {
    const { data, text } = await serverData();
    const html = renderer().render(body(text), { data } satisfies Env);
    assert.match(html, /<a class="rca-wikilink" href="runbooks\/runbook-db.md" title="runbooks\/runbook-db.md">runbook-db<\/a>/);
    assert.match(html, /<a class="rca-wikilink" href="runbooks\/runbook-db.md" title="runbooks\/runbook-db.md">the runbook<\/a>/);
    // The first of two headings of one name: its anchor has no suffix; case ignored as the server ignores it.
    assert.match(html, /<a class="rca-wikilink" href="runbooks\/runbook-db.md#failover" title="runbooks\/runbook-db.md › Failover">runbook-db › Failover<\/a>/);
    assert.match(html, /<a class="rca-wikilink" href="runbooks\/runbook-db.md#failover" title="runbooks\/runbook-db.md › failover">failing over<\/a>/);
    assert.match(html, /<a class="rca-wikilink" href="rca\/2025\/2025-03-01-db-outage.md#summary" title="rca\/2025\/2025-03-01-db-outage.md › Summary">Summary<\/a>/);
    assert.match(html, /<span class="rca-wikilink rca-wikilink-broken" title="No file named &quot;no-such-file&quot; in the workspace">no-such-file<\/span>/);
    assert.match(html, /<a class="rca-wikilink rca-wikilink-broken" href="runbooks\/runbook-db.md" title="No heading &quot;No Such Heading&quot; in runbooks\/runbook-db.md">runbook-db › No Such Heading<\/a>/);
    assert.match(html, /<span class="rca-wikilink rca-wikilink-ambiguous" title="&quot;dup&quot; matches 2 files \(notes\/a\/dup.md, notes\/b\/dup.md\); qualify it with a folder">dup<\/span>/);
  });

  test('reads `\\|` in a table cell as the alias, the cell unsplit', async () => {
    const { data, text } = await serverData();
    const html = renderer().render(body(text), { data } satisfies Env);
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]);
    assert.equal(rows.length, 3);
    assert.match(rows[1], /<td>1<\/td>\s*<td><a class="rca-wikilink" href="runbooks\/runbook-db.md#failover"[^>]*>fail over<\/a><\/td>/);
    assert.match(rows[2], /<td>2<\/td>\s*<td><span class="rca-wikilink rca-wikilink-ambiguous"[^>]*>either<\/span><\/td>/);
  });

  test('leaves code spans, fenced and indented code and escaped brackets alone', async () => {
    const { data, text, links } = await serverData();
    const html = renderer().render(body(text), { data } satisfies Env);
    assert.match(html, /<code>\[\[runbook-db\]\]<\/code>/);
    assert.match(html, /<pre><code>\[\[runbook-db\]\]\n<\/code><\/pre>/);
    assert.match(html, /<pre><code>\[\[runbook-db\]\] indented\n<\/code><\/pre>/);
    assert.match(html, /and \[\[runbook-db\]\]\.<\/p>/);
    // The server's scanner skips the same ones: every link it resolves is one the page shows, and no more.
    assert.equal(links, 10);
    assert.equal((html.match(/class="rca-wikilink/g) ?? []).length, links);
    assert.doesNotMatch(html, /rca-wikilink-pending/);
  });

  test('renders links pending while the server has not answered, and no link without data', () => {
    const html = renderer().render('[[runbook-db|the runbook]] and [[#Summary]]', { data: undefined } satisfies Env);
    assert.equal(html, '<p><span class="rca-wikilink rca-wikilink-pending" title="Resolving this link…">the runbook</span> and <span class="rca-wikilink rca-wikilink-pending" title="Resolving this link…">Summary</span></p>\n');
  });

  test('renders a link repeated in a document with the data of each render: pending, then resolved once the server answers', async () => {
    const { data } = await serverData();
    const md = renderer();
    // As VS Code renders: the tokens parsed once (kept per document version), rendered again with each new env.
    const tokens = md.parse('[[runbook-db]] and [[runbook-db]]\n\n| Link |\n|---|\n| [[runbook-db]] |\n', {});
    const pending = md.renderer.render(tokens, md.options, { data: undefined } satisfies Env);
    assert.equal(pending.match(/rca-wikilink-pending/g)?.length, 3);
    const resolved = md.renderer.render(tokens, md.options, { data } satisfies Env);
    assert.equal(resolved.match(/<a class="rca-wikilink" href="runbooks\/runbook-db.md" title="runbooks\/runbook-db.md">runbook-db<\/a>/g)?.length, 3);
  });

  test('renders links as plain text, saying why, in a document the server does not check', () => {
    const html = renderer().render('[[runbook-db|the runbook]] and [[#Summary]]', { data: null } satisfies Env);
    const unchecked = (text: string) => `<span class="rca-wikilink rca-wikilink-unchecked" title="RCA Author does not check this document (it is not a saved file of the workspace)">${text}</span>`;
    assert.equal(html, `<p>${unchecked('the runbook')} and ${unchecked('Summary')}</p>\n`);
  });

  test('leaves what is not a link as text: empty, unclosed, across lines, nested brackets', () => {
    const md = renderer();
    for (const source of ['[[]]', '[[|alias]]', '[[open', '[[a\nb]]', '[[a[b]]', '[[a]b]]', '[[a]']) {
      assert.doesNotMatch(md.render(source, { data: undefined } satisfies Env), /rca-wikilink/, source);
    }
    // An ordinary link beside a wiki-link still works.
    assert.match(md.render('[text](x.md) [[y]]', { data: undefined } satisfies Env), /<a href="x.md">text<\/a> <span class="rca-wikilink/);
  });

  test('escapes hostile targets, aliases, headings and server messages', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const files = { 'notes/page.md': `# Page\n\n[[${hostile}]] [[x|"><script>alert(1)</script>]] [[page#<b onmouseover=alert(1)>]]\n` };
    const { data, text } = await serverData(files, 'notes/page.md');
    const html = renderer().render(text, { data } satisfies Env);
    assert.doesNotMatch(html, /<img|<script|<b /);
    assert.match(html, /title="No file named &quot;&lt;img src=x onerror=alert\(1\)&gt;&quot; in the workspace">&lt;img src=x onerror=alert\(1\)&gt;<\/span>/);
    assert.match(html, />&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/span>/);
    assert.match(html, /title="No heading &quot;&lt;b onmouseover=alert\(1\)&gt;&quot; in notes\/page.md">page › &lt;b onmouseover=alert\(1\)&gt;<\/a>/);
  });
});

describe('the RCA header', () => {
  /** A host's front matter rule like VS Code's: a `front_matter` token at line 0, and its own renderer. */
  const hostFrontMatter = (md: MarkdownItInstance) => {
    md.block.ruler.before('fence', 'front_matter', (state, startLine, _endLine, silent) => {
      if (startLine !== 0 || state.src.slice(state.bMarks[0], state.eMarks[0]) !== '---') return false;
      let end = 1;
      while (end < state.lineMax && state.src.slice(state.bMarks[end], state.eMarks[end]) !== '---') end++;
      if (end >= state.lineMax) return false;
      if (silent) return true;
      const token = state.push('front_matter', '', 0);
      token.map = [0, end + 1];
      token.attrSet('data-line', '0');
      token.attrSet('class', 'code-line');
      state.line = end + 1;
      return true;
    });
    md.renderer.rules.front_matter = () => '<table class="host-front-matter"></table>\n';
  };

  test('replaces the front matter with severity, status, services, duration and date, the title left to an H1 that repeats it', async () => {
    const { data, text } = await serverData();
    const html = renderer(hostFrontMatter).render(text, { data } satisfies Env);
    assert.match(
      html,
      /^<header data-line="0" class="rca-header code-line"><dl class="rca-header-facts"><div><dt>Severity<\/dt><dd class="rca-header-severity">P1<\/dd><\/div><div><dt>Status<\/dt><dd>resolved<\/dd><\/div><div><dt>Services<\/dt><dd>db, api<\/dd><\/div><div><dt>Duration<\/dt><dd>72 min<\/dd><\/div><div><dt>Date<\/dt><dd>2025-03-01<\/dd><\/div><\/dl><\/header>\n<h1>/,
    );
    assert.doesNotMatch(html, /host-front-matter|duration_minutes/);
  });

  test('keeps the title in the header when no H1 repeats it', async () => {
    for (const h1 of ['# Database outage, the short story', '## 2025-03-01 - Database outage', '']) {
      const text = FILES[RCA].replace('# 2025-03-01 - Database outage', h1);
      const { data } = await serverData({ ...FILES, [RCA]: text });
      const html = renderer(hostFrontMatter).render(text, { data } satisfies Env);
      assert.match(html, /^<header [^>]*><p class="rca-header-title">2025-03-01 - Database outage<\/p><dl/, h1);
    }
  });

  test("leaves the host's front matter when the setting is off, before the data comes and for a note", async () => {
    const { data, text } = await serverData();
    const md = renderer(hostFrontMatter);
    assert.match(md.render(text, { data, header: false } satisfies Env), /^<table class="host-front-matter">/);
    assert.match(md.render(text, { data: undefined } satisfies Env), /^<table class="host-front-matter">/);
    const note = await serverData({ 'notes/n.md': '---\ntitle: A note\n---\n\n# N\n' }, 'notes/n.md');
    assert.equal(note.data.header, undefined);
    assert.match(md.render(note.text, { data: note.data } satisfies Env), /^<table class="host-front-matter">/);
  });

  test('escapes front matter values', async () => {
    const text = FILES[RCA].replace('title: "2025-03-01 - Database outage"', 'title: "<script>alert(1)</script>"').replace('services: [db, api]', 'services: ["<img src=x>"]');
    const { data } = await serverData({ ...FILES, [RCA]: text });
    const html = renderer(hostFrontMatter).render(text, { data } satisfies Env);
    assert.match(html, /<p class="rca-header-title">&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/p>/);
    assert.match(html, /<dd>&lt;img src=x&gt;<\/dd>/);
    assert.doesNotMatch(html, /<script|<img/);
  });
});
