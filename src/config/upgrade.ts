import { diffVersions, type Rename } from '../catalog/diff.js';
import { catalogVersion, findPlugin, pluginsForTaskType, versionLabel } from '../catalog/names.js';
import { isRunnable } from '../catalog/plugin-rules.js';
import type { Catalog } from '../catalog/schema.js';
import { sameName } from './check-context.js';
import type { CheckReport, EditStep, Finding, Route, RouteChange } from './report-schema.js';

/** The catalogs of the version a config runs on today and of the one it is upgraded to. */
export interface UpgradeCatalogs {
  current: Catalog;
  target: Catalog;
}

/** What an upgrade changes, once per pair of catalogs: their names and the plugin IDs added, removed and renamed. */
export interface UpgradeContext extends UpgradeCatalogs {
  from: string;
  to: string;
  renames: Rename[];
  added: string[];
  removed: string[];
}

const ANY = '(any other)';
const RUN_TIME = '(configured at run time)';

export function upgradeContext(catalogs: UpgradeCatalogs): UpgradeContext {
  const version = (catalog: Catalog) => ({ repo: catalog.source.repo, tag: versionLabel(catalog), plugins: catalog.plugins });
  const diff = diffVersions(version(catalogs.current), version(catalogs.target));
  return {
    ...catalogs,
    from: diff.from,
    to: diff.to,
    renames: diff.renamed,
    added: diff.added.map((state) => state.id),
    removed: diff.removed.map((state) => state.id),
  };
}

/** A finding's identity across versions: its rule and message, with the versions' names taken out. */
function keyOf(versions: readonly string[]): (finding: Finding) => string {
  const longestFirst = [...new Set(versions)].sort((a, b) => b.length - a.length);
  return (finding) =>
    `${finding.rule}\n${longestFirst.reduce((message, version) => message.split(version).join('{version}'), finding.message)}`;
}

/** The findings the target version adds and those it no longer has. */
export function compareFindings(current: CheckReport, target: CheckReport, context: UpgradeContext) {
  const key = keyOf([catalogVersion(context.current), catalogVersion(context.target)]);
  const before = new Set(current.findings.map(key));
  const after = new Set(target.findings.map(key));
  return {
    appeared: target.findings.filter((finding) => !before.has(key(finding))),
    disappeared: current.findings.filter((finding) => !after.has(key(finding))),
  };
}

/** The route a task type takes: its own row, else the one of any other task type. */
function routeOf(routes: readonly Route[], taskType: string): Route | undefined {
  return routes.find((route) => route.taskType === taskType) ?? routes.find((route) => route.taskType === ANY);
}

/** Whether a plugin ID matches a plugin propeller of that version runs (not an example or test, and linked). */
function isActiveIn(catalog: Catalog, id: string): boolean {
  return findPlugin(catalog, id).some(
    (plugin) => !plugin.flags.includes('example') && !plugin.flags.includes('test') && plugin.linked !== false,
  );
}

/** The plugins of the target version that would run a task type if enabled: a renamed ID's new name first. */
function unlessEnabled(taskType: string, before: string | null, after: string | null, target: CheckReport, context: UpgradeContext) {
  if (target.enabled === 'all') return [];
  const enabled = target.enabled;
  const renamed = context.renames.filter((rename) => before !== null && sameName(rename.from, before)).map((rename) => rename.to);
  const runners =
    taskType === RUN_TIME
      ? context.target.plugins.filter((plugin) => plugin.taskTypes === null && isRunnable(plugin)).map((plugin) => plugin.id)
      : pluginsForTaskType(context.target, taskType);
  return [...new Set([...renamed, ...runners])].filter(
    (id) => isActiveIn(context.target, id) && id !== after && !enabled.some((name) => sameName(name, id)),
  );
}

function change(taskType: string, before: Route | undefined, after: Route | undefined, target: CheckReport, context: UpgradeContext) {
  const from = before?.plugin ?? null;
  const to = after?.plugin ?? null;
  const own = after?.taskType === taskType;
  const why = own || taskType === ANY ? (after?.why ?? 'no route') : `no plugin of ${context.to} registers it: ${after?.why ?? 'no route'}`;
  return { taskType, before: from, after: to, why, unless: unlessEnabled(taskType, from, to, target, context) };
}

/** Plugins whose task types are configured at run time: each is one route of its own. */
function runTimeChanges(current: CheckReport, target: CheckReport, context: UpgradeContext): RouteChange[] {
  const plugins = (report: CheckReport) =>
    report.routes.flatMap((route) => (route.taskType === RUN_TIME && route.plugin !== null ? [route.plugin] : []));
  const before = plugins(current);
  const after = plugins(target);
  const other = routeOf(target.routes, ANY);
  const gone = before.filter((plugin) => !after.includes(plugin));
  const added = after.filter((plugin) => !before.includes(plugin));
  return [
    ...gone.map((plugin) => {
      const what =
        findPlugin(context.target, plugin).length > 0 ? `is not linked by propeller of ${context.to}` : `is no plugin of ${context.to}`;
      const why = `'${plugin}' ${what}: ${other?.plugin ? 'its task types fall back to the default plugin' : 'its tasks fail'}`;
      return { ...change(RUN_TIME, { taskType: RUN_TIME, plugin, why: '' }, other, target, context), why };
    }),
    ...added.map((plugin) => {
      const route = target.routes.find((candidate) => candidate.taskType === RUN_TIME && candidate.plugin === plugin);
      return { ...change(RUN_TIME, routeOf(current.routes, ANY), route, target, context), unless: [] };
    }),
  ];
}

