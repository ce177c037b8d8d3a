import { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { bundledIndex } from '../cache/bundled.js';
import { planDisableChange, planEnableChange, type Change, type ChangeRequest } from '../config/change.js';
import type { ConfigFile, PluginsBlock } from '../config/locate.js';
import { chooseBlock, readConfigFile } from '../config/read.js';
import { fatalsAddedElsewhere } from '../config/start-guard.js';
import type { Catalog } from '../catalog/schema.js';
import { ChangeRefusedError, ConfigError, RefusedError } from '../errors.js';
import { withFileLock } from '../util/file-lock.js';
import { describeFsError } from '../util/fs-errors.js';
import { FileChangedError, refuseUnsafeTarget, resolveTarget, writeFileSafely, type WriteTarget } from '../util/safe-write.js';
import { addCatalogOptions, catalogFor, collect, type CatalogFlags } from './catalog-options.js';
import { confirmChange } from './confirm.js';
import { unifiedDiff } from './unified-diff.js';
import { write, type CliIo } from './io.js';

interface EditFlags extends CatalogFlags {
  config: string;
  defaultFor: string[];
  dryRun?: boolean;
  yes?: boolean;
  allowFlagged?: boolean;
  allowReadOnly?: boolean;
  yamlPath?: string;
}

const READ_ONLY_FLAG = '--allow-read-only';
/** Writes redone on the new text when the file changed under an edit (another writer that takes no lock). */
const MAX_ATTEMPTS = 5;

interface Planned {
  block: PluginsBlock;
  change: Change;
  /** The bytes the change was planned on. */
  bytes: Buffer;
}

type Planner = (file: ConfigFile, block: PluginsBlock) => Change;

function planFile(file: ConfigFile, yamlPath: string | undefined, planner: Planner): Planned {
  const block = chooseBlock(file, yamlPath);
  // readConfigFile decodes strictly and keeps a BOM, so the text encodes back to exactly the bytes read.
  return { block, change: planner(file, block), bytes: Buffer.from(file.text, 'utf8') };
}

/** The file an edit replaces (links resolved); what is no regular file to replace is refused before anything else. */
async function editTarget(path: string, label: string): Promise<WriteTarget> {
  const stats = await stat(path).catch((error: NodeJS.ErrnoException) => error);
  if (stats instanceof Error) {
    throw new ConfigError(stats.code === 'ENOENT' ? `no such config file: ${path}` : `cannot read ${label} (${describeFsError(stats)})`);
  }
  if (stats.isDirectory()) throw new ConfigError(`${label} is a folder, not a config file`, { hint: 'name the YAML file to edit' });
  if (!stats.isFile()) {
    throw new RefusedError(`${label} is not a regular file (a device, FIFO or socket): an edit replaces a file`, {
      hint: 'edit a copy of the config, then put it where it belongs',
    });
  }
  return resolveTarget(path, label);
}

/**
 * Write the planned change holding the file's lock; when the file changed since it was read (a writer that
 * takes no lock, or a run that wrote between our read and our lock), plan again on the new text, a bounded
 * number of times. Never writes over text it did not plan on.
 */
async function writeEdit(
  target: WriteTarget,
  label: string,
  first: Planned,
  replan: () => Promise<Planned>,
  flags: EditFlags,
): Promise<Planned> {
  return withFileLock(target.real, label, async (lock) => {
    let current = first;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const options = {
          label,
          expected: current.bytes,
          allowReadOnly: flags.allowReadOnly,
          readOnlyFlag: READ_ONLY_FLAG,
          beforeRename: lock.assertHeld,
        };
        await writeFileSafely(target.real, current.change.after, options);
        return current;
      } catch (error) {
        if (!(error instanceof FileChangedError) || attempt >= MAX_ATTEMPTS) throw error;
      }
      const next = await replan();
      if (next.change.after === next.change.before) return next;
      if (next.change.confirm && next.change.confirm !== first.change.confirm && !flags.yes) {
        throw new ChangeRefusedError(
          `${label} changed while this edit waited, and the edit now needs confirming: ${next.change.confirm}; nothing written`,
          {
            hint: 'run the command again',
          },
        );
      }
      current = next;
    }
  });
}

