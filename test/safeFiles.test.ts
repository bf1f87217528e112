// Rewriting files for `rca-lint --fix`, on real files: all or nothing, never through
// a link, never outside the root, never over a file changed since it was read; and
// the fix stage going on past a file it cannot fix.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RcaService } from '../server/src/core/service';
import { RULE_SETS } from '../server/src/rules';
import { fixFiles } from '../server/src/lintFix';
import { NodeWorkspace, pathToUri } from '../server/src/nodeWorkspace';
import { FileTooLarge, readForRewrite, readRegularFileLines, replaceFile, SkippedFile, writeFileAtomic, writeFileAtomicFrom, type FileSystem } from '../server/src/safeFiles';
import { seedText } from './support';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rca-safe-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function fresh(name: string, text: string): string {
  const folder = mkdtempSync(join(dir, `${name}-`));
  const path = join(folder, `${name}.md`);
  writeFileSync(path, text);
  return path;
}

const ORIGINAL = 'original text\n'.repeat(400);
const REPLACEMENT = Buffer.from('new text\n'.repeat(900));

describe('replaceFile', () => {
  test('writes the new bytes, keeps the mode, leaves nothing beside the file', () => {
    const path = fresh('plain', ORIGINAL);
    chmodSync(path, 0o640);
    replaceFile(readForRewrite(path, dir), REPLACEMENT);
    assert.deepEqual(readFileSync(path), REPLACEMENT);
    assert.equal(statSync(path).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(join(path, '..')), ['plain.md']);
  });

  test('a disk that fills up midway leaves the original whole and no temporary file', () => {
    const path = fresh('full', ORIGINAL);
    let calls = 0;
    const full: FileSystem = {
      ...fs,
      // The first write goes through in part; the second finds the disk full.
      writeSync: ((fd: number, buffer: Uint8Array, offset: number) => {
        if (calls++ === 0) return fs.writeSync(fd, buffer, offset, 4096);
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }) as FileSystem['writeSync'],
    };
    assert.throws(() => replaceFile(readForRewrite(path, dir), REPLACEMENT, full), /ENOSPC/);
    assert.equal(calls, 2);
    assert.equal(readFileSync(path, 'utf8'), ORIGINAL);
    assert.deepEqual(readdirSync(join(path, '..')), ['full.md']);
  });

  test('a failing rename (a read-only folder) leaves the original whole and no temporary file', () => {
    const path = fresh('readonly', ORIGINAL);
    const readOnly: FileSystem = {
      ...fs,
      renameSync: () => {
        throw Object.assign(new Error('EROFS: read-only file system, rename'), { code: 'EROFS' });
      },
    };
    assert.throws(() => replaceFile(readForRewrite(path, dir), REPLACEMENT, readOnly), /EROFS/);
    assert.equal(readFileSync(path, 'utf8'), ORIGINAL);
    assert.deepEqual(readdirSync(join(path, '..')), ['readonly.md']);
  });

  test('a read-only file is not replaced', () => {
    const path = fresh('locked', ORIGINAL);
    chmodSync(path, 0o444);
    // Root may write anything: answer as the kernel answers everyone else.
    const asUser: FileSystem = process.getuid?.() === 0 ? { ...fs, accessSync: () => { throw Object.assign(new Error(`EACCES: permission denied, access '${path}'`), { code: 'EACCES' }); } } : fs;
    assert.throws(() => replaceFile(readForRewrite(path, dir), REPLACEMENT, asUser), /EACCES/);
    assert.equal(readFileSync(path, 'utf8'), ORIGINAL);
    assert.deepEqual(readdirSync(join(path, '..')), ['locked.md']);
  });

  test('a file edited between the read and the write is left as edited', () => {
    const path = fresh('edited', ORIGINAL);
    const read = readForRewrite(path, dir);
    writeFileSync(path, 'the user saved this meanwhile\n');
    assert.throws(() => replaceFile(read, REPLACEMENT), /changed since it was read/);
    assert.equal(readFileSync(path, 'utf8'), 'the user saved this meanwhile\n');
    assert.deepEqual(readdirSync(join(path, '..')), ['edited.md']);
  });

  test('a file replaced by a folder between the read and the write is left alone', () => {
    const path = fresh('folder', ORIGINAL);
    const read = readForRewrite(path, dir);
    rmSync(path);
    mkdirSync(path);
    assert.throws(() => replaceFile(read, REPLACEMENT), /changed since it was read/);
    assert.ok(statSync(path).isDirectory());
  });
});

describe('writeFileAtomic', () => {
  test('writes a new file, or replaces one, readable by its owner only, with nothing left beside it', () => {
    const folder = mkdtempSync(join(dir, 'state-'));
    const path = join(folder, 'index.json');
    writeFileAtomic(path, Buffer.from('first'));
    writeFileAtomic(path, REPLACEMENT);
    assert.deepEqual(readFileSync(path), REPLACEMENT);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(folder), ['index.json']);
  });

  test('a disk that fills up midway leaves the previous file whole and no temporary file', () => {
    const path = fresh('state', ORIGINAL);
    const full: FileSystem = {
      ...fs,
      writeSync: () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
    };
    assert.throws(() => writeFileAtomic(path, REPLACEMENT, full), /ENOSPC/);
    assert.equal(readFileSync(path, 'utf8'), ORIGINAL);
    assert.deepEqual(readdirSync(join(path, '..')), ['state.md']);
  });
});

