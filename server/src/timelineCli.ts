// `rca timeline import`: a PagerDuty, Opsgenie, Slack or CSV/TSV export as rows of an RCA's
// Timeline, merged into the file (written once, whole, or not at all) or printed as a table.
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { dispatch, type Command } from './commandTable';
import { parseDocument } from './core/parse';
import { SECTIONS } from './core/schema';
import { applyEdits } from './core/text';
import { parseSource, SourceError, type SourceFile } from './core/timelineSources';
import { MILESTONE_LABELS } from './core/timeline';
import { IMPORT_FORMATS, isSlackExportFile, MAX_IMPORT_CHARS, type ImportFormat } from '../../shared/timelineImport';
import { decodeFile } from './core/workspace';
import { importTimeline, type TimelineImport } from './features/timelineImport';
import { commandLineOptions, readSettings, UsageError } from './lintCli';
import { FileTooLarge, readForRewrite, readRegularFile, replaceFile, SkippedFile } from './safeFiles';

function importUsage(program: string): string {
  return `Usage: ${program} FILE [options]

Reads an incident's events from FILE and writes them as rows of an RCA's Timeline: in the
table's zone (UTC when its header says so), in time order among the rows already there,
without the ones it has, each milestone classified as rca.milestones says.

FILE is a PagerDuty REST API v2 incident log_entries JSON, an Opsgenie alert or incident
logs JSON, a Slack channel export folder (or one day's file), a CSV or TSV file with a time
column and an event column, or - for standard input.

Options:
  --format pagerduty|opsgenie|slack|csv   what FILE is (default: found from its content)
  --into RCA.md        merge the rows into this RCA (without it, print them as a Timeline table)
  --since T, --until T only events in this window: 2025-07-30T20:00:00-04:00, 2025-07-30 20:00
                       (the table's zone) or 20:00 (on the RCA's date)
  --all                everything: Slack messages neither pinned nor reacted to, PagerDuty
                       notifications, Opsgenie recipients' logs
  --dry-run            print the rows that would be added; write nothing
  --config FILE        JSON file of rca.* settings (rca.milestones)
  -h, --help           show this help

Exit status: 0 done (or nothing new), 2 usage error or input that is not what it claims to be
(nothing is written then).`;
}

interface Options {
  file: string | undefined;
  format: ImportFormat | undefined;
  into: string | undefined;
  since: string | undefined;
  until: string | undefined;
  all: boolean;
  dryRun: boolean;
  config: string | undefined;
}

function parseArgs(argv: string[]): Options | 'help' {
  const options: Options = { file: undefined, format: undefined, into: undefined, since: undefined, until: undefined, all: false, dryRun: false, config: undefined };
  for (const { arg, name, value } of commandLineOptions(argv)) {
    switch (name) {
      case '-h':
      case '--help':
        return 'help';
      case '--format': {
        const format = value();
        if (!IMPORT_FORMATS.includes(format as ImportFormat)) throw new UsageError(`--format must be ${IMPORT_FORMATS.join(', ')}, not "${format}"`);
        options.format = format as ImportFormat;
        break;
      }
      case '--into':
        options.into = value();
        break;
      case '--since':
        options.since = value();
        break;
      case '--until':
        options.until = value();
        break;
      case '--config':
        options.config = value();
        break;
      case '--all':
        options.all = true;
        break;
      case '--dry-run':
        options.dryRun = true;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        if (options.file !== undefined) throw new UsageError(`one FILE at a time (${options.file}, then ${arg})`);
        options.file = arg;
    }
  }
  if (options.file === undefined) throw new UsageError('FILE is missing: the export to import');
  return options;
}

