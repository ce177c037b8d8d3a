import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/package-root.js';
import type { BundledIndex, CatalogBody, LinkedFrom } from '../catalog/bundle-index.js';
import { releaseLinkedFrom, withProvenance } from '../catalog/linking.js';
import { CATALOG_SCHEMA_VERSION } from '../catalog/version.js';
import type { Catalog } from '../catalog/schema.js';
import { FailedError } from '../errors.js';

const folder = join(packageRoot, 'cache');
let index: BundledIndex | undefined;

const EMPTY: BundledIndex = {
  schemaVersion: 2,
  generator: { name: '', version: '' },
  repos: {},
  catalogs: [],
  releases: {},
  propellers: {},
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
    value.schemaVersion === 2 &&
    isRecord(value.repos) &&
    isRecord(value.releases) &&
    isRecord(value.propellers) &&
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

function assemble(file: string, source: Omit<Catalog['source'], 'path' | 'module'>, linkedFrom?: LinkedFrom): Catalog {
  const index = bundledIndex();
  const body = bundledBody(file);
  return {
    schemaVersion: CATALOG_SCHEMA_VERSION,
    generator: index.generator,
    source: withProvenance({ ...source, path: body.path, module: body.module }, linkedFrom, source.release),
    plugins: body.plugins,
    unresolved: body.unresolved,
  };
}

/** The bundled catalog of a repository at a tag, if the package ships one: the same document a scan gives. */
export function bundledCatalog(repo: string, tag: string): Catalog | undefined {
  const entry = bundledIndex().catalogs.find((candidate) => candidate.repo === repo && candidate.tag === tag);
  return entry && assemble(entry.file, { repo, tag, commit: entry.commit }, entry.linkedFrom);
}

/** The bundled catalog of a Flyte release (`v1.8.0`): the plugins its propeller builds against, linked as that propeller links them. */
export function bundledReleaseCatalog(release: string): Catalog | undefined {
  const entry = bundledIndex().releases[release];
  if (!entry?.file || !entry.plugins || !entry.propeller) return undefined;
  const { repo, tag, commit } = entry.plugins;
  return assemble(entry.file, { repo, tag: tag ?? release, commit, release }, releaseLinkedFrom(entry));
}

/**
 * Every bundled version of `catalogs`, in index order (flyteplugins, then the monorepo's `flyteplugins/` tags),
 * with its commit and plugins: each shared file is read once, and versions of one file share one plugins array.
 */
export function bundledVersions(): { repo: string; tag: string; commit: string; plugins: Catalog['plugins'] }[] {
  return bundledIndex().catalogs.map(({ repo, tag, commit, file }) => ({ repo, tag, commit, plugins: bundledBody(file).plugins }));
}

const bodies = new Map<string, CatalogBody>();

/** A shipped catalog file, read and checked once per process (versions share files). */
function bundledBody(file: string): CatalogBody {
  let body = bodies.get(file);
  if (!body) {
    body = readShipped(file, isBody);
    bodies.set(file, body);
  }
  return body;
}
