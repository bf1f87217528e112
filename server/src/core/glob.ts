// Glob matching for `rca.files` and rca-lint's arguments: `**`, `*`, `?` and `{a,b}`
// over `/` paths, case-insensitive; every other character is literal. A glob is
// matched by following all the places it can be at once along the path, so the
// time is the path's length times the glob's, never more: a regular expression
// for `**/rca/**/*.md` backtracks quadratically on a path of many `rca/` folders.

/** A glob that cannot be read, with why. */
export class GlobError extends Error {}

/** A read glob: whether a workspace-relative path (with `/`) matches it. */
export interface Glob {
  test(path: string): boolean;
}

/** What a glob is made of, in order. */
type Part =
  | { readonly kind: 'char'; readonly char: string }
  /** `?`: one character but `/`. */
  | { readonly kind: 'one' }
  /** `*`: any characters but `/`. */
  | { readonly kind: 'name' }
  /** `**` followed by `/`: zero or more whole folders. */
  | { readonly kind: 'folders' }
  /** `**` elsewhere: any characters, `/` too. */
  | { readonly kind: 'anything' }
  /** `{a,b}`: one of the alternatives. */
  | { readonly kind: 'either'; readonly alternatives: readonly Part[][] };

/**
 * A place in a glob: it reads one character (one `char`, any but `/`, or any) and
 * moves on to `next`, or moves to each of `to` without reading; `match` is the end.
 */
type State =
  | { readonly kind: 'char'; readonly char: string; readonly next: number }
  | { readonly kind: 'notSlash' | 'any'; readonly next: number }
  | { readonly kind: 'split'; readonly to: number[] }
  | { readonly kind: 'match' };

const MATCH = 0;

const cache = new Map<string, Glob>();

/** Throws GlobError for a malformed glob. */
export function compileGlob(glob: string): Glob {
  let compiled = cache.get(glob);
  if (compiled) return compiled;
  const states: State[] = [{ kind: 'match' }];
  const start = compileParts(parse(glob), MATCH, states);
  compiled = { test: (path) => matches(states, start, path) };
  cache.set(glob, compiled);
  return compiled;
}

/** Whether a workspace-relative path (with `/`) matches any glob. */
export function matchesAnyGlob(relativePath: string, globs: readonly string[]): boolean {
  return globs.some((glob) => compileGlob(glob).test(relativePath));
}

function parse(glob: string): Part[] {
  let i = 0;
  // Inside braces a sequence ends at `,` or `}`; outside them both are literal.
  const sequence = (inBraces: boolean): Part[] => {
    const parts: Part[] = [];
    while (i < glob.length) {
      const ch = glob[i];
      if (inBraces && (ch === ',' || ch === '}')) break;
      i++;
      if (ch === '*' && glob[i] === '*') {
        i++;
        if (glob[i] === '/') {
          i++;
          parts.push({ kind: 'folders' });
        } else parts.push({ kind: 'anything' });
      } else if (ch === '*') parts.push({ kind: 'name' });
      else if (ch === '?') parts.push({ kind: 'one' });
      else if (ch === '{') {
        const alternatives = [sequence(true)];
        while (glob[i] === ',') {
          i++;
          alternatives.push(sequence(true));
        }
        if (glob[i] !== '}') throw new GlobError(`"${glob}" has a "{" that is not closed`);
        i++;
        parts.push({ kind: 'either', alternatives });
      } else parts.push({ kind: 'char', char: foldCase(ch) });
    }
    return parts;
  };
  return sequence(false);
}

/** Adds the states of `parts`, last first, each leading to the next; returns where they start. */
function compileParts(parts: readonly Part[], next: number, states: State[]): number {
  for (let k = parts.length - 1; k >= 0; k--) next = compilePart(parts[k], next, states);
  return next;
}

function compilePart(part: Part, next: number, states: State[]): number {
  const add = (state: State) => states.push(state) - 1;
  /** A loop that reads characters of one kind, or leaves for `exit`. */
  const repeat = (kind: 'notSlash' | 'any', exit: number) => {
    const to = [exit];
    const loop = add({ kind: 'split', to });
    to.push(add({ kind, next: loop }));
    return loop;
  };
  switch (part.kind) {
    case 'char':
      return add({ kind: 'char', char: part.char, next });
    case 'one':
      return add({ kind: 'notSlash', next });
    case 'name':
      return repeat('notSlash', next);
    case 'anything':
      return repeat('any', next);
    case 'folders': {
      // Zero or more times: a name, then `/`, then back here.
      const to = [next];
      const folder = add({ kind: 'split', to });
      to.push(repeat('notSlash', add({ kind: 'char', char: '/', next: folder })));
      return folder;
    }
    case 'either':
      return add({ kind: 'split', to: part.alternatives.map((alternative) => compileParts(alternative, next, states)) });
  }
}

function matches(states: readonly State[], start: number, path: string): boolean {
  // `seen[s] === round` when state s is already among the places of this round.
  const seen = new Uint32Array(states.length);
  let round = 1;
  let places: number[] = [];
  const reach = (from: number, into: number[]) => {
    const pending = [from];
    while (pending.length > 0) {
      const s = pending.pop()!;
      if (seen[s] === round) continue;
      seen[s] = round;
      const state = states[s];
      if (state.kind === 'split') pending.push(...state.to);
      else into.push(s);
    }
  };
  reach(start, places);
  for (let i = 0; i < path.length && places.length > 0; i++) {
    const ch = path[i];
    const folded = foldCase(ch);
    const nextPlaces: number[] = [];
    round++;
    for (const s of places) {
      const state = states[s];
      if (state.kind === 'match' || state.kind === 'split') continue;
      if (state.kind === 'char' ? state.char === folded : state.kind === 'any' || ch !== '/') reach(state.next, nextPlaces);
    }
    places = nextPlaces;
  }
  return places.includes(MATCH);
}

/**
 * One UTF-16 unit as paths compare it: its upper case, unless that is longer
 * (`ß`) or turns a non-ASCII letter into an ASCII one (`ſ`).
 */
function foldCase(ch: string): string {
  const upper = ch.toUpperCase();
  return upper.length === 1 && !(ch.charCodeAt(0) >= 128 && upper.charCodeAt(0) < 128) ? upper : ch;
}
