// `rca-lint` and `rca lint`/`rca report`: the language server's rules and the dashboard's
// report over files, for CI.
import { once } from 'node:events';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { RULE_CODES, RULE_DEFAULTS, ruleDocsUrl, type RcaDiagnostic } from './core/diagnostics';
import { GlobError, compileGlob, type Glob } from './core/glob';
import { buildReport } from './features/report';
import { reportMarkdown } from '../../shared/reportMarkdown';
import { isExportFormat, reportExportPieces, type ExportFormat } from '../../shared/reportExport';
import { RcaService } from './core/service';
import { RULE_SETS } from './rules';
import { resolveSettings } from './core/settings';
import { decodeFile } from './core/workspace';
import { todayIso } from '../../shared/calendarDay';
import { fixFiles } from './lintFix';
import { NodeWorkspace, pathToUri, uriToPath } from './nodeWorkspace';
import { isPathUnder, readRegularFile } from './safeFiles';
import type { ReportFilter } from '../../shared/protocol';

const FILTER_USAGE = `  --from DATE, --to DATE     RCAs dated in this range (YYYY-MM-DD or YYYY-MM, inclusive)
  --service NAME, --severity NAME, --team NAME`;

const COMMON_USAGE = `  --root DIR                 workspace root for links and .rca/catalog.yaml (default: current folder)
  --config FILE              JSON file of rca.* settings (e.g. {"rules": {"section-missing": "off"}})`;

function lintUsage(program: string): string {
  return `Usage: ${program} [options] [paths or globs...]

Checks RCA Markdown files with the rules of the RCA language server.
Paths default to the current folder.

Options:
  --format text|json|sarif   output format (default: text)
  --max-warnings N           fail when there are more than N warnings (default: 0)
${COMMON_USAGE}
  --fix                      apply the preferred fix of each problem, write the files, report what is left
  --cache                    keep what was found in each file, and check again only the files that
                             changed (the links of every file are checked each time); a change of
                             settings, catalog or rca-lint version checks every file again
  --cache-location PATH      the cache file, or a folder to keep it in (default: .rcalintcache)
  --cache-strategy metadata|content
                             how a file is known unchanged: its size and modification time
                             (default), or its text
  --report json|csv          instead of checking, print the workspace report of the dashboard
                             (json: everything; csv: one row per RCA), narrowed by:
${FILTER_USAGE}
  -h, --help                 show this help
  -v, --version              show the version

Exit status: 0 no problems, 1 problems, 2 usage error or a file that could not be read or fixed.`;
}

function reportUsage(program: string): string {
  return `Usage: ${program} [options] [paths or globs...]

Prints the dashboard's report of the RCAs under the paths (default: the current folder).

Options:
  --format markdown|json|csv markdown: a summary for a pull request or a CI job summary (default);
                             json: everything; csv: one row per RCA
${COMMON_USAGE}
${FILTER_USAGE}
  -h, --help                 show this help

Exit status: 0 the report was printed, 2 usage error.`;
}

export class UsageError extends Error {}

/**
 * The command line a word at a time, as every `rca` command reads it: `--name=value` is split at
 * its `=`, and `value()` takes the inline value or the next word (not an option) or throws.
 */
