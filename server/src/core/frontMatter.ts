// Front matter: gray-matter finds the block, `yaml` parses it with source positions.
import matter from 'gray-matter';
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { FrontMatter, FrontMatterField, FrontMatterItem, YamlProblem } from './model';
import { parseSimpleYaml } from './simpleYaml';
import { firstLine, tokenSpan } from './yamlText';
import type { LineIndex } from './text';
import { MAX_FRONT_MATTER_LENGTH, tooDeep, tooLarge, type YamlLimitProblem } from './yamlLimits';

// Passing options keeps gray-matter from caching every input string (its cache
// has no bound, so a long-lived server would grow with every keystroke). No-op
// engines leave the YAML to `parseDocument`, which keeps positions, and replace
// gray-matter's `javascript` engine, which would `eval` a `---js` block.
const noParse = () => ({});
const SPLIT_ONLY = { engines: { yaml: noParse, json: noParse, javascript: noParse } };
const YAML_LANGUAGES = new Set(['', 'yaml', 'yml']);
const MAX_ALIASES = 100;
const ATX_HEADING = /^ {0,3}#{1,6}[ \t]+\S/;

export interface FrontMatterSplit {
  readonly frontMatter: FrontMatter | undefined;
  /** Offset where the Markdown body starts. */
  readonly bodyStart: number;
}

export function parseFrontMatter(original: string, lines: LineIndex): FrontMatterSplit {
  // gray-matter and `yaml` break lines at `\n`; the line index also breaks at a lone `\r`.
  // Read as `\n` (the same length, so offsets hold), a file with old Mac line endings has front matter too.
  const text = original.includes('\r') ? original.replace(/\r(?!\n)/g, '\n') : original;
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!text.startsWith('---', bom) || text.charAt(bom + 3) === '-') return { frontMatter: undefined, bodyStart: bom };

  const openLineEnd = lines.lineEnd(0);
  const openRange = lines.range(bom, openLineEnd);
  if (lines.lineCount < 2) {
    return { frontMatter: { ...emptyFrontMatter(openRange, lines, []), unterminated: true }, bodyStart: text.length };
  }
  let block: string;
  let language: string;
  try {
    // gray-matter copies its whole input into a Buffer; it closes the block at the
    // first `\n---`, so the text up to the end of that line splits identically.
    const close = text.indexOf('\n---', openLineEnd);
    const lineEnd = close === -1 ? -1 : text.indexOf('\n', close + 4);
    const file = matter(close === -1 || lineEnd === -1 ? text : text.slice(0, lineEnd + 1), SPLIT_ONLY);
    block = file.matter;
    language = file.language;
  } catch (error) {
    // gray-matter throws only for a language it has no engine for (`---toml`).
    const problem = { message: `Unsupported front matter: ${(error as Error).message}`, range: openRange };
    return { frontMatter: emptyFrontMatter(openRange, lines, [problem]), bodyStart: text.length };
  }
  // gray-matter's block runs from the end of the opening line to just before the `\n---` that closes it.
  const yamlStart = lines.lineStart(1);
  const blockEnd = openLineEnd + block.length;
  const closed = blockEnd < text.length;
  // With CRLF the block ends in the `\r` of its last line: that is not YAML text.
  let yamlEnd = Math.max(yamlStart, text.charCodeAt(blockEnd - 1) === 13 ? blockEnd - 1 : blockEnd);
  let bodyStart = text.length;
  let closeRange: FrontMatter['closeRange'];
  if (closed) {
    const closeLine = lines.positionAt(blockEnd + 1).line;
    closeRange = lines.range(lines.lineStart(closeLine), lines.lineEnd(closeLine));
    bodyStart = closeLine + 1 < lines.lineCount ? lines.lineStart(closeLine + 1) : text.length;
  }

  let parsed = parseYaml(text.slice(yamlStart, yamlEnd), yamlStart, lines);
  let unterminated = !closed;
  // A block that runs into a Markdown heading lost its closing `---`: gray-matter
  // then closes it at a later thematic break, or at the end of the file. Cut it
  // before the heading so the body keeps its structure and the fields their meaning.
  if (!closed || parsed.errors.length > 0) {
    const headingLine = firstBodyHeadingLine(lines, yamlStart, yamlEnd);
    if (headingLine !== undefined) {
      unterminated = true;
      yamlEnd = lines.lineStart(headingLine);
      bodyStart = yamlEnd;
      closeRange = undefined;
      parsed = parseYaml(text.slice(yamlStart, yamlEnd), yamlStart, lines);
    }
  }
  const errors = [...parsed.errors];
  if (!YAML_LANGUAGES.has(language.toLowerCase())) {
    errors.unshift({ message: `Front matter language "${language}" is not supported; use YAML`, range: lines.range(bom + 3, openLineEnd) });
  }
  return {
    frontMatter: {
      openRange,
      closeRange,
      contentRange: lines.range(yamlStart, Math.max(yamlStart, yamlEnd)),
      fields: parsed.fields,
      errors,
      unterminated,
    },
    bodyStart,
  };
}

