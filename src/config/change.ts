import type { BundledIndex } from '../catalog/bundle-index.js';
import { cleanName, runnableIds } from '../catalog/names.js';
import type { Catalog } from '../catalog/schema.js';
import { verifyName } from '../catalog/verify-name.js';
import { ChangeRefusedError, ConfigError, NameRefusedError, UsageError } from '../errors.js';
import { applyBlockEdits } from './apply.js';
import { planDisable, planEnable, planRemoveDefault, planSetDefault } from './edit.js';
import { parseConfigText, type ConfigFile, type DefaultEntry, type PluginsBlock } from './locate.js';
import { applyLineEdits, type LineEdit } from './text.js';
import { canReread, rereadBlock } from './reread.js';
import { checkConfig, isFlyte2 } from './propeller.js';

export interface ChangeRequest {
  file: ConfigFile;
  block: PluginsBlock;
  catalog: Catalog;
  names: string[];
  /** enable: task types to map to the (single) plugin named. */
  defaultFor?: string[];
  allowFlagged?: boolean;
  /** The versions known, to name an ID of other versions as such. */
  index?: BundledIndex | undefined;
  /** disable: also remove the defaults that point at a disabled plugin. */
  removeDefaults?: boolean;
}

export interface Change {
  before: string;
  after: string;
  /** What was done, one line each ("enabled spark"). */
  summary: string[];
  /** Why the change needs --yes (it changes the meaning of the whole list), when it does. */
  confirm: string | undefined;
}

/**
 * The file after one of our own edits. If it no longer parses, the fault is the edit's, not the user's file:
 * say so, and write nothing.
 */
export function reparse(path: string, label: string, text: string): ConfigFile {
  try {
    return parseConfigText(path, text);
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(`${path} `, '') : String(error);
    throw new ConfigError(`the edit of ${label} in ${path} did not give valid YAML (${why}); the file was not written`, {
      hint: 'this is a bug of flyte-plugin-catalog: please report it with the file; --dry-run shows the edit',
      cause: error,
    });
  }
}

/**
 * One editing session on a file, parsed once (by the caller): each step re-reads only the block it edited
 * (reread.ts), or the whole new text where that cannot vouch for the result, so steps compose. A ConfigMap
 * string's config is re-read on its own, and the file around it re-encoded and read back once, in `result`.
 */
class Editor {
  block: PluginsBlock;
  /** The file's text with the steps so far (a ConfigMap string's edits are in `block.text` until `result`). */
  private text: string;
  private readonly reread: boolean;

  constructor(
    private readonly file: ConfigFile,
    private readonly first: PluginsBlock,
  ) {
    this.block = first;
    this.text = file.text;
    this.reread = canReread(file, first);
  }

  apply(edits: LineEdit[]): void {
    if (edits.length === 0) return;
    const { label, embedded } = this.block;
    if (embedded) {
      const inner = findBlock(reparse(this.file.path, label, applyLineEdits(this.block.text, edits)), this.block, true);
      this.block = { ...inner, label, embedded, documentIndex: this.block.documentIndex, shared: this.block.shared ?? inner.shared };
      return;
    }
    const text = applyLineEdits(this.text, edits);
    const reread = this.reread ? rereadBlock(this.block, this.text, text, edits) : undefined;
    this.block = reread ?? findBlock(reparse(this.file.path, label, text), this.block, false);
    this.text = text;
  }

  /** The new text of the file: for a ConfigMap string, re-encoded in its own style and read back (apply.ts). */
  result(): string {
    if (!this.first.embedded) return this.text;
    const edits = changedLines(this.first.text, this.block.text);
    const text = applyBlockEdits(this.file, this.first, edits);
    if (applyLineEdits(this.first.text, edits) !== this.block.text)
      throw new ConfigError(`the edit of ${this.first.label} in ${this.file.path} did not read back as intended; the file was not written`);
    return text;
  }
}

/** The block of a re-parsed text at the place of `block` (the same label, or for a ConfigMap string's config alone, the same keys). */
function findBlock(file: ConfigFile, block: PluginsBlock, inner: boolean): PluginsBlock {
  const path = block.path.join('.');
  const found = file.blocks.filter((candidate) =>
    inner ? !candidate.embedded && candidate.path.join('.') === path : candidate.label === block.label,
  );
  if (found.length !== 1 || !found[0])
    throw new ConfigError(`editing ${block.label} in ${file.path} lost the block; the file was not written`);
  return found[0];
}

/** One line edit that turns `before` into `after`: the lines between their common first and last lines. */
function changedLines(before: string, after: string): LineEdit[] {
  if (before === after) return [];
  const old = before.split('\n');
  const now = after.split('\n');
  let head = 0;
  while (head < old.length && head < now.length && old[head] === now[head]) head++;
  let tail = 0;
  while (tail < old.length - head && tail < now.length - head && old[old.length - 1 - tail] === now[now.length - 1 - tail]) tail++;
  return [{ from: head, to: old.length - tail, lines: now.slice(head, now.length - tail) }];
}

