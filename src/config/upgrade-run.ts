import type { Catalog } from '../catalog/schema.js';
import { ConfigError, isCatalogToolError } from '../errors.js';
import { planDisableChange, planEnableChange, reparse } from './change.js';
import { checkInput, type CheckOptions } from './check-run.js';
import { layerFiles, type ConfigInput } from './layered.js';
import { parseConfigText, type ConfigFile, type PluginsBlock } from './locate.js';
import { effectiveConfigs } from './propeller.js';
import { chooseBlock, requireBlocks } from './read.js';
import type { CheckReport, ConfigUpgrade, EditStep } from './report-schema.js';
import { compareFindings, compareRoutes, planKeep, type KeepPlan, type UpgradeContext } from './upgrade.js';

/** The keep-behaviour edit of one config: its steps, the file they edit, and the text before and after (never written). */
interface PlannedEdit extends KeepPlan {
  /** The file the steps edit, as locations name it; undefined when none can be edited. */
  file: string | undefined;
  /** `--yaml-path` for the commands, when the file has several blocks. */
  yamlPath: string | undefined;
  before: string | undefined;
  after: string | undefined;
}

/** One config's upgrade: the target version's report (what fails the run), the comparison, and the edit. */
export interface UpgradePlan {
  target: CheckReport;
  upgrade: Omit<ConfigUpgrade, 'edit'>;
  edit: PlannedEdit;
}

/**
 * The file the edit goes into: the file itself, or, for layered values, the last file that writes
 * enabled-plugins (lists replace, so its list is the one propeller reads). Standard input cannot be edited.
 */
function editFile(input: ConfigInput): ConfigFile | undefined {
  if (input.files.length === 1) return input.file.path === '-' ? undefined : input.file;
  for (const path of [...input.files].reverse()) {
    const text = input.texts.get(path);
    if (text === undefined) continue;
    const file = parseConfigText(path, text);
    if (file.blocks.some((block) => block.enabled)) return path === '-' ? undefined : file;
  }
  return undefined;
}

/** The block of a file a report's config comes from (for flyte-binary's two blocks, the one whose list wins). */
function blockFor(file: ConfigFile, label: string): PluginsBlock {
  const exact = file.blocks.find((block) => block.label === label);
  if (exact) return exact;
  // In the label's order (enabled_plugins + configuration.inline), not the file's: the last part with a list wins.
  const named = label.split(' + ').flatMap((part) => file.blocks.filter((block) => block.label === part));
  return [...named].reverse().find((block) => block.enabled) ?? named[0] ?? chooseBlock(file, undefined);
}

function defaultBlock(file: ConfigFile): PluginsBlock | undefined {
  try {
    return chooseBlock(file, undefined);
  } catch {
    return undefined;
  }
}

/** The file's text after the steps, each planned by `enable`/`disable` on the text the one before left. */
function applySteps(file: ConfigFile, block: PluginsBlock, steps: readonly EditStep[], catalog: Catalog): string {
  let current = { file, block };
  for (const step of steps) {
    const plan = step.command === 'enable' ? planEnableChange : planDisableChange;
    const request = { ...current, catalog, names: step.ids, defaultFor: step.defaultFor, removeDefaults: step.removeDefaults };
    const next = reparse(file.path, block.label, plan(request).after);
    const nextBlock = next.blocks.find((candidate) => candidate.label === block.label);
    if (!nextBlock) throw new ConfigError(`editing ${block.label} in ${file.path} lost the block`);
    current = { file: next, block: nextBlock };
  }
  return current.file.text;
}

/**
 * What would still stop propeller of the target version after the steps: the input checked again with the edited
 * text (a default another layer or block writes is not removed by editing this one).
 */
function stillFatal(input: ConfigInput, edited: { path: string; text: string; label: string }, target: Catalog, options: CheckOptions) {
  const files = input.files.map((path) => parseConfigText(path, path === edited.path ? edited.text : (input.texts.get(path) ?? '')));
  const report = checkInput(layerFiles(files), target, options).find((one) => one.config === edited.label);
  return (report?.findings ?? [])
    .filter((finding) => finding.severity === 'fatal')
    .map((finding) => {
      const at = finding.location ? `${finding.location.file}:${finding.location.line}:${finding.location.column}: ` : '';
      return `still fatal after these commands (edit it by hand): ${at}${finding.message}`;
    });
}

function planEdit(input: ConfigInput, label: string, plan: KeepPlan, target: Catalog, options: CheckOptions): PlannedEdit {
  const none = { file: undefined, yamlPath: undefined, before: undefined, after: undefined };
  if (plan.steps.length === 0) return { ...plan, ...none };
  const file = editFile(input);
  if (!file) return { ...plan, ...none, notes: [...plan.notes, 'standard input cannot be edited: run the commands on the file (FILE)'] };
  const block = blockFor(file, label);
  const edit = { ...plan, ...none, file: file.path, yamlPath: defaultBlock(file) === block ? undefined : block.label };
  if (input.files.length > 1) edit.notes = [...edit.notes, `layered files: ${file.path} writes the enabled-plugins list propeller reads`];
  try {
    const after = applySteps(file, block, plan.steps, target);
    const notes = [...edit.notes, ...stillFatal(input, { path: file.path, text: after, label }, target, options)];
    return { ...edit, notes, before: file.text, after };
  } catch (error) {
    if (!isCatalogToolError(error)) throw error;
    return { ...edit, notes: [...edit.notes, `the steps cannot be applied as they are: ${error.message}`] };
  }
}

/** Check one input on both versions and compare: findings that appear and go, routes that move, the edit that keeps them. */
export function upgradeInput(input: ConfigInput, context: UpgradeContext, options: CheckOptions): UpgradePlan[] {
  const current = checkInput(input, context.current, options);
  const target = checkInput(input, context.target, options);
  const configs = effectiveConfigs(requireBlocks(input.file), input.locate);
  return target.map((after, index) => {
    const before = current[index] as CheckReport;
    const plan = planKeep(after, before, configs[index]?.defaults ?? [], context);
    const upgrade = {
      input: input.files,
      config: after.config,
      current: before,
      ...compareFindings(before, after, context),
      routes: compareRoutes(before, after, context),
    };
    return { target: after, upgrade, edit: planEdit(input, after.config, plan, context.target, options) };
  });
}
