// The `rca-lint` entry: `rca lint` under its own name, for CI set-ups that call it.
import { exitWith } from './commandTable';
import { lintCommand } from './lintCli';

exitWith(lintCommand(process.argv.slice(2), 'rca-lint'));
