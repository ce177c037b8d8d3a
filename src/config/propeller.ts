import { catalogVersion, cleanName, pluginIds, pluginsForTaskType, suggestIds } from '../catalog/names.js';
import { isFlagged, registersInPropeller } from '../catalog/plugin-rules.js';
import type { Catalog, CatalogPlugin } from '../catalog/schema.js';
import { blockAt, defaultAt, listAt, registers, sameName, type CheckContext, type EffectiveConfig, type Enabled } from './check-context.js';
import type { PluginsBlock } from './locate.js';
import type { Locator } from './positions.js';
import type { Finding, Route } from './report-schema.js';
import { checkExpectations, defaultPluginsOf, routeTaskTypes, type Expectation } from './routing.js';
import { finding } from './rules.js';

export type { EffectiveConfig } from './check-context.js';

/** What a check says about one effective config (before --ignore and --fail-on). */
export interface ConfigCheck {
  config: string;
  catalog: string;
  rules: 'flyte-v1' | 'flyte-v2';
  /** Enabled plugin IDs, or 'all' for an empty list. */
  enabled: string[] | 'all';
  findings: Finding[];
  routes: Route[];
}

/** One block as propeller reads it, with where each part is written. */
function fromBlock(block: PluginsBlock, locate: Locator | undefined): EffectiveConfig {
  const where = (node: unknown) => (node ? locate?.(block, node) : undefined);
  return {
    label: block.label,
    enabled: block.enabled?.names,
    enabledAt: block.enabled?.items.map((item) => where(item.node)),
    defaults: (block.defaults?.entries ?? []).map((entry) => ({
      taskType: entry.taskType,
      plugin: entry.plugin,
      at: where(entry.pair.key),
    })),
    at: { block: where(block.pair), enabled: where(block.enabled?.pair), defaults: where(block.defaults?.pair) },
    findings: [],
  };
}

/** flyte-binary: `configuration.inline` overrides `enabled_plugins` the way viper merges (lists replace, maps merge). */
function binaryConfig(base: EffectiveConfig | undefined, inline: EffectiveConfig | undefined, forms: { base?: string; inline?: string }) {
  const findings: Finding[] = [];
  let defaults = [...(base?.defaults ?? [])];
  if (inline && forms.inline) {
    if (base && forms.base && forms.base !== forms.inline) {
      findings.push(
        finding(
          'list-default-dropped',
          `${inline.label}.default-for-task-types is a ${forms.inline} while ${base.label}'s is a ${forms.base}: ` +
            `viper skips a value whose type differs, so the ${forms.inline} is very likely dropped; write defaults as a map`,
          { location: inline.at?.defaults, taskTypes: inline.defaults.map((entry) => entry.taskType) },
        ),
      );
    } else {
      const overridden = new Set(inline.defaults.map((entry) => cleanName(entry.taskType)));
      defaults = [...defaults.filter((entry) => !overridden.has(cleanName(entry.taskType))), ...inline.defaults];
    }
  }
  const list = inline?.enabled ? inline : base;
  const config: EffectiveConfig = {
    label: [base?.label, inline?.label].filter(Boolean).join(' + '),
    enabled: list?.enabled,
    enabledAt: list?.enabledAt,
    defaults,
    at: { block: list?.at?.block ?? inline?.at?.block, enabled: list?.at?.enabled, defaults: inline?.at?.defaults ?? base?.at?.defaults },
    findings,
  };
  return config;
}

/**
 * What propeller reads from the blocks of one file (or of layered values): the unrendered location is
 * reported and skipped; flyte-binary's `configuration.inline` overrides `enabled_plugins`. `locate` says
 * where each node is written, for the findings' locations.
 */
export function effectiveConfigs(blocks: readonly PluginsBlock[], locate?: Locator): EffectiveConfig[] {
  const configs: EffectiveConfig[] = [];
  const binary: { base?: PluginsBlock; inline?: PluginsBlock } = {};
  for (const block of blocks) {
    if (block.kind === 'flyte-core-unrendered') {
      const message =
        `${block.label} is never rendered by the flyte-core chart, so propeller never reads it; ` +
        'move it under configmap.enabled_plugins.tasks.task-plugins';
      const location = locate?.(block, block.pair);
      configs.push({
        label: block.label,
        enabled: undefined,
        defaults: [],
        at: { block: location },
        findings: [finding('unrendered-block', message, { location })],
      });
    } else if (block.kind === 'flyte-binary') binary.base = block;
    else if (block.kind === 'flyte-binary-inline') binary.inline = block;
    else configs.push(fromBlock(block, locate));
  }
  const { base, inline } = binary;
  if (base || inline) {
    const forms = { base: base?.defaults?.form, inline: inline?.defaults?.form };
    configs.push(binaryConfig(base && fromBlock(base, locate), inline && fromBlock(inline, locate), forms));
  }
  return configs;
}