function fatalProblems(block: PluginsBlock, catalog: Catalog): string[] {
  const config = { label: block.label, enabled: block.enabled?.names, defaults: block.defaults?.entries ?? [], findings: [] };
  return checkConfig(config, catalog)
    .findings.filter((finding) => finding.severity === 'fatal')
    .map((finding) => finding.message);
}

/** A change may keep a problem the file already had, but never add one that stops propeller from starting. */
function refuseNewFatal(before: PluginsBlock, after: PluginsBlock, catalog: Catalog): void {
  if (before.text === after.text) return;
  const old = new Set(fatalProblems(before, catalog));
  const added = fatalProblems(after, catalog).filter((message) => !old.has(message));
  if (added[0]) {
    throw new ChangeRefusedError(`after this change, ${added[0]}`, {
      hint: /several enabled plugins register/.test(added[0]) ? 'choose the plugin with --default-for TASK_TYPE' : undefined,
    });
  }
}

function enabledIds(block: PluginsBlock): Set<string> {
  return new Set((block.enabled?.names ?? []).map(cleanName));
}

function listIsOpen(block: PluginsBlock): boolean {
  return (block.enabled?.names.length ?? 0) === 0;
}

/** Add plugins (and defaults) to a config's enabled-plugins, after checking every name against the catalog. */
export function planEnableChange(request: ChangeRequest): Change {
  const { catalog, block } = request;
  if (isFlyte2(catalog)) {
    throw new UsageError(
      `${catalog.source.tag} is Flyte 2: its executor has no enabled-plugins (every linked plugin runs); ` +
        'set default-for-task-types instead',
    );
  }
  const ids = request.names.map((name) => verifyName(catalog, name, { allowFlagged: Boolean(request.allowFlagged), index: request.index }));
  const defaultFor = request.defaultFor ?? [];
  if (defaultFor.length > 0 && new Set(ids).size !== 1) throw new UsageError('--default-for goes with exactly one plugin name');
  const summary: string[] = [];
  for (const taskType of defaultFor) {
    const registrations = catalog.plugins.filter((plugin) => plugin.id === ids[0]);
    if (registrations.every((plugin) => plugin.taskTypes === null)) {
      summary.push(`note: ${ids[0]}'s task types are configured at run time; make sure ${taskType} is among them`);
    } else if (!registrations.some((plugin) => plugin.taskTypes?.some((type) => cleanName(type) === cleanName(taskType)))) {
      const types = [...new Set(registrations.flatMap((plugin) => plugin.taskTypes ?? []))];
      const registered = types.join(', ') || 'none';
      throw new NameRefusedError(
        `'${ids[0]}' does not register task type '${taskType}' (it registers ${registered}): propeller would ignore that default`,
      );
    }
  }

  let confirm: string | undefined;
  if (listIsOpen(block)) {
    const others = runnableIds(catalog).filter((id) => !ids.includes(id));
    const state = block.enabled ? 'empty' : 'absent';
    confirm =
      `enabled-plugins is ${state} at ${block.label}, which enables every plugin; ` +
      `writing ${ids.join(', ')} turns off ${others.join(', ')}`;
  }

  const editor = new Editor(request.file, block);
  const added: string[] = [];
  for (const id of ids) {
    if (enabledIds(editor.block).has(cleanName(id))) continue;
    editor.apply(planEnable(editor.block, id));
    added.push(id);
    summary.push(`enabled ${id}`);
  }
  for (const taskType of defaultFor) {
    const id = ids[0] as string;
    const edits = planSetDefault(editor.block, taskType, id);
    editor.apply(edits);
    if (edits.length > 0) summary.push(`default for ${taskType}: ${id}`);
  }
  verify(editor.block, ids, defaultFor);
  if (!listsExactly(editor.block, [...(block.enabled?.names ?? []), ...added]))
    throw new ConfigError(`the edit of ${block.label} did not read back as intended; the file was not written`);
  refuseNewFatal(block, editor.block, catalog);
  return {
    before: request.file.text,
    after: editor.result(),
    summary,
    confirm: summary.some((line) => line.startsWith('enabled')) ? confirm : undefined,
  };
}

/** Whether enabled-plugins reads back as exactly `names` (as propeller compares them, in any order): nothing else came or went. */
function listsExactly(block: PluginsBlock, names: readonly string[]): boolean {
  const sorted = (list: readonly string[]): string => list.map(cleanName).sort().join('\n');
  return sorted(block.enabled?.names ?? []) === sorted(names);
}

