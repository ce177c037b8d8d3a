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
  /** The catalogs shipped in this folder. */
  catalogs: { repo: string; tag: string; commit: string; file: string }[];
  /** Flyte release tags whose commit is that of a `flyteplugins/` module tag: `v1.13.0` → `flyteplugins/v1.13.0`. */
  releaseAliases: Record<string, string>;
  /** For each plugin ID ever registered (outside examples and tests), the versions that register it. */
  history: Record<string, IdSpan[]>;
}

const folder = join(packageRoot, 'cache');
let index: BundledIndex | undefined;

const EMPTY: BundledIndex = { schemaVersion: 1, repos: {}, catalogs: [], releaseAliases: {}, history: {} };

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

/** The bundled catalog of a repository at a tag, if the package ships one. */
export function bundledCatalog(repo: string, tag: string): Catalog | undefined {
  const entry = bundledIndex().catalogs.find((candidate) => candidate.repo === repo && candidate.tag === tag);
  if (!entry) return undefined;
  return JSON.parse(readFileSync(join(folder, entry.file), 'utf8')) as Catalog;
}
