import { distance } from 'fastest-levenshtein';
import { bundledIndex, newestModuleTag, type IdSpan } from '../cache/bundled.js';
import type { Catalog, CatalogPlugin } from './schema.js';

/** How propeller v1 compares names: trimmed and lower-cased. */
export function cleanName(name: string): string {
  return name.trim().toLowerCase();
}

export function isFlagged(plugin: CatalogPlugin): boolean {
  return plugin.flags.some((flag) => flag === 'example' || flag === 'testing' || flag === 'test');
}

/** The catalog's registrations of a name, matched as propeller matches (trimmed, case-insensitive). */
export function findPlugin(catalog: Catalog, name: string): CatalogPlugin[] {
  const wanted = cleanName(name);
  return catalog.plugins.filter((plugin) => plugin.id.toLowerCase() === wanted);
}

export function pluginIds(catalog: Catalog, options: { includeFlagged: boolean }): string[] {
  return [...new Set(catalog.plugins.filter((plugin) => options.includeFlagged || !isFlagged(plugin)).map((plugin) => plugin.id))];
}

/** The fail-fast bundle registers every task type only to fail it: it never "runs" one. */
export function isCatchAll(plugin: CatalogPlugin): boolean {
  return plugin.package.endsWith('/pluginmachinery/bundle');
}

/** The plugins that run a task type (not example, test or catch-all ones). */
export function pluginsForTaskType(catalog: Catalog, taskType: string): string[] {
  const wanted = cleanName(taskType);
  const runs = (plugin: CatalogPlugin): boolean =>
    !isFlagged(plugin) && !isCatchAll(plugin) && plugin.linked !== false && Boolean(plugin.taskTypes?.some((type) => type.toLowerCase() === wanted));
  return [...new Set(catalog.plugins.filter(runs).map((plugin) => plugin.id))];
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
  return scored.filter((entry) => entry.score === best).map((entry) => entry.id).sort();
}

/** flyteplugins' last tag runs on as the monorepo's first `flyteplugins/` tag: one span, not two. */
function joinAcrossRepos(spans: readonly IdSpan[]): IdSpan[] {
  const index = bundledIndex();
  const lastPlugins = index.repos['flyteorg/flyteplugins']?.tags.at(-1);
  const firstModule = index.repos['flyteorg/flyte']?.tags.find((tag) => tag.startsWith('flyteplugins/v'));
  const joined: IdSpan[] = [];
  for (const span of spans) {
    const previous = joined.at(-1);
    if (previous && previous.to === lastPlugins && span.from === firstModule) joined[joined.length - 1] = { ...previous, repo: span.repo, to: span.to };
    else joined.push({ ...span });
  }
  return joined;
}

/** Where an ID is registered in other versions: "registered from flyteplugins/v1.15.1 on", or in ranges. */
export function otherVersions(name: string): { spans: IdSpan[]; text: string } | undefined {
  const history = bundledIndex().history;
  const id = Object.keys(history).find((candidate) => candidate.toLowerCase() === cleanName(name));
  const spans = id ? joinAcrossRepos(history[id] ?? []) : [];
  if (spans.length === 0) return undefined;
  const newest = newestModuleTag();
  const parts = spans.map((span) => {
    if (span.to === newest) return `from ${span.from} on`;
    return span.from === span.to ? `in ${span.from} only` : `from ${span.from} to ${span.to}`;
  });
  return { spans, text: parts.join(', ') };
}

export function catalogVersion(catalog: Catalog): string {
  return catalog.source.tag ?? catalog.source.commit?.slice(0, 12) ?? catalog.source.repo;
}
