// Subcommands of a command-line program (`rca lint`, `rca report`, `rca site`): a table
// of names, one-line summaries and runners, with the help and errors every entry shares.
// A command with subcommands of its own runs `dispatch` over its own table.

export interface Command {
  /** The word after the program's name. */
  readonly name: string;
  /** One line for the program's help. */
  readonly summary: string;
  /** Runs with the arguments after the name (`--help` among them: print the command's usage); `program` is how messages name it (`rca lint`). Resolves to the exit status. */
  run(argv: string[], program: string): Promise<number>;
}

/** `program`'s usage: its commands and their summaries. */
export function commandsUsage(program: string, description: string, commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `Usage: ${program} <command> [options]`,
    '',
    description,
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    `Run ${program} <command> --help for a command's options.`,
  ].join('\n');
}

/**
 * Runs the command `argv` names with the arguments after it. `--help`, `-h` or no
 * command prints the usage (no command: on stderr, exit 2), `help <command>` the
 * command's; an unknown command is a one-line error with exit 2.
 */
export async function dispatch(program: string, description: string, commands: readonly Command[], argv: string[], version?: string): Promise<number> {
  const [name, ...rest] = argv;
  const usage = commandsUsage(program, description, commands);
  if (name === undefined) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  if (name === '--help' || name === '-h') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (version !== undefined && (name === '--version' || name === '-v')) {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (name === 'help' && rest.length > 0) return dispatch(program, description, commands, [rest[0], '--help']);
  if (name === 'help') return dispatch(program, description, commands, ['--help']);
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const known = commands.map((c) => c.name).join(', ');
    const what = name.startsWith('-') ? `unknown option ${name} (options go after the command)` : `unknown command "${name}"`;
    process.stderr.write(`${program}: ${what}; commands: ${known}\nRun ${program} --help for usage.\n`);
    return 2;
  }
  return command.run(rest, `${program} ${command.name}`);
}

/**
 * Sets the exit status when the command finishes: output still flushes. A reader that
 * stops reading (`rca report | head`) ends the program quietly, as the status it has
 * so far, rather than with an error about the closed pipe.
 */
export function exitWith(status: Promise<number>): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit();
  });
  status.then((code) => {
    process.exitCode = code;
  });
}
