import { readFile } from 'node:fs/promises';
import { bundledCatalog, bundledIndex } from './cache/bundled.js';
import { newestModuleTag } from './catalog/bundle-index.js';
import { FLYTE } from './catalog/known-repos.js';
import type { DiscoverOptions } from './discover.js';
import { ConfigError, UsageError } from './errors.js';
import { resolveVersion } from './source/versions.js';
import type { Catalog } from './catalog/schema.js';

export interface CatalogChoice {
  /** A catalog JSON file (e.g. written by `discover --out`). */
  catalog?: string;
  tag?: string;
  flyteVersion?: string;
}

/** The newest catalog bundled with the package: the default when no version is named. */
function newestBundled(): { repo: string; tag: string } | undefined {
  const index = bundledIndex();
  const tag = newestModuleTag(index);
  return index.catalogs.find((entry) => entry.repo === FLYTE && entry.tag === tag);
}

/**
 * The catalog a config command checks against: a file; else for a version, the bundled catalog when the
 * package ships one (tags are immutable, so it is what a scan would give), else the cache or a scan through
 * `discover`; with neither, the newest bundled catalog, said in a notice.
 */
export async function loadCatalog(
  choice: CatalogChoice,
  discoverOptions: Omit<DiscoverOptions, 'tag' | 'flyteVersion'>,
  notice: (message: string) => void,
): Promise<Catalog> {
  if (choice.catalog && (choice.tag || choice.flyteVersion))
    throw new UsageError('give either --catalog or --tag/--flyte-version, not both');
  if (choice.catalog) return readCatalogFile(choice.catalog);
  if (choice.tag || choice.flyteVersion) {
    const target = resolveVersion({ tag: choice.tag, flyteVersion: choice.flyteVersion }, bundledIndex());
    const bundled = bundledCatalog(`${target.owner}/${target.repo}`, target.ref);
    if (bundled) return bundled;
    // The scanner (tree-sitter, Octokit) loads only when no bundled catalog answers.
    const { discover } = await import('./discover.js');
    return (await discover({ ...discoverOptions, tag: choice.tag, flyteVersion: choice.flyteVersion })).catalog;
  }
  const newest = newestBundled();
  const catalog = newest && bundledCatalog(newest.repo, newest.tag);
  if (!catalog) throw new UsageError('name the plugin version with --tag (e.g. v1.16.8) or --catalog FILE');
  notice(`checking against ${newest.repo} ${newest.tag} (the newest bundled catalog); name your version with --tag`);
  return catalog;
}

async function readCatalogFile(path: string): Promise<Catalog> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read catalog ${path}: ${(error as Error).message}`);
  }
  // zod is loaded only here: a catalog from a file is validated; bundled and cached ones are ours.
  const { CatalogSchema } = await import('./catalog/schema.js');
  const parsed = CatalogSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${path} is not a plugin catalog: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
}
