import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/package-root.js';
import type { BundledIndex, CatalogBody } from '../catalog/bundle-index.js';
import type { Catalog } from '../catalog/schema.js';
import { CATALOG_SCHEMA_VERSION } from '../catalog/version.js';
import { FailedError } from '../errors.js';

const folder = join(packageRoot, 'cache');
let index: BundledIndex | undefined;

const EMPTY: BundledIndex = {
  schemaVersion: 1,
  generator: { name: '', version: '' },
  repos: {},
  catalogs: [],
  releaseAliases: {},
  history: {},
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The shipped files are ours (`npm run catalogs`), but they are still read from disk: a damaged install must
 * fail with one line, not with a TypeError deep in a command. The check is structural and cheap (no zod at
 * start-up); `test/catalog/bundled.test.ts` validates every shipped catalog against the full schema.
 */
function readShipped<T>(file: string, check: (value: unknown) => value is T): T {
  const path = join(folder, file);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new FailedError(`the bundled file ${path} cannot be read (${error instanceof Error ? error.message : String(error)})`, {
      hint: 'reinstall flyte-plugin-catalog',
    });
  }
  if (!check(value)) throw new FailedError(`the bundled file ${path} is damaged`, { hint: 'reinstall flyte-plugin-catalog' });
  return value;
}

function isIndex(value: unknown): value is BundledIndex {
  return (
    isRecord(value) &&
    value.schemaVersion === 1 &&
    isRecord(value.repos) &&
    Array.isArray(value.catalogs) &&
    isRecord(value.history) &&
    isRecord(value.generator)
  );
}

function isBody(value: unknown): value is CatalogBody {
  return (
    isRecord(value) &&
    typeof value.path === 'string' &&
    typeof value.module === 'string' &&
    Array.isArray(value.plugins) &&
    Array.isArray(value.unresolved)
  );
}

/** `cache/index.json`; an empty index when the package ships none (a bare checkout before `npm run catalogs`). */
export function bundledIndex(): BundledIndex {
  if (!index) {
    index = existsSync(join(folder, 'index.json')) ? readShipped('index.json', isIndex) : EMPTY;
  }
  return index;
}

/** The bundled catalog of a repository at a tag, if the package ships one: the same document a scan gives. */
export function bundledCatalog(repo: string, tag: string): Catalog | undefined {
  const index = bundledIndex();
  const entry = index.catalogs.find((candidate) => candidate.repo === repo && candidate.tag === tag);
  if (!entry) return undefined;
  const body = readShipped(entry.file, isBody);
  return {
    schemaVersion: CATALOG_SCHEMA_VERSION,
    generator: index.generator,
    source: { repo, tag, commit: entry.commit, path: body.path, module: body.module },
    plugins: body.plugins,
    unresolved: body.unresolved,
  };
}
