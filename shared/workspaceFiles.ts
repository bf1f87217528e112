// Which files make up a workspace and how their bytes read as text: one answer
// for every host that lists and reads them (the Node server and the CLI walk the
// disk; the VS Code client lists and reads for the server in a web worker).

/** Folders never indexed: version control, dependencies. Hidden folders are skipped too, but for `.rca`. */
const SKIPPED_FOLDERS = ['node_modules', '.git', '.hg', '.svn'];

/** Whether the files under a folder of this name are left out of the workspace. */
export function isSkippedFolder(name: string): boolean {
  return SKIPPED_FOLDERS.includes(name) || (name.startsWith('.') && name !== '.rca');
}

/** Whether a file name or path is a Markdown file's. */
export function isMarkdownPath(path: string): boolean {
  return /\.(md|markdown)$/i.test(path);
}

/** What a file search (VS Code's findFiles) asks for: every Markdown file, and the skipped folders it need not enter. */
export const MARKDOWN_GLOB = '**/*.{md,markdown}';
export const SKIPPED_FOLDERS_GLOB = `**/{${SKIPPED_FOLDERS.join(',')}}/**`;

/** What tells a file unchanged since it was read, without reading it. */
export interface FileStamp {
  readonly size: number;
  /** Modification time, in milliseconds (fractional where the file system has finer times). */
  readonly mtime: number;
}

/** A file's content as the rules read it. */
export interface FileText {
  /** Without a leading byte order mark; for a file that is not UTF-8, decoded lossily (U+FFFD). */
  readonly text: string;
  /** The bytes are not valid UTF-8: the text is for analysis only, never to be written back. */
  readonly notUtf8: boolean;
  /** The file starts with a UTF-8 byte order mark (stripped from `text`, kept on write). */
  readonly bom: boolean;
  /** The file's stamp, taken before its bytes were read (a host that can stat files gives it). */
  readonly stamp?: FileStamp;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const LOSSY_UTF8 = new TextDecoder('utf-8');

/** Decodes a file's bytes: strictly, falling back to a lossy reading flagged `notUtf8`. */
export function decodeFile(bytes: Uint8Array, stamp?: FileStamp): FileText {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  // Both decoders drop a leading byte order mark.
  try {
    return { text: STRICT_UTF8.decode(bytes), notUtf8: false, bom, stamp };
  } catch {
    return { text: LOSSY_UTF8.decode(bytes), notUtf8: true, bom, stamp };
  }
}
