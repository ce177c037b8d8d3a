import { catalogVersion, cleanName, pluginIds, suggestIds } from '../catalog/names.js';
import { isFlagged, isRunnable, registersInPropeller } from '../catalog/plugin-rules.js';
import type { Catalog, CatalogPlugin } from '../catalog/schema.js';
import type { PluginsBlock } from './locate.js';
import { compareStrings } from '../util/compare.js';

/** The task-plugins settings propeller ends up with, after chart rendering and viper's merge. */
export interface EffectiveConfig {
  label: string;
  /** As written; `undefined` when the key is absent. */
  enabled: string[] | undefined;
  defaults: { taskType: string; plugin: string }[];
  findings: Finding[];
}

export type Severity = 'fatal' | 'silent' | 'suspicious';

export interface Finding {
  severity: Severity;
  message: string;
}

export interface Route {
  taskType: string;
  plugin: string | null;
  why: string;
}

export interface CheckReport {
  config: string;
  catalog: string;
  rules: 'flyte-v1' | 'flyte-v2';
  /** Enabled plugin IDs, or 'all' for an empty list. */
  enabled: string[] | 'all';
  findings: Finding[];
  routes: Route[];
}

function sameName(a: string, b: string): boolean {
  return cleanName(a) === cleanName(b);
}

/**
 * What propeller reads from the blocks of one file (or of layered values): the unrendered location is
 * reported and skipped; flyte-binary's `configuration.inline` overrides `enabled_plugins` the way viper
 * merges (lists replace, maps merge, a value whose type differs is skipped).
 */
export function effectiveConfigs(blocks: readonly PluginsBlock[]): EffectiveConfig[] {
  const configs: EffectiveConfig[] = [];
  const binary: { base?: PluginsBlock; inline?: PluginsBlock } = {};
  for (const block of blocks) {
    if (block.kind === 'flyte-core-unrendered') {
      configs.push({
        label: block.label,
        enabled: undefined,
        defaults: [],
        findings: [
          {
            severity: 'silent',
            message:
              `${block.label} is never rendered by the flyte-core chart, so propeller never reads it; ` +
              'move it under configmap.enabled_plugins.tasks.task-plugins',
          },
        ],
      });
    } else if (block.kind === 'flyte-binary') binary.base = block;
    else if (block.kind === 'flyte-binary-inline') binary.inline = block;
    else configs.push({ label: block.label, enabled: block.enabled?.names, defaults: block.defaults?.entries ?? [], findings: [] });
  }
  const { base, inline } = binary;
  if (base || inline) {
    const findings: Finding[] = [];
    let defaults = [...(base?.defaults?.entries ?? [])];
    if (inline?.defaults) {
      if (base?.defaults && base.defaults.form !== inline.defaults.form) {
        findings.push({
          severity: 'suspicious',
          message:
            `${inline.label}.default-for-task-types is a ${inline.defaults.form} while ${base.label}'s is a ${base.defaults.form}: ` +
            `viper skips a value whose type differs, so the ${inline.defaults.form} is very likely dropped; write defaults as a map`,
        });
      } else {
        const overridden = new Set(inline.defaults.entries.map((entry) => cleanName(entry.taskType)));
        defaults = [...defaults.filter((entry) => !overridden.has(cleanName(entry.taskType))), ...inline.defaults.entries];
      }
    }
    const label = [base?.label, inline?.label].filter(Boolean).join(' + ');
    configs.push({ label, enabled: inline?.enabled ? inline.enabled.names : base?.enabled?.names, defaults, findings });
  }
  return configs;
}

/** Flyte 2's executor has other rules: no enabled-plugins, defaults read as written. */
export function isFlyte2(catalog: Catalog): boolean {
  return /\/v2(\/|$)/.test(catalog.source.module) || /^v2\./.test(catalog.source.tag ?? '');
}

function registers(plugin: CatalogPlugin, taskType: string): boolean {
  return Boolean(plugin.taskTypes?.some((type) => sameName(type, taskType)));
}

/** What the phases of a check share: the catalog, its version for messages, the findings so far. */
interface CheckContext {
  catalog: Catalog;
  version: string;
  /** The registrations a name can match: not example packages or `_test.go` files. */
  known: CatalogPlugin[];
  findings: Finding[];
}

/** What propeller ends up running: the enabled plugins, or every plugin it registers for an empty list. */
interface Enabled {
  all: boolean;
  active: CatalogPlugin[];
  ids: string[];
}

