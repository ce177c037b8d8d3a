import { Command, CommanderError } from 'commander';
import { generator } from '../catalog/build.js';
import { isCatalogToolError, ProblemsFound } from '../errors.js';
import { discoverCommand } from './discover-command.js';
import { tagsCommand } from './tags-command.js';
import { disableCommand, enableCommand } from './edit-commands.js';
import { checkCommand } from './check-command.js';
import { listCommand, showCommand } from './list-commands.js';
import { processIo, write, type CliIo } from './io.js';

function program(io: CliIo): Command {
  const root = new Command('flyte-plugin-catalog')
    .description('Know the plugin IDs FlytePropeller accepts, and check configs against them')
    .version(generator.version)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text) => io.stderr.write(text),
    });
  root.addCommand(discoverCommand(io));
  root.addCommand(tagsCommand(io));
  root.addCommand(enableCommand(io));
  root.addCommand(disableCommand(io));
  root.addCommand(checkCommand(io));
  root.addCommand(listCommand(io));
  root.addCommand(showCommand(io));
  for (const command of root.commands) command.exitOverride().configureOutput(root.configureOutput());
  return root;
}

/**
 * Run the CLI. Sets process.exitCode (0 ok, 1 problems found, 2 usage or runtime failure) and returns it;
 * never calls process.exit, so output always flushes.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let code = 0;
  try {
    await program(io).parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof ProblemsFound) {
      code = error.exitCode;
    } else if (error instanceof CommanderError) {
      code = error.exitCode === 0 ? 0 : 2;
    } else if (isCatalogToolError(error)) {
      write(io.stderr, `error: ${error.message}${error.hint ? ` (${error.hint})` : ''}`);
      code = error.exitCode;
    } else {
      throw error;
    }
  }
  if (io.stdout === process.stdout) process.exitCode = code;
  return code;
}
