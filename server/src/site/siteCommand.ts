// `rca site --root DIR --out OUT [--title NAME] [--config FILE] [--cache]`: the static site.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { todayIso } from '../../../shared/calendarDay';
import { cacheFile, commandLineOptions, UsageError, workspaceService } from '../lintCli';
import { buildSite, SiteError } from './siteBuild';

function usage(program: string): string {
  return `Usage: ${program} --out OUT [--root DIR] [--title NAME] [--config FILE] [--cache]

Writes the workspace as a static site to OUT: an index with the dashboard's figures and
charts, a page per year, severity and service, and a page per RCA, runbook and note, linked
to each other with relative links (it works from file:// and any static host). A second run
renders only the pages whose inputs changed, rewrites only the files that changed and removes
the pages of files that are gone.

Options:
  --out OUT        the site's folder: new, empty, or written by rca site before
  --root DIR       the workspace (default: current folder)
  --title NAME     the site's title (default: Incident reports)
  --config FILE    JSON file of rca.* settings
  --cache          keep the workspace's index between runs and read again only the files that
                   changed in size or time (and check the others' text), as rca lint --cache does
  --cache-location PATH
                   the cache file, or a folder to keep it in (default: .rcasitecache)
  -h, --help       show this help

Exit status: 0 written, 2 usage error.`;
}

/** rca site's cache file (rca lint's holds its findings besides the index: each keeps its own). */
const SITE_CACHE_FILE = '.rcasitecache';

export async function siteCommand(argv: string[], program: string): Promise<number> {
  try {
    let root = process.cwd();
    let out: string | undefined;
    let title = 'Incident reports';
    let config: string | undefined;
    let cache = false;
    let cacheLocation = SITE_CACHE_FILE;
    for (const { arg, name, value } of commandLineOptions(argv)) {
      switch (name) {
        case '-h':
        case '--help':
          process.stdout.write(`${usage(program)}\n`);
          return 0;
        case '--root':
          root = resolve(value());
          break;
        case '--out':
          out = resolve(value());
          break;
        case '--title':
          title = value().trim();
          if (title === '') throw new UsageError('--title needs a name');
          break;
        case '--config':
          config = resolve(value());
          break;
        case '--cache':
          cache = true;
          break;
        case '--cache-location':
          cacheLocation = value();
          break;
        default:
          throw new UsageError(arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument ${arg} (the workspace is --root)`);
      }
    }
    if (out === undefined) throw new UsageError('--out is required');
    const started = performance.now();
    const service = workspaceService(root, config, program, true, cache ? cacheFile(cacheLocation, SITE_CACHE_FILE) : undefined, true);
    // The pages are this bundle's: a page built by another version is built again.
    const builder = createHash('sha1').update(readFileSync(__filename)).digest('hex');
    const result = await buildSite(service, { root, out, title, today: todayIso(), dashboardCss: readFileSync(join(__dirname, 'media', 'dashboard.css'), 'utf8'), builder });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(`${result.files} files in ${out}: ${result.written} written, ${result.unchanged} unchanged, ${result.removed} removed; ${result.rendered} of ${result.pages} pages rendered, ${result.parsed} of ${result.documents} files parsed (${seconds} s)\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof SiteError) {
      process.stderr.write(`${program}: ${error.message}\nRun ${program} --help for usage.\n`);
      return 2;
    }
    process.stderr.write(`${program}: internal error: ${(error as Error).stack ?? error}\n`);
    return 2;
  }
}