/** Flyte 2's executor has other rules: no enabled-plugins, defaults read as written. */
export function isFlyte2(catalog: Catalog): boolean {
  return /\/v2(\/|$)/.test(catalog.source.module) || /^v2\./.test(catalog.source.tag ?? '');
}

/** Reproduce FlytePropeller v1's start-up decisions for one effective config (config.go, plugin_config.go, handler.go). */
export function checkConfig(config: EffectiveConfig, catalog: Catalog, expectations: readonly Expectation[] = []): ConfigCheck {
  const version = catalogVersion(catalog);
  const known = catalog.plugins.filter((plugin) => !plugin.flags.includes('example') && !plugin.flags.includes('test'));
  const context: CheckContext = { catalog, config, version, known, findings: [...config.findings] };
  const report: ConfigCheck = {
    config: config.label,
    catalog: `${catalog.source.repo} ${version}`,
    rules: isFlyte2(catalog) ? 'flyte-v2' : 'flyte-v1',
    enabled: 'all',
    findings: context.findings,
    routes: [],
  };
  if (report.rules === 'flyte-v2') {
    checkFlyte2(config, context);
  } else {
    const enabled = readEnabledList(config, context);
    report.enabled = enabled.all ? 'all' : enabled.ids;
    const defaults = checkDefaults(config, enabled, context);
    report.routes = routeTaskTypes(enabled, defaults, context);
  }
  checkExpectations(expectations, report.routes, context, report.rules === 'flyte-v2');
  return report;
}

/** Flyte 2's executor: no enabled-plugins, defaults matched exactly and only warned about. */
function checkFlyte2(config: EffectiveConfig, { version, known, findings }: CheckContext): void {
  findings.push(
    finding(
      'flyte2-rules',
      `${version} is Flyte 2: its executor has no enabled-plugins (every linked plugin runs) ` +
        'and reads default-for-task-types as written, without lower-casing',
      { location: blockAt(config) },
    ),
  );
  if (config.enabled?.length) {
    findings.push(finding('flyte2-enabled-ignored', 'enabled-plugins is ignored by Flyte 2', { location: listAt(config) }));
  }
  for (const entry of config.defaults) {
    if (known.some((plugin) => plugin.id === entry.plugin)) continue;
    const message =
      `default-for-task-types maps ${entry.taskType} to '${entry.plugin}', which is no plugin of ${version} ` +
      '(Flyte 2 matches names exactly and only warns)';
    findings.push(finding('flyte2-default-unknown', message, { location: entry.at, plugins: [entry.plugin], taskTypes: [entry.taskType] }));
  }
}

/** One listed name: what propeller makes of it (the registrations it enables, or a finding). */
function readListedName(name: string, index: number, context: CheckContext): CatalogPlugin[] {
  const { catalog, version, known, findings, config } = context;
  const location = config.enabledAt?.[index] ?? listAt(config);
  const plugins = known.filter((plugin) => sameName(plugin.id, name));
  if (plugins.length > 0 && plugins.every((plugin) => plugin.linked === false)) {
    const message =
      `'${name}' is registered in ${version}, but propeller at that commit does not import its package: ` +
      'the name matches nothing at run time';
    findings.push(finding('plugin-not-linked', message, { location, plugins: [name] }));
    return [];
  }
  if (plugins.length === 0) {
    const near = suggestIds(name, pluginIds(catalog, { includeFlagged: false }));
    const hint = near.length ? ` (did you mean '${near.join("' or '")}'?)` : '';
    const message = `'${name}' matches no plugin of ${version}: propeller ignores it${hint}`;
    findings.push(finding('unknown-plugin', message, { location, plugins: [name] }));
    return [];
  }
  if (plugins.some(isFlagged)) {
    const message = `'${name}' is a ${plugins[0]?.flags.join('/')} plugin (${plugins[0]?.file}), enabled in this config`;
    findings.push(finding('flagged-plugin-enabled', message, { location, plugins: [plugins[0]?.id ?? name] }));
  }
  return plugins;
}