export function* commandLineOptions(argv: readonly string[]): Generator<{ arg: string; name: string; value: () => string }> {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = equals < 0 ? arg : arg.slice(0, equals);
    const inline = equals < 0 ? undefined : arg.slice(equals + 1);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${name} needs a value`);
      return v;
    };
    yield { arg, name, value };
  }
}

/** The cache file's name, as ESLint's is `.eslintcache`. */
const CACHE_FILE = '.rcalintcache';

/** The cache file --cache-location names: the path, or the default name (`name`) in a folder it names. */
export function cacheFile(location: string, name = CACHE_FILE): string {
  const path = resolve(location);
  return existsSync(path) && statSync(path).isDirectory() ? join(path, name) : path;
}

type ReportFormat = ExportFormat | 'markdown';

interface Options {
  format: 'text' | 'json' | 'sarif';
  maxWarnings: number;
  root: string;
  config: string | undefined;
  fix: boolean;
  cache: boolean;
  cacheLocation: string;
  cacheStrategy: 'metadata' | 'content';
  report: ReportFormat | undefined;
  filter: { -readonly [K in keyof ReportFilter]: ReportFilter[K] };
  paths: string[];
}

/** `lint` reads rca-lint's options; `report` the report's alone, with its format as `--format`. */
function parseArgs(argv: string[], command: 'lint' | 'report'): Options | 'help' | 'version' {
  const options: Options = { format: 'text', maxWarnings: 0, root: process.cwd(), config: undefined, fix: false, cache: false, cacheLocation: CACHE_FILE, cacheStrategy: 'metadata', report: command === 'report' ? 'markdown' : undefined, filter: {}, paths: [] };
  const lintOnly = (name: string) => {
    if (command !== 'lint') throw new UsageError(`unknown option ${name}`);
  };
  for (const { arg, name, value } of commandLineOptions(argv)) {
    switch (name) {
      case '-h':
      case '--help':
        return 'help';
      case '-v':
      case '--version':
        lintOnly(name);
        return 'version';
      case '--format': {
        const format = value();
        if (command === 'report') {
          if (format !== 'markdown' && !isExportFormat(format)) throw new UsageError(`--format must be markdown, json or csv, not "${format}"`);
          options.report = format;
          break;
        }
        if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
        options.format = format;
        break;
      }
      case '--max-warnings': {
        lintOnly(name);
        const raw = value();
        const n = Number(raw);
        if (!Number.isInteger(n) || n < -1) throw new UsageError(`--max-warnings needs a whole number, not "${raw}"`);
        options.maxWarnings = n;
        break;
      }
      case '--root':
        options.root = resolve(value());
        break;
      case '--config':
        options.config = resolve(value());
        break;
      case '--fix':
        lintOnly(name);
        options.fix = true;
        break;
      case '--cache':
        lintOnly(name);
        options.cache = true;
        break;
      case '--cache-location':
        lintOnly(name);
        options.cacheLocation = value();
        break;
      case '--cache-strategy': {
        lintOnly(name);
        const strategy = value();
        if (strategy !== 'metadata' && strategy !== 'content') throw new UsageError(`--cache-strategy must be metadata or content, not "${strategy}"`);
        options.cacheStrategy = strategy;
        break;
      }
      case '--report': {
        lintOnly(name);
        const report = value();
        if (!isExportFormat(report)) throw new UsageError(`--report must be json or csv, not "${report}"`);
        options.report = report;
        break;
      }
      case '--from':
      case '--to': {
        const date = value();
        if (!/^\d{4}-\d{2}(?:-\d{2})?$/.test(date)) throw new UsageError(`${name} needs a date as YYYY-MM-DD or YYYY-MM, not "${date}"`);
        options.filter[name === '--from' ? 'from' : 'to'] = date;
        break;
      }
      case '--service':
      case '--severity':
      case '--team':
        options.filter[name.slice(2) as 'service' | 'severity' | 'team'] = value();
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        options.paths.push(arg);
    }
  }
  return options;
}

export function readSettings(config: string | undefined, program: string) {
  if (!config) return resolveSettings(undefined);
  let text: string;
  try {
    text = readFileSync(config, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --config ${config}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--config ${config} is not valid JSON: ${(error as Error).message}`);
  }
  return resolveSettings(raw, (problem) => process.stderr.write(`${program}: --config ${config}: ${problem}\n`));
}

/** Which of the workspace's files the arguments select: files, folders, or globs. */
function selector(paths: string[], root: string): (path: string) => boolean {
  if (paths.length === 0) paths = ['.'];
  const tests = paths.map((arg): ((path: string) => boolean) => {
    const absolute = resolve(arg);
    if (existsSync(absolute)) {
      if (statSync(absolute).isDirectory()) return (path) => path === absolute || isPathUnder(path, absolute);
      return (path) => path === absolute;
    }
    if (!/[*?{]/.test(arg)) throw new UsageError(`no such file or folder: ${arg}`);
    const glob = relative(root, resolve(arg)).split(sep).join('/');
    let compiled: Glob;
    try {
      compiled = compileGlob(glob);
    } catch (error) {
      if (error instanceof GlobError) throw new UsageError(error.message);
      throw error;
    }
    return (path) => compiled.test(relative(root, path).split(sep).join('/'));
  });
  return (path) => tests.some((test) => test(path));
}

interface FileResult {
  /** As shown: relative to the current folder. */
  path: string;
  absolute: string;
  diagnostics: RcaDiagnostic[];
}

/**
 * The service over `root` with `config`'s settings; `editorLookups` keeps what backlinks need (see IndexOptions);
 * `cache`, the file its state is kept in between runs (rca-lint's cache; with `persistIndex`, the index alone, as the language server keeps it).
 */
export function workspaceService(root: string, config: string | undefined, program: string, editorLookups: boolean, cache?: string, persistIndex = false): RcaService {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`--root ${root} is not a folder`);
  const settings = readSettings(config, program);
  const workspace = new NodeWorkspace([pathToUri(root).replace(/\/$/, '')], (message) => process.stderr.write(`${program}: ${message}\n`), cache === undefined ? undefined : () => cache);
  return new RcaService(workspace, RULE_SETS, settings, { editorLookups }, persistIndex ? { engine: RCA_ENGINE } : undefined);
}