/** Reproduce FlytePropeller v1's start-up decisions for one effective config (config.go, plugin_config.go, handler.go). */
export function checkConfig(config: EffectiveConfig, catalog: Catalog): CheckReport {
  const version = catalogVersion(catalog);
  const known = catalog.plugins.filter((plugin) => !plugin.flags.includes('example') && !plugin.flags.includes('test'));
  const context: CheckContext = { catalog, version, known, findings: [...config.findings] };
  const report: CheckReport = {
    config: config.label,
    catalog: `${catalog.source.repo} ${version}`,
    rules: isFlyte2(catalog) ? 'flyte-v2' : 'flyte-v1',
    enabled: 'all',
    findings: context.findings,
    routes: [],
  };
  if (report.rules === 'flyte-v2') {
    checkFlyte2(config, context);
    return report;
  }
  const enabled = readEnabledList(config, context);
  report.enabled = enabled.all ? 'all' : enabled.ids;
  const defaults = checkDefaults(config, enabled, context);
  report.routes = routeTaskTypes(enabled, defaults, context);
  return report;
}

/** Flyte 2's executor: no enabled-plugins, defaults matched exactly and only warned about. */
function checkFlyte2(config: EffectiveConfig, { version, known, findings }: CheckContext): void {
  findings.push({
    severity: 'suspicious',
    message:
      `${version} is Flyte 2: its executor has no enabled-plugins (every linked plugin runs) ` +
      'and reads default-for-task-types as written, without lower-casing',
  });
  if (config.enabled?.length) findings.push({ severity: 'silent', message: 'enabled-plugins is ignored by Flyte 2' });
  for (const entry of config.defaults) {
    if (known.some((plugin) => plugin.id === entry.plugin)) continue;
    findings.push({
      severity: 'silent',
      message:
        `default-for-task-types maps ${entry.taskType} to '${entry.plugin}', which is no plugin of ${version} ` +
        '(Flyte 2 matches names exactly and only warns)',
    });
  }
}

/** One listed name: what propeller makes of it (the registrations it enables, or a finding). */
function readListedName(name: string, context: CheckContext): CatalogPlugin[] {
  const { catalog, version, known, findings } = context;
  const plugins = known.filter((plugin) => sameName(plugin.id, name));
  if (plugins.length > 0 && plugins.every((plugin) => plugin.linked === false)) {
    findings.push({
      severity: 'silent',
      message:
        `'${name}' is registered in ${version}, but propeller at that commit does not import its package: ` +
        'the name matches nothing at run time',
    });
    return [];
  }
  if (plugins.length === 0) {
    const near = suggestIds(name, pluginIds(catalog, { includeFlagged: false }));
    const hint = near.length ? ` (did you mean '${near.join("' or '")}'?)` : '';
    findings.push({ severity: 'silent', message: `'${name}' matches no plugin of ${version}: propeller ignores it${hint}` });
    return [];
  }
  if (plugins.some(isFlagged)) {
    findings.push({
      severity: 'suspicious',
      message: `'${name}' is a ${plugins[0]?.flags.join('/')} plugin (${plugins[0]?.file}), enabled in this config`,
    });
  }
  return plugins;
}

/** enabled-plugins: trimmed and lower-cased; a name that matches nothing is dropped with an info log. */
function readEnabledList(config: EffectiveConfig, context: CheckContext): Enabled {
  const seen = new Map<string, string>();
  const enabled: CatalogPlugin[] = [];
  for (const name of config.enabled ?? []) {
    const clean = cleanName(name);
    const first = seen.get(clean);
    if (first !== undefined) {
      const message = `'${name}' is listed twice (after trimming and lower-casing, as '${first}')`;
      context.findings.push({ severity: 'suspicious', message });
      continue;
    }
    seen.set(clean, name);
    enabled.push(...readListedName(clean, context));
  }
  const all = seen.size === 0;
  if (all && config.enabled !== undefined) {
    context.findings.push({ severity: 'suspicious', message: 'enabled-plugins is empty, which enables every plugin propeller links' });
  }
  // "Everything" is what propeller registers: what it links (plugins/loader.go), or a guess (plugin-rules.ts).
  const active = all ? context.catalog.plugins.filter(registersInPropeller) : enabled;
  return { all, active, ids: [...new Set(enabled.map((plugin) => plugin.id))] };
}

