// Minimal glob matching for `rca.files`: `**`, `*`, `?` and `{a,b}` over `/` paths.

const cache = new Map<string, RegExp>();

/** A glob that cannot be read, with why. */
export class GlobError extends Error {}

/** Throws GlobError for a malformed glob. */
export function globToRegExp(glob: string): RegExp {
  let cached = cache.get(glob);
  if (cached) return cached;
  let source = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') {
      // `**/` matches zero or more whole folders; a trailing `**` anything.
      if (glob[i + 2] === '/') {
        source += '(?:[^/]*/)*';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '{') {
      braces++;
      source += '(?:';
    } else if (ch === '}' && braces > 0) {
      braces--;
      source += ')';
    } else if (ch === ',' && braces > 0) source += '|';
    else source += ch.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  if (braces > 0) throw new GlobError(`"${glob}" has a "{" that is not closed`);
  cached = new RegExp(`^${source}$`, 'i');
  cache.set(glob, cached);
  return cached;
}

/** Whether a workspace-relative path (with `/`) matches any glob. */
export function matchesAnyGlob(relativePath: string, globs: readonly string[]): boolean {
  return globs.some((glob) => globToRegExp(glob).test(relativePath));
}
