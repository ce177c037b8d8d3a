import { cleanName } from '../catalog/names.js';
import { isRunnable } from '../catalog/plugin-rules.js';
import type { CatalogPlugin } from '../catalog/schema.js';
import { compareStrings } from '../util/compare.js';
import { defaultAt, listAt, nameAt, registers, sameName, type CheckContext, type Enabled } from './check-context.js';
import type { Route } from './report-schema.js';
import { finding } from './rules.js';

/** `--expect TASK_TYPE=PLUGIN`: the plugin a task type must run on. */
export interface Expectation {
  taskType: string;
  plugin: string;
}

/** The task types whose tasks fail first when nothing runs them: every Flyte project has them. */
const COMMON_TASK_TYPES = ['python-task', 'container', 'sidecar'];

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

/** The enabled plugins that set IsDefault; propeller takes the first one registered. */
export function defaultPluginsOf(enabled: Enabled): string[] {
  return [...new Set(enabled.active.filter((plugin) => plugin.isDefault).map((plugin) => plugin.id))];
}

/** Routing: a default that the plugin registers, else the sole handler, else start-up fails; then the rest. */
export function routeTaskTypes(enabled: Enabled, defaults: Map<string, string>, context: CheckContext): Route[] {
  const routes: Route[] = [];
  const handlers = handlersOf(enabled.active);
  for (const [taskType, set] of [...handlers].sort(([a], [b]) => compareStrings(a, b))) {
    const chosen = defaults.get(cleanName(taskType));
    if (chosen && set.has(chosen)) routes.push({ taskType, plugin: chosen, why: 'default-for-task-types' });
    else if (set.size === 1) routes.push({ taskType, plugin: [...set][0] ?? null, why: 'sole plugin registering it' });
    else {
      const ids = [...set];
      routes.push({ taskType, plugin: null, why: `several plugins register it: ${ids.join(', ')}` });
      const message =
        `several enabled plugins register task type ${taskType} (${ids.join(', ')}) and no default-for-task-types chooses one: ` +
        'propeller refuses to start ("Multiple plugins registered to handle task type")';
      const location = nameAt(context.config, ids.at(-1) ?? '');
      context.findings.push(finding('ambiguous-task-type', message, { location, plugins: ids, taskTypes: [taskType] }));
    }
  }
  for (const plugin of enabled.active.filter((candidate) => candidate.taskTypes === null)) {
    const why = `the task types in ${plugin.id}'s own config (supportedTaskTypes)`;
    routes.push({ taskType: '(configured at run time)', plugin: plugin.id, why });
  }
  const named = namedRunTimeRoutes(enabled, defaults, handlers);
  const skip = new Set(named.map((route) => route.taskType));
  return [...routes, ...named, ...fallbackRoutes(enabled, handlers, context, skip)];
}

/**
 * Task types no enabled plugin registers in its code that default-for-task-types gives to an enabled plugin whose
 * task types are read from its own config at run time (agent-service's supportedTaskTypes): they run there if that
 * config lists them, which the tool cannot see; said as such, never guessed either way.
 */
function namedRunTimeRoutes(enabled: Enabled, defaults: Map<string, string>, handlers: Map<string, Set<string>>): Route[] {
  const runTime = new Map(
    enabled.active.filter((plugin) => plugin.taskTypes === null).map((plugin) => [plugin.id.toLowerCase(), plugin.id]),
  );
  const handled = new Set([...handlers.keys()].map(cleanName));
  const fallback = defaultPluginsOf(enabled)[0];
  const otherwise = fallback ? `else on the default plugin '${fallback}'` : 'else such tasks fail';
  return [...defaults]
    .filter(([taskType, id]) => runTime.has(id) && !handled.has(taskType))
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([taskType, id]) => {
      const plugin = runTime.get(id) ?? id;
      return { taskType, plugin, why: `default-for-task-types, if ${plugin}'s own config lists it (supportedTaskTypes); ${otherwise}` };
    });
}

/** No default plugin and task types nobody runs: propeller starts, and every such task fails. */
function reportUnrunnable(types: readonly string[], context: CheckContext): void {
  const order = (type: string) => (COMMON_TASK_TYPES.includes(type) ? COMMON_TASK_TYPES.indexOf(type) : COMMON_TASK_TYPES.length);
  const sorted = [...types].sort((a, b) => order(a) - order(b) || compareStrings(a, b));
  const shown = sorted.length > 6 ? `${sorted.slice(0, 6).join(', ')} (+${sorted.length - 6} more)` : sorted.join(', ');
  const candidates = context.known.filter((plugin) => plugin.isDefault && isRunnable(plugin)).map((plugin) => plugin.id);
  const hint = candidates.length ? `; enable a default plugin ('${[...new Set(candidates)].join("' or '")}')` : '';
  const message =
    `no enabled plugin runs task types ${shown} and none is a default plugin: propeller starts, but these tasks fail ` +
    `("no plugin defined for Handler type … and no defaultPlugin configured")${hint}`;
  context.findings.push(
    finding('task-type-without-plugin', message, { location: listAt(context.config), plugins: candidates, taskTypes: sorted }),
  );
}

