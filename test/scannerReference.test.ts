// The Markdown scanner held to a reference, markdown-it (CommonMark): on seeded random
// RCA-like bodies, both must agree on the headings (lines, level, text), on which lines
// are code or HTML (not prose), and on which [[links]] are prose.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { scanBody } from '../server/src/core/markdown';
import { LineIndex } from '../server/src/core/text';
import { seededRandom } from './support';

const md = new MarkdownIt('commonmark');
type Token = ReturnType<typeof md.parse>[number];

/** A random RCA-like body; every [[link]] target is unique, so the sets compare exactly. */
function randomBody(seed: number): string {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  let links = 0;
  const link = () => `[[t${links++}${pick(['', '#Timeline', '|alias'])}]]`;
  const words = () => Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(['db', 'the', 'outage', 'alert', 'fix'])).join(' ');
  const prose = () => pick([() => words(), () => `${words()} ${link()}`, () => `\`${link()}\` ${words()}`, () => `${words()} \`code\` ${link()}`])();
  const blocks: Array<() => string> = [
    () => `${'#'.repeat(1 + Math.floor(next() * 6))} ${prose()}${pick(['', ' ##'])}`,
    () => `${prose()}\n${pick(['', `${prose()}\n`])}${pick(['===', '---', '-----', '  ==='])}`,
    () => `${pick(['```', '~~~', '````'])}\n${prose()}\n${pick(['', `# ${words()}\n`])}${pick(['```', '~~~', '````'])}`,
    () => `    ${prose()}\n${pick(['', '\n', '\t'])}    ${prose()}`,
    () => pick(['<div>', '<pre>', '<details>', '<custom-tag a="1">', '<?x', '<!X'])
      + `\n${prose()}\n${pick(['</div>', '</pre>', '</details>', '?>', 'x>'])}`,
    () => Array.from({ length: 1 + Math.floor(next() * 3) }, () => `${pick(['- ', '* ', '1. ', '  - '])}${prose()}`).join('\n')
      + pick(['', `\n\n    ${prose()}`, `\n\n      ${prose()}`, `\n${prose()}`]),
    () => `${prose()}\n${prose()}`,
    () => `<!-- ${words()} ${link()} -->`,
    () => '---',
  ];
  return Array.from({ length: 3 + Math.floor(next() * 8) }, () => pick(blocks)()).join(pick(['\n\n', '\n\n', '\n'])) + '\n';
}

// The scanner's heading text has its code spans blanked, as all its prose.
const blankCode = (text: string) => text.replace(/`[^`\n]*`/g, (span) => ' '.repeat(span.length));
const lineTrim = (text: string) => text.split('\n').map((l) => l.trim()).join('\n');

/** What markdown-it reads: headings, the non-blank lines of code and HTML blocks, and the [[targets]] in its prose. */
function reference(text: string) {
  const tokens = md.parse(text, {});
  const lines = text.split('\n');
  const headings: Array<[number, number, number, string]> = [];
  const hidden = new Set<number>();
  const targets: string[] = [];
  const proseOf = (inline: Token) => (inline.children ?? []).map((t) => (t.type === 'text' ? t.content : t.type === 'softbreak' ? '\n' : ' ')).join('');
  tokens.forEach((token, i) => {
    if (token.type === 'heading_open') headings.push([token.map![0], token.map![1] - 1, Number(token.tag.slice(1)), lineTrim(blankCode(tokens[i + 1].content))]);
    if (token.type === 'code_block' || token.type === 'fence' || token.type === 'html_block') {
      for (let line = token.map![0]; line < token.map![1]; line++) if (lines[line].trim() !== '') hidden.add(line);
    }
    if (token.type === 'inline') for (const m of proseOf(token).matchAll(/\[\[([^[\]\n]*)\]\]/g)) targets.push(m[1].split(/[#|]/)[0]);
  });
  return { headings, hidden: [...hidden].sort((a, b) => a - b), targets: targets.sort() };
}

function ours(text: string) {
  const lines = new LineIndex(text);
  const body = scanBody(lines, 0);
  return {
    headings: body.headings.map((h): [number, number, number, string] => [h.range.start.line, h.range.end.line, h.level, lineTrim(h.text)]),
    hidden: [...body.hiddenLines].filter((line) => lines.lineText(line).trim() !== '').sort((a, b) => a - b),
    targets: body.links.map((l) => l.target).sort(),
  };
}

test('the scanner agrees with markdown-it on headings, code and HTML lines, and prose links (400 seeded bodies)', () => {
  for (let seed = 1; seed <= 400; seed++) {
    const text = randomBody(seed);
    assert.deepEqual(ours(text), reference(text), `seed ${seed}:\n${text}`);
  }
});