/** Task types that run on another plugin after the upgrade (Flyte 2's routing is not predicted: none). */
export function compareRoutes(current: CheckReport, target: CheckReport, context: UpgradeContext): RouteChange[] {
  if (current.rules !== 'flyte-v1' || target.rules !== 'flyte-v1') return [];
  const named = (route: Route) => route.taskType !== ANY && route.taskType !== RUN_TIME;
  const types = [...new Set([...current.routes.filter(named), ...target.routes.filter(named)].map((route) => route.taskType))];
  const changes = [...types, ANY].flatMap((taskType) => {
    const before = routeOf(current.routes, taskType);
    const after = routeOf(target.routes, taskType);
    return before?.plugin === after?.plugin ? [] : [change(taskType, before, after, target, context)];
  });
  return [...changes, ...runTimeChanges(current, target, context)];
}

/** The edit that keeps today's behaviour on the target version, as enable/disable steps, and what it cannot keep. */
export interface KeepPlan {
  steps: EditStep[];
  notes: string[];
}

interface Defaults {
  taskType: string;
  plugin: string;
}

/** What an ID gone from the target version did, and where its tasks go now. */
function goneNote(id: string, mapped: readonly string[], target: CheckReport, context: UpgradeContext): string {
  const why =
    findPlugin(context.target, id).length > 0
      ? `propeller of ${context.to} does not link '${id}'`
      : `'${id}' is no plugin of ${context.to}`;
  const types = [...new Set(findPlugin(context.current, id).flatMap((plugin) => plugin.taskTypes ?? [RUN_TIME]))];
  const goes = types.map((type) => `${type} → ${routeOf(target.routes, type)?.plugin ?? 'no plugin'}`).join(', ');
  const defaults = mapped.length > 0 ? `; disable --yes removes its defaults (${mapped.join(', ')}) from the block it edits` : '';
  return `${why} and nothing replaces it: disable it${defaults}; its task types run elsewhere (${goes || 'none'})`;
}

/**
 * Per ID the config enables today: kept when the target version runs it; renamed, enable the new ID (moving its
 * defaults) and disable the old; gone or no longer linked, disable it (and its defaults), with a note. Enables
 * come first, so a disable never empties the list on the way.
 */
export function planKeep(target: CheckReport, current: CheckReport, defaults: readonly Defaults[], context: UpgradeContext): KeepPlan {
  const notes: string[] = [];
  for (const finding of current.findings.filter((one) => one.rule === 'unknown-plugin' || one.rule === 'plugin-not-linked')) {
    const name = finding.plugins[0];
    if (name && isActiveIn(context.target, name))
      notes.push(`'${name}' matches nothing on ${context.from} but runs on ${context.to}: it starts running after the upgrade`);
  }
  if (current.enabled === 'all' || target.rules !== 'flyte-v1') {
    if (target.rules !== 'flyte-v1')
      notes.push(`${context.to} is Flyte 2: it has no enabled-plugins to edit, and its routing is not predicted`);
    return { steps: [], notes };
  }
  const steps: EditStep[] = [];
  const disable: EditStep = { command: 'disable', ids: [], defaultFor: [], removeDefaults: false, why: '' };
  for (const id of current.enabled.filter((one) => !isActiveIn(context.target, one))) {
    const mapped = defaults.filter((entry) => sameName(entry.plugin, id)).map((entry) => entry.taskType);
    const rename = context.renames.find((candidate) => sameName(candidate.from, id) && isActiveIn(context.target, candidate.to));
    disable.ids.push(id);
    if (rename) {
      const why = `'${id}' is called '${rename.to}' on ${context.to} (renamed: ${rename.basis})`;
      steps.push({ command: 'enable', ids: [rename.to], defaultFor: mapped, removeDefaults: false, why });
    } else {
      disable.removeDefaults ||= mapped.length > 0;
      notes.push(goneNote(id, mapped, target, context));
    }
  }
  if (disable.ids.length === 0) return { steps, notes };
  const verb = disable.ids.length === 1 ? 'matches' : 'match';
  disable.why = `${disable.ids.map((id) => `'${id}'`).join(', ')} ${verb} nothing on ${context.to}`;
  return { steps: mergeEnables(steps).concat(disable), notes };
}

/** Enables without defaults go in one command; one with --default-for names its single ID. */
function mergeEnables(steps: readonly EditStep[]): EditStep[] {
  const plain = steps.filter((step) => step.defaultFor.length === 0);
  const merged: EditStep[] =
    plain.length > 1
      ? [{ ...plain[0], ids: plain.flatMap((step) => step.ids), why: plain.map((step) => step.why).join('; ') } as EditStep]
      : plain;
  return [...merged, ...steps.filter((step) => step.defaultFor.length > 0)];
}