function verify(block: PluginsBlock, ids: readonly string[], defaultFor: readonly string[]): void {
  const enabled = enabledIds(block);
  const missing = ids.filter((id) => !enabled.has(cleanName(id)));
  const defaults = new Map((block.defaults?.entries ?? []).map((entry) => [cleanName(entry.taskType), cleanName(entry.plugin)]));
  const wrong = defaultFor.filter((taskType) => defaults.get(cleanName(taskType)) !== cleanName(ids[0] ?? ''));
  if (missing.length > 0 || wrong.length > 0) {
    throw new ConfigError(
      `the edit of ${block.label} did not read back as intended (${[...missing, ...wrong].join(', ')}); the file was not written`,
    );
  }
}

/** Remove plugins from a config's enabled-plugins, refusing what would stop propeller from starting. */
export function planDisableChange(request: ChangeRequest): Change {
  const { catalog, block } = request;
  if (isFlyte2(catalog))
    throw new UsageError(`${catalog.source.tag} is Flyte 2: its executor has no enabled-plugins to remove a plugin from`);
  const listed = block.enabled?.names ?? [];
  const targets: string[] = [];
  for (const name of request.names) {
    if (listed.some((entry) => cleanName(entry) === cleanName(name))) targets.push(name);
    else verifyName(catalog, name, { allowFlagged: true, index: request.index }); // unknown: a did-you-mean; known: simply not enabled
  }
  const summary: string[] = [];
  const editor = new Editor(request.file, block);
  if (listIsOpen(block) && request.names.length > 0) return disableOnOpenList(request, editor);

  const remaining = listed.filter((entry) => !targets.some((target) => cleanName(target) === cleanName(entry)));
  if (targets.length > 0 && remaining.length === 0) {
    throw new ChangeRefusedError(
      `disabling ${targets.join(', ')} would leave enabled-plugins empty at ${block.label}, which enables every plugin`,
      {
        hint: 'keep at least one plugin enabled',
      },
    );
  }
  const dropped = new Set(targets.map(cleanName));
  const orphans = orphanDefaults(block, dropped, request.removeDefaults);
  for (const target of targets) {
    const aliases = (editor.block.enabled?.items ?? []).filter(
      (item) => item.alias !== undefined && cleanName(item.name) === cleanName(target),
    );
    editor.apply(planDisable(editor.block, target));
    const note = aliases.map((item) => `removed the alias item *${item.alias}; &${item.alias} itself is unchanged`).join(', ');
    summary.push(`disabled ${target}${note ? ` (${note})` : ''}`);
  }
  removeDefaults(editor, orphans, summary);
  refuseNewFatal(block, editor.block, catalog);
  if (!listsExactly(editor.block, remaining))
    throw new ConfigError(`the edit of ${block.label} did not read back as intended; the file was not written`);
  return { before: request.file.text, after: editor.result(), summary, confirm: undefined };
}

/** The defaults that point at a plugin being disabled: propeller would not start, so only --yes removes them too. */
function orphanDefaults(block: PluginsBlock, dropped: ReadonlySet<string>, remove: boolean | undefined): DefaultEntry[] {
  const orphans = (block.defaults?.entries ?? []).filter((entry) => dropped.has(cleanName(entry.plugin)));
  if (orphans.length > 0 && !remove) {
    const list = orphans.map((entry) => `${entry.taskType} → ${entry.plugin}`).join(', ');
    const plugins = [...new Set(orphans.map((entry) => cleanName(entry.plugin)))].join(', ');
    throw new ChangeRefusedError(
      `default-for-task-types still points at ${plugins} (${list}): propeller would not start with that plugin disabled`,
      {
        hint: 'pass --yes to remove those defaults too',
      },
    );
  }
  return orphans;
}

function removeDefaults(editor: Editor, orphans: readonly DefaultEntry[], summary: string[]): void {
  for (const orphan of orphans) {
    editor.apply(planRemoveDefault(editor.block, orphan.taskType));
    summary.push(`removed default for ${orphan.taskType} (was ${orphan.plugin})`);
  }
}

/**
 * Everything is enabled: disabling means writing out every other plugin (and, with --yes, removing the
 * defaults that point at a disabled one). The list read back must be exactly those others.
 */
function disableOnOpenList(request: ChangeRequest, editor: Editor): Change {
  const { catalog, block } = request;
  const drop = new Set(request.names.map(cleanName));
  const keep = runnableIds(catalog).filter((id) => !drop.has(cleanName(id)));
  const orphans = orphanDefaults(block, drop, request.removeDefaults);
  const state = block.enabled ? 'empty' : 'absent';
  const confirm =
    `enabled-plugins is ${state} at ${block.label}, which enables every plugin; ` +
    `disabling ${request.names.join(', ')} writes the list of the ${keep.length} others`;
  for (const id of keep) editor.apply(planEnable(editor.block, id));
  const summary = [`disabled ${request.names.join(', ')} (enabled-plugins now lists the ${keep.length} others)`];
  removeDefaults(editor, orphans, summary);
  if (!listsExactly(editor.block, keep))
    throw new ConfigError(`the edit of ${block.label} did not read back as intended; the file was not written`);
  return { before: request.file.text, after: editor.result(), summary, confirm };
}
