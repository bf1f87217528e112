// URI helpers of the core. The core sees files only by URI, always in
// normalizeUri's spelling (shared/uri.ts); the Node side builds them from
// paths, tests use any scheme.
import { URI, Utils } from 'vscode-uri';
import { pathInside, uriPath } from '../../../shared/uri';
import { isMarkdownPath } from '../../../shared/workspaceFiles';

export { isInside, normalizeUri, pathInside, relativeUriPath } from '../../../shared/uri';
export { isMarkdownPath } from '../../../shared/workspaceFiles';

/** The file name of `uri`, decoded. */
export function uriBasename(uri: string): string {
  const path = uriPath(uri);
  return path.slice(path.lastIndexOf('/') + 1);
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
  return isMarkdownPath(uriPath(uri));
}

/** Path of `uri` relative to the first root containing it, with `/` separators, decoded; else its file name. */
export function relativePath(uri: string, roots: readonly string[]): string {
  for (const root of roots) {
    const path = pathInside(uri, root);
    if (path !== undefined) return path;
  }
  return uriBasename(uri);
}

/** `relative` (`/`-separated, decoded, `..` resolved) below `root`, normalized. */
export function joinUri(root: string, relative: string): string {
  return Utils.joinPath(URI.parse(root), relative).toString();
}

/** The file `name` in the folder of `uri`, normalized. */
export function siblingUri(uri: string, name: string): string {
  return Utils.joinPath(Utils.dirname(URI.parse(uri)), name).toString();
}

/**
 * The file an ordinary link's decoded `path` names from the file `from`: relative to
 * its folder, or from `root` (its workspace folder) with a leading `/`; `from`
 * itself for '' (a `#fragment` alone). Undefined for a folder (`dir/`) or a `/path` without a root.
 */
export function linkedUri(from: string, path: string, root: string | undefined): string | undefined {
  if (path === '') return from;
  if (path.endsWith('/')) return undefined;
  if (path.startsWith('/')) return root === undefined ? undefined : joinUri(root, path);
  return siblingUri(from, path);
}

/** Whether a path's last segment has an extension. */
export function hasExtension(path: string): boolean {
  return /\.[^./]*$/.test(path.slice(path.lastIndexOf('/') + 1));
}

/** Device names Windows reserves in every folder, whatever the extension. */
const RESERVED_NAME = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

/**
 * Why `name` cannot name a file on every system the workspace may be checked
 * out on (one path segment, as the user typed it), or undefined when it can.
 */
export function fileNameProblem(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return 'a file name cannot be empty, "." or ".."';
  if (/[\u0000-\u001f]/.test(name)) return 'a file name cannot contain control characters (NUL, line breaks, tabs)';
  // Half of a UTF-16 pair alone is no character: no file system stores it, and a URI cannot encode it.
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(name)) return 'a file name cannot contain half of a surrogate pair (text that is not Unicode)';
  if (/[\\/:*?"<>|]/.test(name)) return 'a file name cannot contain \\ / : * ? " < > |';
  if (/[. ]$/.test(name)) return 'a file name cannot end with a dot or a space (Windows drops them)';
  if (RESERVED_NAME.test(name)) return `${name.split('.')[0]} is a device name on Windows`;
  return undefined;
}