/** The service over the root, with none of the lookups editor features keep: rca-lint only resolves links. */
function leanService(options: Options, program: string) {
  const cache = options.cache ? cacheFile(options.cacheLocation) : undefined;
  return { service: workspaceService(options.root, options.config, program, false, cache) };
}

/** The dashboard's report over the selected files, as text in pieces (see reportExport.ts). */
async function report(options: Options, format: ReportFormat, program: string): Promise<Iterable<string>> {
  const { service } = leanService(options, program);
  const selected = selector(options.paths, options.root);
  await service.indexWorkspace();
  const entries = [...service.index.all()].filter((e) => {
    const path = uriToPath(e.uri);
    return path !== undefined && selected(path);
  });
  const built = buildReport(entries, options.filter, todayIso(), Infinity, service.settings.actionItemSlo, service.settings.tracker);
  return format === 'markdown' ? [reportMarkdown(built)] : reportExportPieces(built, format);
}

interface LintRun {
  readonly results: FileResult[];
  /** Files that could not be read or fixed, each already reported on stderr. */
  readonly failed: number;
}

async function lint(options: Options, program: string): Promise<LintRun> {
  const { service } = leanService(options, program);
  const selected = selector(options.paths, options.root);
  // --fix needs every file's fixes: cached findings have none.
  const cache = options.cache && !options.fix ? { engine: RCA_ENGINE, strategy: options.cacheStrategy } : undefined;
  const select = (uri: string) => {
    const path = uriToPath(uri);
    return path !== undefined && selected(path);
  };
  // Files named outside the root (or that the walk does not list) are still linted, against the root's index.
  const named = options.paths.map((arg) => ({ arg, absolute: resolve(arg) })).filter(({ absolute }) => existsSync(absolute) && !statSync(absolute).isDirectory());
  let results = await service.lintWorkspace(select, undefined, cache);
  const unlisted = named.filter(({ absolute }) => !results.has(pathToUri(absolute)) && !service.isCatalogUri(pathToUri(absolute)));
  // Answered from the cache's findings alone, without the index those files are checked against.
  if (unlisted.length > 0 && !service.isIndexed) results = await service.lintWorkspace(select, undefined, { ...cache!, reportedOnly: false });
  // The catalog is a file of the workspace like the others: checked when selected.
  for (const catalog of service.catalogFiles()) {
    const catalogPath = uriToPath(catalog.uri);
    if (catalogPath !== undefined && selected(catalogPath)) results.set(catalog.uri, await service.diagnoseCatalog(catalog.uri, catalog.text));
  }
  const say = (line: string) => process.stderr.write(`${program}: ${line}\n`);
  let failed = 0;
  for (const { arg, absolute } of unlisted) {
    const uri = pathToUri(absolute);
    try {
      const file = decodeFile(readRegularFile(absolute).bytes);
      results.set(uri, service.diagnoseText(uri, file.text, file.notUtf8));
    } catch (error) {
      say(`${arg}: not checked: ${(error as Error).message}`);
      failed++;
    }
  }
  if (options.fix) {
    const outcome = fixFiles(service, results, options.root, say, (path) => relative(process.cwd(), path));
    const notFixed = [outcome.skipped && `${outcome.skipped} skipped`, outcome.failed && `${outcome.failed} failed`].filter(Boolean);
    say(`fixed ${outcome.fixed} file${outcome.fixed === 1 ? '' : 's'}${notFixed.length > 0 ? ` (${notFixed.join(', ')})` : ''}`);
    failed += outcome.failed;
  }
  return {
    results: [...results]
      .map(([uri, diagnostics]) => {
        const absolute = uriToPath(uri)!;
        return { path: relative(process.cwd(), absolute), absolute, diagnostics: diagnostics.sort(byPosition) };
      })
      .sort((a, b) => a.path.localeCompare(b.path)),
    failed,
  };
}