/** A file's text (UTF-8, at most MAX_IMPORT_CHARS bytes), named as the user wrote it; `-` is standard input. */
async function readText(path: string, name: string): Promise<SourceFile> {
  let bytes: Buffer;
  try {
    bytes = path === '-' ? await readStdin() : readRegularFile(path, undefined, MAX_IMPORT_CHARS).bytes;
  } catch (error) {
    if (error instanceof FileTooLarge) throw new SourceError(`${name}: ${Math.round(error.size / 1024 / 1024)} MB, more than the ${MAX_IMPORT_CHARS / 1024 / 1024} MB an import reads`);
    if (error instanceof SkippedFile) throw new SourceError(`${name}: not read: ${error.message}`);
    throw new SourceError(`${name}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const decoded = decodeFile(bytes);
  if (decoded.notUtf8) throw new SourceError(`${name}: not UTF-8 text: expected a JSON, CSV or TSV export`);
  return { name, text: decoded.text };
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_IMPORT_CHARS) throw new FileTooLarge(size);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** FILE's files: itself, or a Slack channel folder's day files with users.json from the folder or the export above it. */
async function sourceFiles(file: string): Promise<SourceFile[]> {
  if (file === '-' || !statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
    if (file !== '-' && !statSync(file, { throwIfNoEntry: false })) throw new UsageError(`no such file or folder: ${file}`);
    return [await readText(file, file)];
  }
  const names = readdirSync(file);
  const days = names.filter((n) => isSlackExportFile(n) && n !== 'users.json').sort();
  if (days.length === 0) {
    const channels = names.filter((n) => statSync(join(file, n)).isDirectory() && readdirSync(join(file, n)).some((d) => isSlackExportFile(d)));
    if (channels.length > 0) throw new SourceError(`${file}: a whole Slack export: expected one channel's folder (${channels.slice(0, 5).map((c) => join(file, c)).join(', ')}${channels.length > 5 ? ', …' : ''})`);
    throw new SourceError(`${file}: a folder without Slack day files: expected a Slack channel export folder (2025-07-30.json, …)`);
  }
  const users = [join(file, 'users.json'), join(dirname(file), 'users.json')].find((p) => statSync(p, { throwIfNoEntry: false })?.isFile());
  return Promise.all([...(users ? [users] : []), ...days.map((d) => join(file, d))].map((path) => readText(path, relative('.', path) || basename(path))));
}

/** The rows, their milestones, and a line saying what happened to them (`6 rows added to x.md`). */
function rowsText(result: TimelineImport, outcome: string): string {
  const lines = result.rows.map((r) => `+ ${r.time}  ${(r.milestone ? MILESTONE_LABELS[r.milestone] : '').padEnd(14)}  ${r.event}`);
  const skipped = [result.duplicates > 0 ? `${result.duplicates} already there` : '', result.outside > 0 ? `${result.outside} outside --since/--until` : ''].filter(Boolean);
  const count = `${result.rows.length} row${result.rows.length === 1 ? '' : 's'}`;
  return `${[...lines, `${count} ${outcome} (times in ${result.zone})${skipped.length ? `; ${skipped.join(', ')}` : ''}`].join('\n')}\n`;
}

async function importCommand(argv: string[], program: string): Promise<number> {
  try {
    const options = parseArgs(argv);
    if (options === 'help') {
      process.stdout.write(`${importUsage(program)}\n`);
      return 0;
    }
    const settings = readSettings(options.config, program);
    const files = await sourceFiles(options.file!);
    const events = parseSource(options.file!, files, options.format, { all: options.all });
    const importOptions = { since: options.since, until: options.until, localOffset: -new Date().getTimezoneOffset() };
    if (options.into === undefined) {
      // No RCA: the rows as the Timeline table a new RCA would have.
      const doc = parseDocument('untitled:timeline', 1, `## ${SECTIONS.timeline}\n`, settings);
      const result = importTimeline(doc, events, settings, importOptions);
      if ('error' in result) throw new UsageError(result.error);
      process.stdout.write(options.dryRun || !result.edit ? rowsText(result, 'to import') : `${applyEdits(doc.text, [result.edit]).split('\n').filter((line) => line.startsWith('|')).join('\n')}\n`);
      return 0;
    }
    let file;
    try {
      file = readForRewrite(options.into, dirname(options.into));
    } catch (error) {
      throw new UsageError(`--into ${options.into}: ${error instanceof SkippedFile ? error.message : `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`}`);
    }
    const decoded = decodeFile(file.bytes);
    if (decoded.notUtf8) throw new UsageError(`--into ${options.into}: not UTF-8 text, left as it is`);
    const doc = parseDocument('file:///rca.md', 1, decoded.text, settings);
    const result = importTimeline(doc, events, settings, importOptions);
    if ('error' in result) throw new UsageError(`--into ${options.into}: ${result.error}`);
    if (options.dryRun || !result.edit) {
      process.stdout.write(rowsText(result, `${options.dryRun ? 'would be added to' : 'added to'} ${options.into}`));
      return 0;
    }
    const text = applyEdits(decoded.text, [result.edit]);
    replaceFile(file, Buffer.from(decoded.bom ? `\uFEFF${text}` : text));
    process.stdout.write(rowsText(result, `added to ${options.into}`));
    return 0;
  } catch (error) {
    if (error instanceof SourceError) {
      process.stderr.write(`${program}: ${error.message}\nNothing was written.\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`${program}: ${error.message}\nRun ${program} --help for usage.\n`);
      return 2;
    }
    process.stderr.write(`${program}: internal error: ${(error as Error).stack ?? error}\n`);
    return 2;
  }
}

const TIMELINE_COMMANDS: readonly Command[] = [{ name: 'import', summary: "write a PagerDuty, Opsgenie, Slack or CSV export's events into an RCA's Timeline", run: importCommand }];

/** `rca timeline <command>`. */
export function timelineCommand(argv: string[], program: string): Promise<number> {
  return dispatch(program, "Work on an RCA's Timeline.", TIMELINE_COMMANDS, argv);
}