/** enabled-plugins: trimmed and lower-cased; a name that matches nothing is dropped with an info log. */
function readEnabledList(config: EffectiveConfig, context: CheckContext): Enabled {
  const seen = new Map<string, string>();
  const enabled: CatalogPlugin[] = [];
  for (const [index, name] of (config.enabled ?? []).entries()) {
    const clean = cleanName(name);
    const first = seen.get(clean);
    if (first !== undefined) {
      const message = `'${name}' is listed twice (after trimming and lower-casing, as '${first}')`;
      context.findings.push(
        finding('duplicate-name', message, { location: config.enabledAt?.[index] ?? listAt(config), plugins: [clean] }),
      );
      continue;
    }
    seen.set(clean, name);
    enabled.push(...readListedName(clean, index, context));
  }
  const all = seen.size === 0;
  if (all && config.enabled !== undefined) {
    const message = 'enabled-plugins is empty, which enables every plugin propeller links';
    context.findings.push(finding('empty-list', message, { location: listAt(config) }));
  }
  // "Everything" is what propeller registers: what it links (plugins/loader.go), or a guess (plugin-rules.ts).
  const active = all ? context.catalog.plugins.filter(registersInPropeller) : enabled;
  return { all, active, ids: [...new Set(enabled.map((plugin) => plugin.id))] };
}

/** A default whose plugin does not register its task type: ignored; tasks that fail or go astray for it are broken. */
function defaultNotRegistered(taskType: string, plugin: string, target: CatalogPlugin[], enabled: Enabled, context: CheckContext): Finding {
  const registered = target[0]?.taskTypes?.join(', ') || 'nothing';
  const maps = `default-for-task-types maps ${taskType} to '${plugin}', which does not register ${taskType} (it registers ${registered})`;
  const location = defaultAt(context.config, taskType);
  const handled = enabled.active.some((candidate) => registers(candidate, taskType));
  const others = pluginsForTaskType(context.catalog, taskType).filter((id) => !sameName(id, plugin));
  if (handled || others.length === 0) {
    return finding('default-ignored', `${maps}: propeller ignores this default`, { location, plugins: [plugin], taskTypes: [taskType] });
  }
  const fallback = defaultPluginsOf(enabled)[0];
  const outcome = fallback ? `run on '${fallback}', the default plugin,` : 'fail';
  const message =
    `${maps}: propeller ignores this default and no enabled plugin registers ${taskType}, so ${taskType} tasks ${outcome} ` +
    `instead of on '${others.join("' or '")}'`;
  return finding('default-wrong-plugin', message, { location, plugins: [plugin, ...others], taskTypes: [taskType] });
}

/** default-for-task-types: task type and plugin lower-cased; a default must name an enabled plugin. */
function checkDefaults(config: EffectiveConfig, enabled: Enabled, context: CheckContext): Map<string, string> {
  const defaults = new Map<string, string>();
  for (const entry of config.defaults) defaults.set(cleanName(entry.taskType), cleanName(entry.plugin));
  for (const [taskType, plugin] of defaults) {
    const target = enabled.active.filter((candidate) => sameName(candidate.id, plugin));
    const maps = `default-for-task-types maps ${taskType} to '${plugin}'`;
    const where = { location: defaultAt(config, taskType), plugins: [plugin], taskTypes: [taskType] };
    if (target.length === 0 && !enabled.all) {
      const message =
        `${maps}, which is not an enabled plugin: propeller refuses to start ("cannot set default plugin ` +
        `[${plugin}] … when it is not configured to be an enabled plugin", flyteorg/flyte#3905)`;
      context.findings.push(finding('default-not-enabled', message, where));
    } else if (target.length === 0) {
      context.findings.push(
        finding('default-unknown-plugin', `${maps}, which is no plugin of ${context.version}: the default is ignored`, where),
      );
    } else if (target.every((candidate) => candidate.taskTypes !== null && !registers(candidate, taskType))) {
      context.findings.push(defaultNotRegistered(taskType, plugin, target, enabled, context));
    }
  }
  return defaults;
}
