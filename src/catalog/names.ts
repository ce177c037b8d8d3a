import { distance } from 'fastest-levenshtein';
import { isFlagged, isRunnable } from './plugin-rules.js';
import type { Catalog, CatalogPlugin } from './schema.js';

/** How propeller v1 compares names: trimmed and lower-cased. */
export function cleanName(name: string): string {
  return name.trim().toLowerCase();
}

/** The catalog's registrations of a name, matched as propeller matches (trimmed, case-insensitive). */
export function findPlugin(catalog: Catalog, name: string): CatalogPlugin[] {
  const wanted = cleanName(name);
  return catalog.plugins.filter((plugin) => plugin.id.toLowerCase() === wanted);
}

/** The plugins that run a task type: runnable ones (not example, test or catch-all, and linked). */
export function pluginsForTaskType(catalog: Catalog, taskType: string): string[] {
  const wanted = cleanName(taskType);
  const runs = (plugin: CatalogPlugin): boolean =>
    isRunnable(plugin) && Boolean(plugin.taskTypes?.some((type) => cleanName(type) === wanted));
  return [...new Set(catalog.plugins.filter(runs).map((plugin) => plugin.id))];
}

/** The IDs of the plugins worth writing into a list: runnable in propeller (see plugin-rules.ts). */
export function runnableIds(catalog: Catalog): string[] {
  return [...new Set(catalog.plugins.filter(isRunnable).map((plugin) => plugin.id))];
}

export function pluginIds(catalog: Catalog, options: { includeFlagged: boolean }): string[] {
  return [...new Set(catalog.plugins.filter((plugin) => options.includeFlagged || !isFlagged(plugin)).map((plugin) => plugin.id))];
}

function normalise(name: string): string {
  return cleanName(name).replace(/[_\s]/g, '-');
}

/**
 * IDs close to a name: the same but for `_` vs `-`, a prefix either way, or a small edit distance.
 * Every ID at the best distance is returned (ties listed); nothing when nothing is close.
 */
export function suggestIds(name: string, ids: readonly string[]): string[] {
  const wanted = normalise(name);
  if (!wanted) return [];
  const exactish = ids.filter((id) => normalise(id) === wanted);
  if (exactish.length > 0) return exactish;
  const scored = ids.map((id) => {
    const candidate = normalise(id);
    const prefix = candidate.startsWith(wanted) || wanted.startsWith(candidate);
    const score = prefix && Math.min(candidate.length, wanted.length) >= 3 ? 1 : distance(wanted, candidate);
    return { id, score };
  });
  const limit = wanted.length <= 3 ? 1 : wanted.length <= 8 ? 2 : 3;
  const best = Math.min(...scored.map((entry) => entry.score));
  if (!Number.isFinite(best) || best > limit) return [];
  return scored
    .filter((entry) => entry.score === best)
    .map((entry) => entry.id)
    .sort();
}

export function catalogVersion(catalog: Catalog): string {
  return catalog.source.tag ?? catalog.source.commit?.slice(0, 12) ?? catalog.source.repo;
}

/** A version as a person names it: `Flyte v1.9.0 (v1.1.16)` for a release's catalog, else the plugins version. */
export function versionLabel(catalog: Catalog): string {
  const { release } = catalog.source;
  return release ? `Flyte ${release} (${catalogVersion(catalog)})` : catalogVersion(catalog);
}
