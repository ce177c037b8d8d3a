import { Command } from 'commander';
import { resolve } from 'node:path';
import { planDisableChange, planEnableChange, type Change, type ChangeRequest } from '../config/change.js';
import { chooseBlock, readConfigFile } from '../config/read.js';
import { ConfigError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { addCatalogOptions, catalogFor, collect, type CatalogFlags } from './catalog-options.js';
import { confirmChange } from './confirm.js';
import { write, type CliIo } from './io.js';

interface EditFlags extends CatalogFlags {
  config: string;
  defaultFor: string[];
  dryRun?: boolean;
  yes?: boolean;
  allowFlagged?: boolean;
  yamlPath?: string;
}

async function unifiedDiff(path: string, change: Change): Promise<string> {
  const { createTwoFilesPatch } = await import('diff');
  return createTwoFilesPatch(path, path, change.before, change.after, '', '', { context: 3 });
}

async function runEdit(io: CliIo, names: string[], flags: EditFlags, plan: (request: ChangeRequest) => Change, verb: string): Promise<void> {
  const path = resolve(io.cwd, flags.config);
  const catalog = await catalogFor(flags, io);
  const file = await readConfigFile(path);
  const block = chooseBlock(file, flags.yamlPath);
  const change = plan({ file, block, catalog, names, defaultFor: flags.defaultFor, allowFlagged: flags.allowFlagged, removeDefaults: flags.yes });
  if (change.after === change.before) {
    write(io.stdout, `No changes: ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} already ${verb} at ${block.label} in ${flags.config}`);
    return;
  }
  const diff = await unifiedDiff(flags.config, change);
  if (flags.dryRun) {
    if (change.confirm) write(io.stderr, `warning: ${change.confirm}`);
    write(io.stdout, diff);
    return;
  }
  if (change.confirm) await confirmChange(io, change.confirm, Boolean(flags.yes));
  try {
    await writeFileAtomic(path, change.after);
  } catch (error) {
    throw new ConfigError(`cannot write ${flags.config} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); it is unchanged`);
  }
  write(io.stderr, diff);
  write(io.stdout, `${flags.config}: ${change.summary.join('; ')} (${block.label}, checked against ${catalog.source.tag ?? catalog.source.commit})`);
}

function editCommand(io: CliIo, name: 'enable' | 'disable', description: string): Command {
  const command = new Command(name)
    .description(description)
    .argument('<names...>', 'plugin IDs')
    .requiredOption('-c, --config <file>', 'the propeller config, Helm values, kustomize fragment or rendered manifest to edit')
    .option('--dry-run', 'print the unified diff and write nothing')
    .option('-y, --yes', 'confirm a change that alters the meaning of the whole list (or removes defaults)')
    .option('--allow-flagged', 'accept example and test plugins')
    .option('--yaml-path <path>', 'the task-plugins block to edit, when a file has several');
  if (name === 'enable') command.option('--default-for <taskType>', 'also make the plugin the default for this task type (repeatable)', collect, []);
  else command.setOptionValue('defaultFor', []);
  return addCatalogOptions(command);
}

export function enableCommand(io: CliIo): Command {
  return editCommand(io, 'enable', 'check plugin names against the catalog and add them to enabled-plugins').action((names: string[], flags: EditFlags) =>
    runEdit(io, names, flags, planEnableChange, 'enabled'),
  );
}

export function disableCommand(io: CliIo): Command {
  return editCommand(io, 'disable', 'remove plugins from enabled-plugins, refusing what would stop propeller from starting').action((names: string[], flags: EditFlags) =>
    runEdit(io, names, flags, planDisableChange, 'absent from enabled-plugins'),
  );
}