function byPosition(a: RcaDiagnostic, b: RcaDiagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function formatText(results: FileResult[]): string {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, info: 0 };
  for (const { path, diagnostics } of results) {
    for (const d of diagnostics) {
      counts[d.severity]++;
      lines.push(`${path}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`);
    }
  }
  const total = counts.error + counts.warning + counts.info;
  lines.push(total === 0 ? `${results.length} files checked, no problems` : `${results.length} files checked: ${total} problems (${counts.error} errors, ${counts.warning} warnings, ${counts.info} infos)`);
  return lines.join('\n') + '\n';
}

function formatJson(results: FileResult[]): string {
  const rows = results.flatMap(({ path, diagnostics }) =>
    diagnostics.map((d) => ({
      file: path,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      code: d.code,
      severity: d.severity,
      message: d.message,
    })),
  );
  return JSON.stringify(rows, null, 2) + '\n';
}

const SRCROOT = '%SRCROOT%';

/** Path segments as a URI reference, each percent-encoded: spaces, brackets, `%`, `#` and non-ASCII are not URI characters. */
function uriReference(segments: readonly string[]): string {
  return segments.map(encodeURIComponent).join('/');
}

/** Where SARIF viewers find a file: relative to the root (`%SRCROOT%`), or a `file:` URI when outside it. */
function artifactLocation(absolute: string, root: string): { uri: string; uriBaseId?: string } {
  const inRoot = relative(root, absolute);
  if (inRoot.startsWith(`..${sep}`) || isAbsolute(inRoot)) return { uri: `file://${uriReference(absolute.split(sep))}` };
  return { uri: uriReference(inRoot.split(sep)), uriBaseId: SRCROOT };
}

function formatSarif(results: FileResult[], version: string, root: string): string {
  const level = { error: 'error', warning: 'warning', info: 'note' } as const;
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'rca-lint',
            version,
            informationUri: ruleDocsUrl('frontmatter-missing').split('#')[0],
            rules: RULE_CODES.map((code) => ({ id: code, helpUri: ruleDocsUrl(code), defaultConfiguration: { level: level[RULE_DEFAULTS[code]] } })),
          },
        },
        // The root as a folder URI: with its trailing slash, references relative to it resolve inside it.
        originalUriBaseIds: { [SRCROOT]: { uri: `file://${uriReference((root.endsWith(sep) ? root : root + sep).split(sep))}` } },
        // Columns count UTF-16 code units, as LSP and JavaScript strings do.
        columnKind: 'utf16CodeUnits',
        results: results.flatMap(({ absolute, diagnostics }) =>
          diagnostics.map((d) => ({
            ruleId: d.code,
            level: level[d.severity],
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: artifactLocation(absolute, root),
                  region: { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** rca-lint (`rca lint`, `program` naming it in messages): checks files, or prints the report with --report. Returns the exit status. */
export function lintCommand(argv: string[], program: string): Promise<number> {
  return run(argv, program, 'lint');
}

/** `rca report`: the dashboard's report, as Markdown, JSON or CSV. */
export function reportCommand(argv: string[], program: string): Promise<number> {
  return run(argv, program, 'report');
}

async function run(argv: string[], program: string, command: 'lint' | 'report'): Promise<number> {
  let options;
  try {
    options = parseArgs(argv, command);
    if (options === 'help') {
      process.stdout.write((command === 'lint' ? lintUsage(program) : reportUsage(program)) + '\n');
      return 0;
    }
    if (options === 'version') {
      process.stdout.write(`${RCA_VERSION}\n`);
      return 0;
    }
    if (options.report) {
      // A piece at a time, each once stdout has taken the one before.
      for (const piece of await report(options, options.report, program)) if (!process.stdout.write(piece)) await once(process.stdout, 'drain');
      return 0;
    }
    if (Object.keys(options.filter).length > 0) throw new UsageError('--from, --to, --service, --severity and --team go with --report');
    const { results, failed } = await lint(options, program);
    const output = options.format === 'json' ? formatJson(results) : options.format === 'sarif' ? formatSarif(results, RCA_VERSION, options.root) : formatText(results);
    process.stdout.write(output);
    const all = results.flatMap((r) => r.diagnostics);
    const errors = all.filter((d) => d.severity === 'error').length;
    const warnings = all.filter((d) => d.severity === 'warning').length;
    if (failed > 0) return 2;
    return errors > 0 || (options.maxWarnings >= 0 && warnings > options.maxWarnings) ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${program}: ${error.message}\nRun ${program} --help for usage.\n`);
      return 2;
    }
    process.stderr.write(`${program}: internal error: ${(error as Error).stack ?? error}\n`);
    return 2;
  }
}
