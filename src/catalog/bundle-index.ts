import { FLYTE, MONOREPO_PLUGINS_PATH } from './known-repos.js';
import type { Catalog } from './schema.js';

/** A span of versions of one repository in which a plugin ID is registered (tags in version order). */
export interface IdSpan {
  repo: string;
  from: string;
  to: string;
}

/** `cache/index.json`: what the package knows without a network. Written by `npm run catalogs`, never by hand. */
export interface BundledIndex {
  schemaVersion: 1;
  /** Tags per repository, in version order: all of flyteplugins (archived), and flyte's `flyteplugins/*` and release tags. */
  repos: Record<string, { tags: string[]; archived: boolean }>;
  /** The generator that wrote the catalogs. */
  generator: { name: string; version: string };
  /**
   * Every scannable version: its commit, and the file holding its plugins
   * (versions that register the same plugins at the same places share one).
   */
  catalogs: { repo: string; tag: string; commit: string; file: string }[];
  /** Flyte release tags whose commit is that of a `flyteplugins/` module tag: `v1.13.0` → `flyteplugins/v1.13.0`. */
  releaseAliases: Record<string, string>;
  /** For each plugin ID ever registered (outside examples and tests), the versions that register it. */
  history: Record<string, IdSpan[]>;
}

/** What a bundled catalog file holds: the part that versions can share. */
export interface CatalogBody {
  path: string;
  module: string;
  plugins: Catalog['plugins'];
  unresolved: Catalog['unresolved'];
}

/** The newest `flyteplugins/` module tag of the monorepo that the index knows (tags are in version order). */
export function newestModuleTag(index: BundledIndex): string | undefined {
  return index.repos[FLYTE]?.tags.filter((tag) => tag.startsWith(`${MONOREPO_PLUGINS_PATH}/v`)).at(-1);
}
