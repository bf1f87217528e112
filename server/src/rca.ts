// The `rca` entry: one program for RCAs outside the editor. A command is a row of
// COMMANDS (its runner in its own module); `rca-lint` stays as `rca lint`'s own entry.
import { dispatch, exitWith, type Command } from './commandTable';
import { lintCommand, reportCommand } from './lintCli';
import { timelineCommand } from './timelineCli';
import { siteCommand } from './site/siteCommand';

const COMMANDS: readonly Command[] = [
  { name: 'lint', summary: 'check RCA Markdown files and the catalog (rca-lint)', run: lintCommand },
  { name: 'report', summary: "print the dashboard's report as Markdown, JSON or CSV", run: reportCommand },
  { name: 'timeline', summary: 'import a PagerDuty, Opsgenie, Slack or CSV/TSV export into an RCA\'s Timeline', run: timelineCommand },
  { name: 'site', summary: 'write the workspace as a static site of linked pages', run: siteCommand },
];

exitWith(dispatch('rca', 'RCA Author on the command line: check RCAs, report on them, import their timelines, publish them.', COMMANDS, process.argv.slice(2), RCA_VERSION));