describe('writeFileAtomicFrom', () => {
  async function* pieces(count: number, fail = false): AsyncGenerator<string> {
    for (let i = 0; i < count; i++) {
      if (fail && i === count - 1) throw new Error('the index changed');
      yield `line ${i} ${'é'.repeat(i % 7)}\n`;
    }
  }
  const expected = Array.from({ length: 20_000 }, (_, i) => `line ${i} ${'é'.repeat(i % 7)}\n`).join('');

  test('writes the text its pieces make (more than its 64 KB writes, with characters of two bytes), readable by its owner only', async () => {
    const path = fresh('state', ORIGINAL);
    await writeFileAtomicFrom(path, pieces(20_000));
    assert.equal(readFileSync(path, 'utf8'), expected);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(join(path, '..')), ['state.md']);
  });

  test('a piece that throws leaves the previous file whole and no temporary file', async () => {
    const path = fresh('state', ORIGINAL);
    await assert.rejects(writeFileAtomicFrom(path, pieces(20_000, true)), /the index changed/);
    assert.equal(readFileSync(path, 'utf8'), ORIGINAL);
    assert.deepEqual(readdirSync(join(path, '..')), ['state.md']);
  });
});

describe('readRegularFileLines', () => {
  test('gives the text a line at a time with its line breaks, characters of several bytes whole across its 1 MB reads, the last line without one', () => {
    // Lines of 1, 2, 3 and 4 bytes a character, over 2 MB: some line and some character span each read's end.
    const text = `${Array.from({ length: 40_000 }, (_, i) => `${i} ${['a', 'é', '€', '𝄞'][i % 4].repeat(i % 50)}\n`).join('')}last`;
    assert.ok(Buffer.byteLength(text) > 2 * 2 ** 20);
    const lines = [...readRegularFileLines(fresh('lines', text))];
    assert.equal(lines.join(''), text);
    assert.equal(lines.length, 40_001);
    assert.ok(lines.slice(0, -1).every((line) => line.indexOf('\n') === line.length - 1));
  });

  test('checks the file when called, as readRegularFile does', () => {
    assert.throws(() => readRegularFileLines(fresh('large', ORIGINAL), undefined, 100), FileTooLarge);
    const link = join(dir, 'lines-link.md');
    symlinkSync(fresh('linked', ORIGINAL), link);
    assert.throws(() => readRegularFileLines(link), SkippedFile);
  });
});

describe('readForRewrite', () => {
  test('refuses a symbolic link, naming why', () => {
    const target = fresh('target', ORIGINAL);
    const link = join(dir, 'link.md');
    symlinkSync(target, link);
    assert.throws(() => readForRewrite(link, dir), (e) => e instanceof SkippedFile && /symbolic link/.test(e.message));
  });

  test('refuses a file whose real path is outside the root (through a linked folder)', () => {
    const outside = mkdtempSync(join(tmpdir(), 'rca-outside-'));
    try {
      writeFileSync(join(outside, 'deploy.md'), ORIGINAL);
      const root = mkdtempSync(join(dir, 'root-'));
      symlinkSync(outside, join(root, 'linked'));
      assert.throws(() => readForRewrite(join(root, 'linked', 'deploy.md'), root), (e) => e instanceof SkippedFile && /outside --root/.test(e.message));
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('the fix stage', () => {
  test('files deleted or replaced by a folder after checking are reported one line each; the others are still fixed', async () => {
    const root = mkdtempSync(join(dir, 'run-'));
    mkdirSync(join(root, 'rca'));
    const broken = seedText().replace('duration_minutes: 72', 'duration_minutes: 80');
    for (const name of ['a', 'b', 'c']) writeFileSync(join(root, 'rca', `${name}.md`), broken);
    const service = new RcaService(new NodeWorkspace([pathToUri(root)]), RULE_SETS);
    const results = await service.lintWorkspace(() => true);
    assert.equal(results.size, 3);
    rmSync(join(root, 'rca', 'a.md'));
    mkdirSync(join(root, 'rca', 'a.md'));
    rmSync(join(root, 'rca', 'c.md'));
    const lines: string[] = [];
    const outcome = fixFiles(service, results, root, (line) => lines.push(line), (path) => path.slice(root.length + 1));
    assert.deepEqual(outcome, { fixed: 1, skipped: 0, failed: 2 });
    assert.deepEqual(lines.sort(), ['rca/a.md: not fixed: it is not a regular file', "rca/c.md: not fixed: ENOENT: no such file or directory, lstat '" + join(root, 'rca', 'c.md') + "'"]);
    assert.match(readFileSync(join(root, 'rca', 'b.md'), 'utf8'), /duration_minutes: 72/);
  });
});