function emptyFrontMatter(openRange: FrontMatter['openRange'], lines: LineIndex, errors: YamlProblem[]): FrontMatter {
  return { openRange, closeRange: undefined, contentRange: lines.range(lines.text.length, lines.text.length), fields: new Map(), errors, unterminated: false };
}

/** The first ATX heading after a blank line inside what was taken for front matter. */
function firstBodyHeadingLine(lines: LineIndex, start: number, end: number): number | undefined {
  const first = lines.positionAt(start).line;
  const last = lines.positionAt(end).line;
  for (let line = first + 1; line <= last && line < lines.lineCount; line++) {
    if (ATX_HEADING.test(lines.lineText(line)) && lines.lineText(line - 1).trim() === '') return line;
  }
  return undefined;
}

interface ParsedYaml {
  fields: Map<string, FrontMatterField>;
  errors: YamlProblem[];
}

function parseYaml(source: string, base: number, lines: LineIndex): ParsedYaml {
  const fields = new Map<string, FrontMatterField>();
  const errors: YamlProblem[] = [];
  const at = (start: number, end: number) => lines.range(base + start, base + Math.max(start, end));
  if (source.trim() === '') return { fields, errors };
  const refused = (limit: YamlLimitProblem) => ({ fields, errors: [{ message: limit.message, range: at(limit.start, limit.end) }] });
  const large = tooLarge(source, MAX_FRONT_MATTER_LENGTH, 'front matter');
  if (large) return refused(large);
  // Flat front matter (nearly all) cannot nest: the depth check is for what goes to `yaml`.
  const simple = parseSimpleYaml(source, base, lines);
  if (simple) return { fields: simple, errors };
  const deep = tooDeep(source, 'front matter');
  if (deep) return refused(deep);

  // logLevel: a key that is a list (`[[x]]: 1`) would otherwise print a warning on the host's console.
  const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  for (const error of doc.errors) errors.push({ message: firstLine(error.message), range: at(...tokenSpan(source, error.pos[0], error.pos[1])) });

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    // Alias bombs and bad anchors: report, keep the node positions, drop values.
    errors.push({ message: `YAML could not be read: ${firstLine((error as Error).message)}`, range: at(0, source.trimEnd().length) });
    data = undefined;
  }
  const contents = doc.contents;
  if (contents === null || contents === undefined) return { fields, errors };
  if (!isMap(contents)) {
    if (errors.length === 0) {
      const range = contents.range ?? [0, source.length];
      errors.push({ message: 'Front matter must be a mapping of `key: value` lines', range: at(range[0], range[1]) });
    }
    return { fields, errors };
  }
  const values = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  for (const pair of contents.items) {
    if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) continue;
    const key = String(pair.key.value);
    // A repeated key (reported by yaml) keeps the last value, as toJS does, with that line's ranges.
    fields.delete(key);
    const [keyStart, keyEnd] = pair.key.range;
    const valueNode = pair.value as YamlNode | null;
    const value = values ? values[key] : isScalar(valueNode) ? valueNode.value : undefined;
    let valueRange;
    if (valueNode && valueNode.range) {
      // A block value's range runs to the next line; the value ends at its last character.
      valueRange = at(valueNode.range[0], source.slice(0, valueNode.range[1]).trimEnd().length);
    } else {
      const colon = source.indexOf(':', keyEnd);
      const after = colon === -1 ? keyEnd : colon + 1;
      valueRange = at(after, after);
    }
    let items: FrontMatterItem[] | undefined;
    let listStyle: FrontMatterField['listStyle'];
    if (isSeq(valueNode)) {
      listStyle = valueNode.flow ? 'flow' : 'block';
      const jsItems = Array.isArray(value) ? value : [];
      items = [];
      valueNode.items.forEach((item, i) => {
        const node = item as YamlNode;
        if (!node || !node.range) return;
        items!.push({ value: values ? jsItems[i] : isScalar(node) ? node.value : undefined, range: at(node.range[0], node.range[1]) });
      });
    }
    fields.set(key, { key, keyRange: at(keyStart, keyEnd), value, valueRange, items, listStyle });
  }
  return { fields, errors };
}
