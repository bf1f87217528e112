// URI string helpers. The core sees documents only by URI; the Node side turns
// paths into `file:` URIs, tests use any scheme.

export function uriBasename(uri: string): string {
  const path = withoutQueryOrFragment(uri);
  return safeDecode(path.slice(path.lastIndexOf('/') + 1));
}

/** `Foo.md` or `Foo.markdown` → `Foo`. */
export function withoutMarkdownExtension(name: string): string {
  return name.replace(/\.(md|markdown)$/i, '');
}

/** `Foo.md` → `foo`: the case-insensitive key a wiki-link resolves by. */
export function linkKey(name: string): string {
  return withoutMarkdownExtension(name).toLowerCase();
}

export function isMarkdownUri(uri: string): boolean {
  return /\.(md|markdown)$/i.test(withoutQueryOrFragment(uri));
}

function withoutQueryOrFragment(uri: string): string {
  const cut = uri.search(/[?#]/);
  return cut === -1 ? uri : uri.slice(0, cut);
}

/** Path of `uri` relative to the first root containing it, with `/` separators, decoded. */
export function relativePath(uri: string, roots: readonly string[]): string {
  for (const root of roots) {
    const prefix = root.endsWith('/') ? root : `${root}/`;
    if (uri.startsWith(prefix)) return safeDecode(uri.slice(prefix.length));
  }
  return uriBasename(uri);
}

/** Whether `uri` is `root` or under it. */
export function isUnder(uri: string, root: string): boolean {
  return uri === root || uri.startsWith(root.endsWith('/') ? root : `${root}/`);
}

export function joinUri(root: string, relative: string): string {
  const encoded = relative.split('/').map(encodeURIComponent).join('/');
  return `${root.replace(/\/$/, '')}/${encoded}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
