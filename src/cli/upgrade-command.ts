import { resolve } from 'node:path';
import { bundledIndex } from '../cache/bundled.js';
import type { Catalog } from '../catalog/schema.js';
import type { CheckOptions } from '../config/check-run.js';
import { checkRun } from '../config/check-run.js';
import type { ConfigInput } from '../config/layered.js';
import type { CheckRun, ConfigUpgrade, EditStep, Upgrade } from '../config/report-schema.js';
import { type UpgradePlan, upgradeInput } from '../config/upgrade-run.js';
import { upgradeContext } from '../config/upgrade.js';
import { ProblemsFound, UsageError } from '../errors.js';
import { type ConfigText, namedOrInferred, upgradeChoice } from '../load-catalog.js';
import { type CatalogFlags, catalogsFor } from './catalog-options.js';
import { renderGithub } from './check-formats/github.js';
import { renderJunit } from './check-formats/junit.js';
import { renderSarif } from './check-formats/sarif.js';
import { unifiedDiff } from './unified-diff.js';
import { type CliIo, write } from './io.js';
import { writeData } from './output.js';
import { renderUpgrade } from './upgrade-render.js';

export interface UpgradeFlags extends CatalogFlags {
  upgradeTo: string;
  output: 'table' | 'json' | 'yaml' | 'sarif' | 'junit' | 'github';
}

/** An argument as a POSIX shell reads it back: bare when it is safe, else in single quotes. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** One step as the command a person runs (`enable NEW -c FILE --tag V --default-for T`). */
function commandOf(step: EditStep, file: string, versionArgs: readonly string[], yamlPath: string | undefined): string {
  const words = ['flyte-plugin-catalog', step.command, ...step.ids, '-c', file, ...versionArgs];
  for (const taskType of step.defaultFor) words.push('--default-for', taskType);
  if (yamlPath) words.push('--yaml-path', yamlPath);
  if (step.removeDefaults) words.push('--yes');
  return words.map(shellWord).join(' ');
}

async function configUpgrade(plan: UpgradePlan, versionArgs: readonly string[]): Promise<ConfigUpgrade> {
  const { edit } = plan;
  const file = edit.file;
  const changed = file !== undefined && edit.before !== undefined && edit.after !== undefined && edit.before !== edit.after;
  return {
    ...plan.upgrade,
    edit: {
      file: file ?? null,
      steps: edit.steps,
      commands: edit.steps.map((step) => commandOf(step, file ?? 'FILE', versionArgs, edit.yamlPath)),
      diff: changed ? await unifiedDiff(file, { before: edit.before ?? '', after: edit.after ?? '' }) : null,
      notes: edit.notes,
    },
  };
}

/** Whether V comes before today's version in the bundled versions (a downgrade); unknown versions are not. */
function isDowngrade(from: Catalog, to: Catalog): boolean {
  const order = bundledIndex().catalogs.map((entry) => `${entry.repo}@${entry.tag}`);
  const position = (catalog: Catalog): number => order.indexOf(`${catalog.source.repo}@${catalog.source.tag}`);
  const [at, target] = [position(from), position(to)];
  return at >= 0 && target >= 0 && target < at;
}

function render(io: CliIo, format: UpgradeFlags['output'], run: CheckRun & { upgrade: Upgrade }, downgrade: boolean): void {
  // CI formats annotate the findings the config would have on the target version.
  if (format === 'json' || format === 'yaml') writeData(io, format, run);
  else if (format === 'sarif') io.stdout.write(renderSarif(run));
  else if (format === 'junit') io.stdout.write(renderJunit(run));
  else if (format === 'github') io.stdout.write(renderGithub(run));
  else write(io.stdout, renderUpgrade(run, downgrade));
}

/**
 * `check --upgrade-to V`: each config checked on its current version and on V, compared, and the enable/disable
 * edit that keeps today's behaviour planned (never written). The exit code is V's: 1 when the config would fail there.
 */
export async function checkUpgrade(
  io: CliIo,
  flags: UpgradeFlags,
  inputs: readonly ConfigInput[],
  texts: readonly ConfigText[],
  options: CheckOptions,
): Promise<void> {
  const notice = (message: string) => write(io.stderr, message);
  const named = { catalog: flags.catalog && resolve(io.cwd, flags.catalog), tag: flags.tag, flyteVersion: flags.flyteVersion };
  const current = namedOrInferred({ ...named, configFiles: texts }, notice);
  if (!current.catalog && !current.tag && !current.flyteVersion) {
    throw new UsageError('--upgrade-to compares with the version the config runs today, and the config names none', {
      hint: 'name it with --tag, --flyte-version or --catalog',
    });
  }
  const target = upgradeChoice(flags.upgradeTo, current, notice);
  const [from, to] = await catalogsFor(flags, io, [current, target]);
  if (!from || !to || inputs.length === 0) return;
  const context = upgradeContext({ current: from, target: to });
  const plans = inputs.flatMap((input) => upgradeInput(input, context, options));
  const versionArgs = target.flyteVersion ? ['--flyte-version', target.flyteVersion] : ['--tag', target.tag ?? flags.upgradeTo];
  const configs = await Promise.all(plans.map((plan) => configUpgrade(plan, versionArgs)));
  const run = {
    ...checkRun(
      plans.map((plan) => plan.target),
      options.failOn,
    ),
    upgrade: {
      from: context.from,
      to: context.to,
      plugins: { added: context.added, removed: context.removed, renamed: context.renames },
      configs,
    },
  };
  render(io, flags.output, run, isDowngrade(from, to));
  if (run.failed) throw new ProblemsFound();
}
