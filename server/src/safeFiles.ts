// Reading a file to rewrite it and writing it back, for `rca-lint --fix`: never
// through a symbolic link, never outside the root, never over a file that changed
// since it was read, and never leaving a file half written.
import * as nodeFs from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';

/** The calls made here, injectable so tests can make any of them fail. */
export type FileSystem = Pick<
  typeof nodeFs,
  'accessSync' | 'openSync' | 'closeSync' | 'readSync' | 'writeSync' | 'fsyncSync' | 'fstatSync' | 'lstatSync' | 'realpathSync' | 'renameSync' | 'unlinkSync' | 'fchmodSync' | 'fchownSync'
>;

/** A reason to leave a file alone on purpose (not a failure). */
export class SkippedFile extends Error {}

/** A folder, a named pipe or a device where a file was expected. */
export class NotRegularFile extends Error {}

/** A file over the size the caller reads. */
export class FileTooLarge extends Error {
  constructor(readonly size: number) {
    super(`${size} bytes is over the limit`);
  }
}

/** Whether `path` lies below `folder` (both absolute, in the same spelling). */
export function isPathUnder(path: string, folder: string): boolean {
  return path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** A regular file's bytes and what it was when read. */
export interface ReadFile {
  readonly path: string;
  readonly bytes: Buffer;
  readonly stat: nodeFs.Stats;
}

/**
 * Reads a regular file through one descriptor (the size checked is the file read),
 * without following a symbolic link and without blocking on a named pipe: throws
 * SkippedFile for a link, NotRegularFile for anything else, FileTooLarge past `maxBytes`.
 */
export function readRegularFile(path: string, fs: FileSystem = nodeFs, maxBytes = Infinity, check?: (fd: number) => void): ReadFile {
  const { fd, stat } = openRegularFile(path, fs, maxBytes, check);
  try {
    const bytes = Buffer.allocUnsafe(stat.size);
    let length = 0;
    for (let read = 1; read > 0 && length < bytes.length; length += read) read = fs.readSync(fd, bytes, length, bytes.length - length, length);
    return { path, bytes: bytes.subarray(0, length), stat };
  } finally {
    fs.closeSync(fd);
  }
}

/** Bytes read at once by readRegularFileLines. */
const LINES_CHUNK = 1 << 20;

/**
 * A regular file's text a line at a time, each with its line break (the last
 * without when the file has none), read as they are iterated: a file of a hundred
 * megabytes is never held whole, as bytes or as text. Opened and checked at once,
 * as readRegularFile does (and throws); closed once iterated to the end or left.
 */
export function readRegularFileLines(path: string, fs: FileSystem = nodeFs, maxBytes = Infinity): Iterable<string> {
  const { fd, stat } = openRegularFile(path, fs, maxBytes);
  return linesOf(fd, stat.size, fs);
}

/** The lines of the first `size` bytes of `fd`, which it closes. */
function* linesOf(fd: number, size: number, fs: FileSystem): Generator<string, void, undefined> {
  try {
    // A line break is never a byte of a longer UTF-8 character: lines are split as bytes, then each decoded on its own.
    let pending = Buffer.alloc(0);
    for (let left = size; left > 0; ) {
      const chunk = Buffer.allocUnsafe(Math.min(LINES_CHUNK, left));
      const read = fs.readSync(fd, chunk, 0, chunk.length, size - left);
      if (read === 0) break;
      left -= read;
      const bytes = pending.length === 0 ? chunk.subarray(0, read) : Buffer.concat([pending, chunk.subarray(0, read)]);
      let start = 0;
      for (let end = bytes.indexOf(10); end !== -1; end = bytes.indexOf(10, start)) {
        yield bytes.toString('utf8', start, end + 1);
        start = end + 1;
      }
      pending = Buffer.from(bytes.subarray(start));
    }
    if (pending.length > 0) yield pending.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** A regular file opened (see readRegularFile), `check` given its descriptor first (it throws to refuse it), its size checked. */
function openRegularFile(path: string, fs: FileSystem, maxBytes: number, check?: (fd: number) => void): { fd: number; stat: nodeFs.Stats } {
  const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = nodeFs.constants;
  let fd: number;
  try {
    fd = fs.openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new SkippedFile('it is a symbolic link');
    throw error;
  }
  try {
    check?.(fd);
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new NotRegularFile('it is not a regular file');
    if (stat.size > maxBytes) throw new FileTooLarge(stat.size);
    return { fd, stat };
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}

/** Reads a file `--fix` may rewrite: a regular file, not a symbolic link, whose real path is inside `root`. */
export function readForRewrite(path: string, root: string, fs: FileSystem = nodeFs): ReadFile {
  if (fs.lstatSync(path).isSymbolicLink()) throw new SkippedFile('it is a symbolic link');
  const realRoot = fs.realpathSync(root);
  const real = fs.realpathSync(path);
  if (!isPathUnder(real, realRoot)) throw new SkippedFile(`it is outside --root (${real})`);
  return readRegularFile(path, fs);
}

/**
 * Replaces a file read by readForRewrite with `bytes`: written to a temporary file
 * beside it with the original's mode and owner, flushed to disk, then renamed over
 * it, and only if the file is writable and still as it was read. On any error the original is
 * untouched and the temporary file is gone.
 */
export function replaceFile(file: ReadFile, bytes: Uint8Array, fs: FileSystem = nodeFs): void {
  // The rename would replace a read-only file as easily as any other: respect its mode.
  fs.accessSync(file.path, nodeFs.constants.W_OK);
  writeThroughTemporary(file.path, bytes, fs, (fd) => {
    fs.fchmodSync(fd, file.stat.mode & 0o7777);
    try {
      fs.fchownSync(fd, file.stat.uid, file.stat.gid);
    } catch (error) {
      // Only root may give a file away: others keep their own files as they were.
      if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
    }
  }, () => {
    if (!unchanged(file, fs)) throw new Error('it changed since it was read');
  });
}

/** Writes `bytes` to `path` (private to its owner), whole or not at all: a reader sees the old file or the new one, never part of it. */
export function writeFileAtomic(path: string, bytes: Uint8Array, fs: FileSystem = nodeFs): void {
  writeThroughTemporary(path, bytes, fs, () => {}, () => {});
}

/**
 * Writes the text `chunks` make to `path` as writeFileAtomic does, each chunk as it
 * comes: a text of a hundred megabytes is never held whole, as a string or as bytes.
 * A chunk that throws leaves `path` as it was.
 */
export async function writeFileAtomicFrom(path: string, chunks: AsyncIterable<string>, fs: FileSystem = nodeFs): Promise<void> {
  const temporary = openTemporary(path, fs);
  try {
    // Written in pieces of 64 KB or more, not a system call per chunk.
    let pending = '';
    for await (const chunk of chunks) {
      pending += chunk;
      if (pending.length < 65536) continue;
      writeAll(temporary.fd, Buffer.from(pending), fs);
      pending = '';
    }
    writeAll(temporary.fd, Buffer.from(pending), fs);
    commitTemporary(temporary, path, fs, () => {});
  } catch (error) {
    discardTemporary(temporary, fs);
    throw error;
  }
}

/**
 * Writes `bytes` to a temporary file beside `path`, lets `prepare` set its mode,
 * flushes it to disk, lets `check` object, then renames it over `path`. On any
 * error the temporary file is gone and `path` untouched.
 */
function writeThroughTemporary(path: string, bytes: Uint8Array, fs: FileSystem, prepare: (fd: number) => void, check: () => void): void {
  const temporary = openTemporary(path, fs);
  try {
    writeAll(temporary.fd, bytes, fs);
    prepare(temporary.fd);
    commitTemporary(temporary, path, fs, check);
  } catch (error) {
    discardTemporary(temporary, fs);
    throw error;
  }
}

interface Temporary {
  readonly temp: string;
  readonly fd: number;
  closed: boolean;
}

/** A new file beside `path`, private to its owner, open for writing. */
function openTemporary(path: string, fs: FileSystem): Temporary {
  const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = nodeFs.constants;
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`);
  return { temp, fd: fs.openSync(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600), closed: false };
}

function writeAll(fd: number, bytes: Uint8Array, fs: FileSystem): void {
  for (let written = 0; written < bytes.length; ) written += fs.writeSync(fd, bytes, written, bytes.length - written);
}

/** Flushes the temporary file to disk and closes it, lets `check` object, then renames it over `path`. */
function commitTemporary(temporary: Temporary, path: string, fs: FileSystem, check: () => void): void {
  fs.fsyncSync(temporary.fd);
  fs.closeSync(temporary.fd);
  temporary.closed = true;
  check();
  fs.renameSync(temporary.temp, path);
}

/** After an error: the temporary file closed and gone. */
function discardTemporary(temporary: Temporary, fs: FileSystem): void {
  if (!temporary.closed) fs.closeSync(temporary.fd);
  try {
    fs.unlinkSync(temporary.temp);
  } catch {
    // Already renamed or never written: nothing to clean.
  }
}

/** Still a regular file, the same one (device and inode), with the same size, modification time and bytes. */
function unchanged(file: ReadFile, fs: FileSystem): boolean {
  let now: ReadFile;
  try {
    now = readRegularFile(file.path, fs);
  } catch (error) {
    // Replaced by a folder, a link or a pipe: changed.
    if (error instanceof SkippedFile || error instanceof NotRegularFile) return false;
    throw error;
  }
  return (
    now.stat.dev === file.stat.dev && now.stat.ino === file.stat.ino && now.stat.size === file.stat.size && now.stat.mtimeMs === file.stat.mtimeMs && now.bytes.equals(file.bytes)
  );
}
