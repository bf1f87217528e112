// One identity for a file, for the client, the server and the CLI alike. Editors
// and Node spell one file's URI in several ways (`%28` or `(`, `C:` or `c%3A`);
// every map is keyed by normalizeUri's spelling, which is VS Code's own
// (vscode-uri's canonical form), so what the editor sends needs no translation.
import { URI, Utils } from 'vscode-uri';

const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** The characters vscode-uri's canonical form writes as they are (it escapes any other), for a character class. */
const KEPT_AS_IS = '-.\\w~';

/** A file URI without a host whose path has only those characters (so no drive letter's colon): its own normal form. */
const PLAIN_FILE_URI = new RegExp(`^file:///(?!/)[${KEPT_AS_IS}/]*$`);

/**
 * The canonical spelling of `uri`: each character in one encoding, a Windows
 * drive letter in lower case. Text that is not a URI is returned as it is.
 */
export function normalizeUri(uri: string): string {
  // Asked of every file at a start: most are spelled as vscode-uri would, and need no parsing.
  if (PLAIN_FILE_URI.test(uri)) return uri;
  const parsed = parse(uri);
  return parsed ? parsed.toString() : uri;
}

/**
 * Whether `uri` names something strictly inside the folder `folderUri`: same
 * scheme and host, below the folder's path, with no `.` or `..` segment and no
 * NUL that could lead a reader elsewhere.
 */
export function isInside(uri: string, folderUri: string): boolean {
  return pathInside(uri, folderUri) !== undefined;
}

/** The decoded path of `uri` below `folderUri`, `/`-separated, or undefined when it is not inside (see isInside). */
export function pathInside(uri: string, folderUri: string): string | undefined {
  const folder = folderOf(folderUri);
  // A URI spelled from the folder's own text, with nothing to decode or question in the rest, needs no parsing.
  if (folder?.text !== undefined && uri.startsWith(folder.text)) {
    const inside = uri.slice(folder.text.length);
    if (inside !== '' && !/[%?#\\\0]|(?:^|\/)\.\.?(?:\/|$)/.test(inside)) return inside;
  }
  const target = parse(uri);
  if (!target || !folder || target.scheme !== folder.scheme || target.authority.toLowerCase() !== folder.authority) return undefined;
  const path = withDriveInLowerCase(target.path);
  if (!path.startsWith(folder.prefix) || path.includes('\0')) return undefined;
  const inside = path.slice(folder.prefix.length);
  return inside === '' || inside.split(/[/\\]/).some((segment) => segment === '.' || segment === '..') ? undefined : inside;
}

interface Folder {
  readonly scheme: string;
  readonly authority: string;
  /** The folder's path with a trailing `/`. */
  readonly prefix: string;
  /** The folder's URI with one trailing `/`, when it has no query or fragment: what its files' URIs start with when spelled from it. */
  readonly text: string | undefined;
}

/** Parsed folders: callers ask about the same few workspace folders for every file. */
const folders = new Map<string, Folder | undefined>();

function folderOf(uri: string): Folder | undefined {
  let folder = folders.get(uri);
  if (folder === undefined && !folders.has(uri)) {
    const parsed = parse(uri);
    folder = parsed && { scheme: parsed.scheme, authority: parsed.authority.toLowerCase(), prefix: `${withDriveInLowerCase(parsed.path).replace(/\/$/, '')}/`, text: /[?#\0]/.test(uri) || parsed.path.includes('\0') ? undefined : `${uri.replace(/\/$/, '')}/` };
    if (folders.size >= 64) folders.clear();
    folders.set(uri, folder);
  }
  return folder;
}

/** The decoded path of `uri` (`/a/b c.md`), or the text itself when it is not a URI. */
export function uriPath(uri: string): string {
  return parse(uri)?.path ?? uri;
}

/** A name every character of which a URI keeps as it is. */
const PLAIN_NAME = new RegExp(`^[${KEPT_AS_IS}]+$`);
const PROBE = 'x';

/**
 * The URIs of the entries `names` of the folder `folderUri`, as vscode-uri's joinPath spells
 * them. The folder is parsed once: a plain name is its URI's text with the name after it, so
 * that listing a folder of 26,000 files does not hold up the editor's thread.
 */
export function childUris(folderUri: string, names: readonly string[]): string[] {
  const folder = URI.parse(folderUri);
  const probe = Utils.joinPath(folder, PROBE).toString();
  // Nothing follows the name (no query or fragment): what precedes it is the same for every plain name.
  const prefix = probe.endsWith(`/${PROBE}`) ? probe.slice(0, -PROBE.length) : undefined;
  return names.map((name) => (prefix !== undefined && PLAIN_NAME.test(name) && name !== '.' && name !== '..' ? prefix + name : Utils.joinPath(folder, name).toString()));
}

/** The `/`-separated path from the folder of `from` to `to` (`../runbooks/a.md`), decoded. */
export function relativeUriPath(from: string, to: string): string {
  const source = uriPath(from).split('/').slice(0, -1);
  const target = uriPath(to).split('/');
  let common = 0;
  while (common < source.length && common < target.length - 1 && source[common] === target[common]) common++;
  return [...source.slice(common).map(() => '..'), ...target.slice(common)].join('/');
}

/**
 * The last text parsed and its URI: callers ask several questions of one file's URI
 * in a row (is it Markdown, inside a folder, its name, its path), and a start from
 * the stored index asks them of 100,000 files. A URI is never changed once parsed.
 */
let lastParsed: { readonly text: string; readonly uri: URI | undefined } = { text: '', uri: undefined };

function parse(uri: string): URI | undefined {
  if (lastParsed.text !== uri) lastParsed = { text: uri, uri: parseOnce(uri) };
  return lastParsed.uri;
}

function parseOnce(uri: string): URI | undefined {
  if (!HAS_SCHEME.test(uri)) return undefined;
  try {
    return URI.parse(uri);
  } catch {
    // Malformed (a path starting with `//` and no host): no file has this name.
    return undefined;
  }
}

function withDriveInLowerCase(path: string): string {
  return /^\/[A-Za-z]:/.test(path) ? `/${path[1].toLowerCase()}${path.slice(2)}` : path;
}

/**
 * Whether `url` is an http(s) URL with a host: the only kind of link to the web that a
 * document's text may become (never `javascript:`, `command:`, `data:` or `file:`).
 */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\x00-\x20\x7f/?#\\]+(?:[/?#][^\x00-\x20\x7f]*)?$/i.test(url);
}