/**
 * Task types whose plugins are not enabled (the answer to "why did my Ray task run as a plain container?"),
 * and any other task type: both go to the default plugin, if there is one.
 */
function fallbackRoutes(enabled: Enabled, handlers: Map<string, Set<string>>, context: CheckContext, skip: ReadonlySet<string>): Route[] {
  const defaultPlugins = defaultPluginsOf(enabled);
  const fallback = defaultPlugins[0] ?? null;
  const unhandled = new Map<string, Set<string>>();
  for (const plugin of context.known.filter(isRunnable)) {
    for (const taskType of plugin.taskTypes ?? []) {
      if (!handlers.has(taskType) && !skip.has(cleanName(taskType)))
        unhandled.set(taskType, (unhandled.get(taskType) ?? new Set<string>()).add(plugin.id));
    }
  }
  const routes: Route[] = [];
  for (const [taskType, owners] of [...unhandled].sort(([a], [b]) => compareStrings(a, b))) {
    const who = [...owners].map((id) => `'${id}'`).join(' or ');
    const then = fallback ? 'falls back to the default plugin' : 'such tasks fail';
    routes.push({ taskType, plugin: fallback, why: `${who} would run it but ${owners.size > 1 ? 'are' : 'is'} not enabled: ${then}` });
  }
  if (!fallback && unhandled.size > 0) reportUnrunnable([...unhandled.keys()], context);
  if (defaultPlugins.length > 1) {
    const message =
      `several enabled plugins set IsDefault (${defaultPlugins.join(', ')}): ` +
      'the first one registered becomes the default, the others are ignored';
    context.findings.push(finding('several-default-plugins', message, { location: listAt(context.config), plugins: defaultPlugins }));
  }
  const why = fallback
    ? `default plugin (IsDefault${defaultPlugins.length > 1 ? ', if registered first' : ''})`
    : 'no default plugin: such tasks fail';
  routes.push({ taskType: '(any other)', plugin: fallback, why });
  return routes;
}

/** Why a task type does not run on the plugin expected. */
function whyNot(expected: Expectation, route: Route, context: CheckContext): string {
  const plugins = context.known.filter((plugin) => sameName(plugin.id, expected.plugin));
  if (plugins.length === 0) return `'${expected.plugin}' is no plugin of ${context.version}`;
  if (!plugins.every((plugin) => plugin.taskTypes === null || registers(plugin, expected.taskType))) {
    return `'${expected.plugin}' does not register ${expected.taskType}`;
  }
  const enabled = context.config.enabled;
  if (enabled?.length && !enabled.some((name) => sameName(name, expected.plugin))) return `'${expected.plugin}' is not enabled`;
  return route.why;
}

/** `--expect`: each task type must run on the plugin named; what the routing table says otherwise is a finding. */
export function checkExpectations(
  expectations: readonly Expectation[],
  routes: readonly Route[],
  context: CheckContext,
  flyte2: boolean,
): void {
  const other = routes.find((route) => route.taskType === '(any other)');
  for (const expected of expectations) {
    const location = defaultAt(context.config, expected.taskType) ?? nameAt(context.config, expected.plugin);
    const where = { location, plugins: [expected.plugin], taskTypes: [expected.taskType] };
    if (flyte2) {
      const reason = 'Flyte 2 routing is not predicted';
      const message = `${expected.taskType} is expected to run on '${expected.plugin}', which cannot be checked: ${reason}`;
      context.findings.push(finding('unexpected-route', message, where));
      continue;
    }
    const route = routes.find((candidate) => sameName(candidate.taskType, expected.taskType)) ?? other;
    if (!route || (route.plugin !== null && sameName(route.plugin, expected.plugin))) continue;
    const runs = route.plugin === null ? 'runs on no plugin' : `runs on '${route.plugin}'`;
    const message = `${expected.taskType} is expected to run on '${expected.plugin}' but ${runs}: ${whyNot(expected, route, context)}`;
    context.findings.push(
      finding('unexpected-route', message, { ...where, plugins: [expected.plugin, ...(route.plugin ? [route.plugin] : [])] }),
    );
  }
}
