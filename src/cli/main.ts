import { Command, CommanderError } from 'commander';
import { generator } from '../package-info.js';
import { isCatalogToolError, ProblemsFound } from '../errors.js';
import { oneLine, printable, processIo, withDebug, type CliIo } from './io.js';

type CommandFactory = (io: CliIo) => Command;

/**
 * Each command's module, imported only when it runs: `discover` never loads the YAML editor, `enable` never
 * loads the scanner. Help and unknown commands load them all (in this order, the order of `--help`).
 */
const COMMANDS: Record<string, () => Promise<CommandFactory[]>> = {
  discover: async () => [(await import('./discover-command.js')).discoverCommand],
  tags: async () => [(await import('./tags-command.js')).tagsCommand],
  enable: async () => [(await import('./edit-commands.js')).enableCommand],
  disable: async () => [(await import('./edit-commands.js')).disableCommand],
  check: async () => [(await import('./check-command.js')).checkCommand],
  list: async () => [(await import('./list-commands.js')).listCommand],
  show: async () => [(await import('./show-command.js')).showCommand],
  history: async () => [(await import('./history-command.js')).historyCommand],
  diff: async () => [(await import('./diff-command.js')).diffCommand],
};

/** The commands to define: the one named (root options take no values, so it is the first other word), else all. */
async function commandsFor(argv: readonly string[]): Promise<CommandFactory[]> {
  const named = argv.find((arg) => !arg.startsWith('-'));
  const one = named !== undefined && Object.hasOwn(COMMANDS, named) ? COMMANDS[named] : undefined;
  if (one) return one();
  return (await Promise.all(Object.values(COMMANDS).map((load) => load()))).flat();
}

function program(io: CliIo, commands: CommandFactory[]): Command {
  const root = new Command('flyte-plugin-catalog')
    .description('Know the plugin IDs FlytePropeller accepts, and check configs against them')
    .version(generator.version)
    .option('--debug', 'print the stack of an unexpected error (also DEBUG=1)')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text) => io.stderr.write(printable(text)),
    });
  for (const command of commands) root.addCommand(command(io));
  for (const command of root.commands) {
    command.exitOverride().configureOutput(root.configureOutput());
    command.option('--debug', 'print the stack of an unexpected error (also DEBUG=1)');
  }
  return root;
}

function wantsDebug(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return argv.includes('--debug') || (env.DEBUG !== undefined && env.DEBUG !== '' && env.DEBUG !== '0');
}

/** The exit code of an error, after printing it as one line (and, with --debug, the stack). */
function report(error: unknown, io: CliIo, debug: boolean): number {
  if (error instanceof ProblemsFound) return error.exitCode;
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (isCatalogToolError(error)) {
    io.stderr.write(`error: ${oneLine(error.message)}${error.hint ? ` (${oneLine(error.hint)})` : ''}\n`);
    if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const what = error instanceof Error ? error.message : String(error);
  io.stderr.write(`error: unexpected failure: ${oneLine(what)} (run again with --debug for the stack, and report it)\n`);
  if (debug) io.stderr.write(`${error instanceof Error ? error.stack : what}\n`);
  return 2;
}

/**
 * Standard output that fails after the answer was produced: a reader that closed the pipe (`| head`) ends the
 * program quietly; anything else (a full disk) is one line and exit 2.
 */
function guardStdout(io: CliIo): void {
  io.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      process.exit(process.exitCode ?? 0);
    }
    io.stderr.write(`error: cannot write to standard output (${error.code ?? error.message})\n`);
    process.exit(2);
  });
}

/**
 * Run the CLI. Sets process.exitCode (0 ok, 1 refused or problems found, 2 usage or runtime failure) and
 * returns it; never throws.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const debug = wantsDebug(argv, io.env);
  const real = io.stdout === process.stdout;
  if (real) guardStdout(io);
  let code = 0;
  try {
    await program(withDebug(io, debug), await commandsFor(argv)).parseAsync([...argv], { from: 'user' });
  } catch (error) {
    code = report(error, io, debug);
  }
  if (real) process.exitCode = code;
  return code;
}
