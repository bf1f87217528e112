// Limits checked on YAML text before `yaml` builds nodes from it. `yaml` composes
// nodes recursively, a call per level of nesting: a few thousand `[` (6 KB)
// exhaust the stack inside V8's regular expression compiler, which aborts the
// whole process instead of throwing. yaml's lexer is a loop, not a recursion:
// one pass over its tokens counts the nesting exactly as the parser will see
// it (brackets outside quoted strings, comments and block scalars, and block
// levels by indentation), so nothing too deep ever reaches the composer.
import { Lexer } from 'yaml';

/** Deeper YAML is refused; real front matter and catalogs nest two or three levels. */
export const MAX_YAML_DEPTH = 100;
/** Front matter is a few hundred characters; longer is not read. */
export const MAX_FRONT_MATTER_LENGTH = 100_000;

export interface YamlLimitProblem {
  readonly message: string;
  /** Offsets in the checked text of the part to underline. */
  readonly start: number;
  readonly end: number;
}

/** A problem when `source` is longer than `maxLength`; `what` names it in the message ("front matter", "catalog"). */
export function tooLarge(source: string, maxLength: number, what: string): YamlLimitProblem | undefined {
  if (source.length <= maxLength) return undefined;
  const firstLineEnd = source.search(/\r?\n|$/);
  return { message: `${what} is too large (${source.length.toLocaleString('en')} characters; the limit is ${maxLength.toLocaleString('en')})`, start: 0, end: firstLineEnd };
}

/** A problem when `source` nests deeper than MAX_YAML_DEPTH: then it must not be given to `yaml`. */
export function tooDeep(source: string, what: string): YamlLimitProblem | undefined {
  const deep = tooDeepAt(source);
  if (deep === undefined) return undefined;
  return { message: `${what} is nested too deeply (more than ${MAX_YAML_DEPTH} levels)`, start: deep, end: Math.min(source.length, deep + 1) };
}

/** Tokens the lexer emits without consuming source text. */
const MARKERS = new Set(['\x02', '\x1f', '\x18']);
const FLOW_ERROR_END = '\x18';

/**
 * The offset where nesting first passes MAX_YAML_DEPTH. Block levels are the
 * indentation stack, plus one per `- ` or `? ` opening a compact node on its line;
 * flow levels are the open `[` and `{`.
 */
function tooDeepAt(source: string): number | undefined {
  /** Columns of the enclosing block nodes, innermost last. */
  const indents: number[] = [];
  let flow = 0;
  let offset = 0;
  let lineStart = 0;
  /** At a line's start, before its first token other than indentation. */
  let atLineStart = true;
  for (const token of new Lexer().lex(source)) {
    if (MARKERS.has(token)) {
      if (token === FLOW_ERROR_END) flow = 0;
      continue;
    }
    const at = offset;
    offset += token.length;
    if (token === '\n' || token === '\r\n' || token === '') {
      atLineStart = true;
      lineStart = offset;
      continue;
    }
    const first = token[0];
    if (first === ' ' || first === '\t') continue;
    if (flow === 0 && (atLineStart || ((token === '-' || token === '?') && indents.length > 0))) {
      if (first === '#') continue;
      const column = at - lineStart;
      while (indents.length > 0 && indents[indents.length - 1] >= column) indents.pop();
      indents.push(column);
    }
    atLineStart = false;
    if (token === '[' || token === '{') flow++;
    else if ((token === ']' || token === '}') && flow > 0) flow--;
    if (indents.length + flow > MAX_YAML_DEPTH) return at;
    // Block scalars and multi-line quoted or plain scalars come as one token.
    const newline = token.lastIndexOf('\n');
    if (newline !== -1) {
      lineStart = at + newline + 1;
      atLineStart = newline === token.length - 1;
    }
  }
  return undefined;
}
