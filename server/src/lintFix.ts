// `rca-lint --fix`: rewrites each file with problems that have preferred fixes,
// one file at a time, so that a file that cannot be fixed stops only itself.
import * as nodeFs from 'node:fs';
import type { RcaDiagnostic } from './core/diagnostics';
import { fixAllText } from './core/fixAll';
import type { RcaService } from './core/service';
import { decodeFile } from './core/workspace';
import { uriToPath } from './nodeWorkspace';
import { readForRewrite, replaceFile, SkippedFile, type FileSystem } from './safeFiles';

export interface FixOutcome {
  readonly fixed: number;
  /** Left alone on purpose: symbolic links, files outside the root, files that are not UTF-8. */
  readonly skipped: number;
  /** Could not be fixed: unreadable, unwritable, gone, or changed while rca-lint ran. */
  readonly failed: number;
}

/**
 * Applies the preferred fixes (see fixAllText) of each file in `results`, writes the
 * changed files and puts their new diagnostics in `results`. Each file that is not
 * fixed gets one line through `say`, naming it by `display`.
 */
export function fixFiles(
  service: RcaService,
  results: Map<string, RcaDiagnostic[]>,
  root: string,
  say: (line: string) => void,
  display: (path: string) => string,
  fs: FileSystem = nodeFs,
): FixOutcome {
  let fixed = 0;
  let skipped = 0;
  let failed = 0;
  for (const [uri, diagnostics] of results) {
    if (!diagnostics.some((d) => d.fixes?.some((f) => f.preferred))) continue;
    const path = uriToPath(uri)!;
    try {
      const file = readForRewrite(path, root, fs);
      const { text, notUtf8, bom } = decodeFile(file.bytes);
      if (notUtf8) throw new SkippedFile('it is not valid UTF-8');
      const fixedText = fixAllText(text, (t) => service.diagnoseText(uri, t));
      if (fixedText === text) continue;
      replaceFile(file, Buffer.from(bom ? `\uFEFF${fixedText}` : fixedText), fs);
      results.set(uri, service.diagnoseText(uri, fixedText));
      fixed++;
    } catch (error) {
      if (error instanceof SkippedFile) skipped++;
      else failed++;
      say(`${display(path)}: not fixed: ${(error as Error).message}`);
    }
  }
  return { fixed, skipped, failed };
}
