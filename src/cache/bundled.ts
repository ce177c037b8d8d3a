import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/package-root.js';
import type { Catalog } from '../catalog/schema.js';

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
  /** Every scannable version: its commit, and the file holding its plugins (versions that register the same plugins at the same places share one). */
  catalogs: { repo: string; tag: string; commit: string; file: string }[];
  /** Flyte release tags whose commit is that of a `flyteplugins/` module tag: `v1.13.0` → `flyteplugins/v1.13.0`. */
  releaseAliases: Record<string, string>;
  /** For each plugin ID ever registered (outside examples and tests), the versions that register it. */
  history: Record<string, IdSpan[]>;
}

const folder = join(packageRoot, 'cache');
let index: BundledIndex | undefined;

const EMPTY: BundledIndex = { schemaVersion: 1, generator: { name: '', version: '' }, repos: {}, catalogs: [], releaseAliases: {}, history: {} };

export function bundledIndex(): BundledIndex {
  if (!index) {
    try {
      index = JSON.parse(readFileSync(join(folder, 'index.json'), 'utf8')) as BundledIndex;
    } catch {
      index = EMPTY;
    }
  }
  return index;
}

/** The newest `flyteplugins/` module tag of the monorepo that the index knows (tags are in version order). */
export function newestModuleTag(index: BundledIndex = bundledIndex()): string | undefined {
  return index.repos['flyteorg/flyte']?.tags.filter((tag) => tag.startsWith('flyteplugins/v')).at(-1);
}

/** What a bundled catalog file holds: the part that versions can share. */
export interface CatalogBody {
  path: string;
  module: string;
  plugins: Catalog['plugins'];
  unresolved: Catalog['unresolved'];
}

/** The bundled catalog of a repository at a tag, if the package ships one: the same document a scan gives. */
export function bundledCatalog(repo: string, tag: string): Catalog | undefined {
  const index = bundledIndex();
  const entry = index.catalogs.find((candidate) => candidate.repo === repo && candidate.tag === tag);
  if (!entry) return undefined;
  const body = JSON.parse(readFileSync(join(folder, entry.file), 'utf8')) as CatalogBody;
  return {
    schemaVersion: 1,
    generator: index.generator,
    source: { repo, tag, commit: entry.commit, path: body.path, module: body.module },
    plugins: body.plugins,
    unresolved: body.unresolved,
  };
}