/** default-for-task-types: task type and plugin lower-cased; a default must name an enabled plugin. */
function checkDefaults(config: EffectiveConfig, enabled: Enabled, { version, findings }: CheckContext): Map<string, string> {
  const defaults = new Map<string, string>();
  for (const entry of config.defaults) defaults.set(cleanName(entry.taskType), cleanName(entry.plugin));
  for (const [taskType, plugin] of defaults) {
    const target = enabled.active.filter((candidate) => sameName(candidate.id, plugin));
    const maps = `default-for-task-types maps ${taskType} to '${plugin}'`;
    if (target.length === 0 && !enabled.all) {
      findings.push({
        severity: 'fatal',
        message:
          `${maps}, which is not an enabled plugin: propeller refuses to start ("cannot set default plugin ` +
          `[${plugin}] … when it is not configured to be an enabled plugin", flyteorg/flyte#3905)`,
      });
    } else if (target.length === 0) {
      findings.push({ severity: 'silent', message: `${maps}, which is no plugin of ${version}: the default is ignored` });
    } else if (target.every((candidate) => candidate.taskTypes !== null && !registers(candidate, taskType))) {
      const registered = target[0]?.taskTypes?.join(', ') || 'nothing';
      findings.push({
        severity: 'silent',
        message: `${maps}, which does not register ${taskType} (it registers ${registered}): propeller ignores this default`,
      });
    }
  }
  return defaults;
}

/** The enabled plugins that register each task type (IDs lower-cased, as propeller keys them). */
function handlersOf(active: readonly CatalogPlugin[]): Map<string, Set<string>> {
  const handlers = new Map<string, Set<string>>();
  for (const plugin of active) {
    for (const taskType of plugin.taskTypes ?? []) {
      handlers.set(taskType, (handlers.get(taskType) ?? new Set<string>()).add(plugin.id.toLowerCase()));
    }
  }
  return handlers;
}

/** Routing: a default that the plugin registers, else the sole handler, else start-up fails; then the rest. */
function routeTaskTypes(enabled: Enabled, defaults: Map<string, string>, context: CheckContext): Route[] {
  const routes: Route[] = [];
  const handlers = handlersOf(enabled.active);
  for (const [taskType, set] of [...handlers].sort(([a], [b]) => compareStrings(a, b))) {
    const chosen = defaults.get(cleanName(taskType));
    if (chosen && set.has(chosen)) routes.push({ taskType, plugin: chosen, why: 'default-for-task-types' });
    else if (set.size === 1) routes.push({ taskType, plugin: [...set][0] ?? null, why: 'sole plugin registering it' });
    else {
      const ids = [...set].join(', ');
      routes.push({ taskType, plugin: null, why: `several plugins register it: ${ids}` });
      context.findings.push({
        severity: 'fatal',
        message:
          `several enabled plugins register task type ${taskType} (${ids}) and no default-for-task-types chooses one: ` +
          'propeller refuses to start ("Multiple plugins registered to handle task type")',
      });
    }
  }
  for (const plugin of enabled.active.filter((candidate) => candidate.taskTypes === null)) {
    const why = `the task types in ${plugin.id}'s own config (supportedTaskTypes)`;
    routes.push({ taskType: '(configured at run time)', plugin: plugin.id, why });
  }
  return [...routes, ...fallbackRoutes(enabled, handlers, context)];
}

/**
 * Task types whose plugins are not enabled (the answer to "why did my Ray task run as a plain container?"),
 * and any other task type: both go to the default plugin, if there is one.
 */
function fallbackRoutes(enabled: Enabled, handlers: Map<string, Set<string>>, { known, findings }: CheckContext): Route[] {
  const defaultPlugins = [...new Set(enabled.active.filter((plugin) => plugin.isDefault).map((plugin) => plugin.id))];
  const fallback = defaultPlugins[0] ?? null;
  const unhandled = new Map<string, Set<string>>();
  for (const plugin of known.filter(isRunnable)) {
    for (const taskType of plugin.taskTypes ?? []) {
      if (!handlers.has(taskType)) unhandled.set(taskType, (unhandled.get(taskType) ?? new Set<string>()).add(plugin.id));
    }
  }
  const routes: Route[] = [];
  for (const [taskType, owners] of [...unhandled].sort(([a], [b]) => compareStrings(a, b))) {
    const who = [...owners].map((id) => `'${id}'`).join(' or ');
    const then = fallback ? 'falls back to the default plugin' : 'such tasks fail';
    routes.push({ taskType, plugin: fallback, why: `${who} would run it but ${owners.size > 1 ? 'are' : 'is'} not enabled: ${then}` });
  }
  if (defaultPlugins.length > 1) {
    findings.push({
      severity: 'suspicious',
      message:
        `several enabled plugins set IsDefault (${defaultPlugins.join(', ')}): ` +
        'the first one registered becomes the default, the others are ignored',
    });
  }
  const why = fallback
    ? `default plugin (IsDefault${defaultPlugins.length > 1 ? ', if registered first' : ''})`
    : 'no default plugin: such tasks fail';
  routes.push({ taskType: '(any other)', plugin: fallback, why });
  return routes;
}