/** An edit that would stop propeller through another block of the file is refused, as one in its own block is. */
function refuseFatalElsewhere(first: ConfigFile, planned: Planned, catalog: Catalog, label: string): void {
  const [fatal] = fatalsAddedElsewhere(first, planned.change.after, catalog);
  if (!fatal) return;
  const at = fatal.location ? `${label}:${fatal.location.line}:${fatal.location.column}: ` : '';
  throw new ChangeRefusedError(
    `this edit of ${planned.block.label} would stop propeller from starting: ${at}${fatal.message}; nothing written`,
    {
      hint: 'change that line first (--yaml-path names its block), then run this again',
    },
  );
}

async function runEdit(
  io: CliIo,
  names: string[],
  flags: EditFlags,
  plan: (request: ChangeRequest) => Change,
  verb: string,
): Promise<void> {
  const path = resolve(io.cwd, flags.config);
  const target = flags.dryRun ? undefined : await editTarget(path, flags.config);
  const first = await readConfigFile(path);
  const catalog = await catalogFor(flags, io, [{ path, text: first.text, mapAt: first.mapAt }]);
  const planner: Planner = (file, block) =>
    plan({
      file,
      block,
      catalog,
      index: bundledIndex(),
      names,
      defaultFor: flags.defaultFor,
      allowFlagged: flags.allowFlagged,
      removeDefaults: flags.yes,
    });
  const checkedPlan = (file: ConfigFile): Planned => {
    const planned = planFile(file, flags.yamlPath, planner);
    refuseFatalElsewhere(file, planned, catalog, flags.config);
    return planned;
  };
  const replan = async (): Promise<Planned> => checkedPlan(await readConfigFile(path));
  let planned = checkedPlan(first);
  if (planned.change.after !== planned.change.before && !flags.dryRun && target) {
    refuseUnsafeTarget(target, flags.config, { allowReadOnly: flags.allowReadOnly, readOnlyFlag: READ_ONLY_FLAG });
    if (planned.change.confirm) await confirmChange(io, planned.change.confirm, Boolean(flags.yes));
    planned = await writeEdit(target, flags.config, planned, replan, flags);
  }
  const { block, change } = planned;
  if (change.after === change.before) {
    write(
      io.stdout,
      `No changes: ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} already ${verb} at ${block.label} in ${flags.config}`,
    );
    return;
  }
  const diff = await unifiedDiff(flags.config, change);
  if (flags.dryRun) {
    if (change.confirm) write(io.stderr, `warning: ${change.confirm}`);
    write(io.stdout, diff);
    return;
  }
  write(io.stderr, diff);
  write(
    io.stdout,
    `${flags.config}: ${change.summary.join('; ')} (${block.label}, checked against ${catalog.source.tag ?? catalog.source.commit})`,
  );
}

function editCommand(name: 'enable' | 'disable', description: string): Command {
  const command = new Command(name)
    .description(description)
    .argument('<names...>', 'plugin IDs')
    .requiredOption('-c, --config <file>', 'the propeller config, Helm values, kustomize fragment or rendered manifest to edit')
    .option('--dry-run', 'print the unified diff and write nothing')
    .option('-y, --yes', 'confirm a change that alters the meaning of the whole list (or removes defaults)')
    .option('--allow-flagged', 'accept example and test plugins')
    .option(`${READ_ONLY_FLAG}`, 'write the config even if its mode has no write bit for you (the mode is kept)')
    .option('--yaml-path <path>', 'the task-plugins block to edit, when a file has several');
  if (name === 'enable')
    command.option('--default-for <taskType>', 'also make the plugin the default for this task type (repeatable)', collect, []);
  else command.setOptionValue('defaultFor', []);
  return addCatalogOptions(command);
}

export function enableCommand(io: CliIo): Command {
  return editCommand('enable', 'check plugin names against the catalog and add them to enabled-plugins').action(
    (names: string[], flags: EditFlags) => runEdit(io, names, flags, planEnableChange, 'enabled'),
  );
}

export function disableCommand(io: CliIo): Command {
  return editCommand('disable', 'remove plugins from enabled-plugins, refusing what would stop propeller from starting').action(
    (names: string[], flags: EditFlags) => runEdit(io, names, flags, planDisableChange, 'absent from enabled-plugins'),
  );
}
