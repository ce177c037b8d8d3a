import { bundledCatalog, bundledIndex, bundledReleaseCatalog } from './cache/bundled.js';
import { pluginsTagCatalog, releaseCatalog } from './catalog/linking.js';
import { CacheStore } from './cache/store.js';
import { serializeCatalog } from './catalog/serialize.js';
import { generator } from './package-info.js';
import type { Catalog } from './catalog/schema.js';
import { checkCatalog } from './catalog/json-schema.js';
import { MONOREPO_PLUGINS_PATH } from './catalog/known-repos.js';
import { CATALOG_SCHEMA_VERSION } from './catalog/version.js';
import { LOCAL_SCAN_HINT, ScanError, SourceError } from './errors.js';
import type { ScanResult } from './scan/scan.js';
import type { GitHubDeps } from './source/github/github-source.js';
import { cachedCommit } from './source/github/refs.js';
import { DEFAULT_API_URL, type GitHubSettings } from './source/github/settings.js';
import type { SourceTree } from './source/types.js';
import { resolveVersion, type ResolvedVersion, type VersionRequest } from './source/versions.js';
import { nearestTags } from './util/nearest.js';

// Only what every path needs is imported above. The scanner (tree-sitter, the Go evaluator) and the network
// code (Octokit, undici, the tar reader) are imported where they are first needed: a warm cache answer loads neither, a
// local scan loads no network code.

/** A version (`VersionRequest`: tag, Flyte release, repository, plugin folder) and where to read it from. */
export interface DiscoverOptions extends VersionRequest {
  /** A local git repository or folder; without it, the version is fetched from GitHub. */
  source?: string;
  /** Answer from the caches only. */
  offline?: boolean;
  /** Download and scan even when a bundled or cached catalog of the same commit exists. */
  rescan?: boolean;
  /** The user cache folder; no caching without it. */
  cacheDir?: string;
  github?: GitHubSettings;
  onProgress?: (received: number, total: number | undefined) => void;
  /** The tree-sitter binding to scan with (`auto`: native where it loads, else WASM). */
  engine?: string | undefined;
  /** `--debug` lines for stderr: which engine scanned, with what effort. */
  onDebug?: ((message: string) => void) | undefined;
  /** One-line notices for stderr (which catalog served an offline answer, cache trouble). */
  onNotice?: (message: string) => void;
}

function reportScan(scan: ScanResult, options: DiscoverOptions): void {
  const { engine, goFiles, candidates, parsed } = scan.stats;
  options.onDebug?.(`scanned with ${engine}: ${goFiles} Go files, ${candidates} candidates, ${parsed} parses`);
}

type ServedFrom = 'scan' | 'user-cache' | 'bundled';

export interface DiscoverResult {
  catalog: Catalog;
  stats: ScanResult['stats'] | undefined;
  servedFrom: ServedFrom;
}

/** Read a source at a version, find its plugin registrations and return the catalog. Prints nothing. */
export async function discover(options: DiscoverOptions): Promise<DiscoverResult> {
  if (options.source !== undefined) return discoverLocal(options.source, options);
  return discoverGitHub(options);
}

/** Scan a tree and build its catalog: the scanner is imported here, on first use. */
async function scanTree(
  tree: SourceTree,
  path: string | undefined,
  options: DiscoverOptions,
): Promise<{ catalog: Catalog; scan: ScanResult }> {
  const [{ scanSource }, { buildCatalog }] = await Promise.all([import('./scan/scan.js'), import('./scan/build-catalog.js')]);
  const scan = await scanSource(tree, { path, engine: options.engine });
  reportScan(scan, options);
  return { catalog: buildCatalog(scan), scan };
}

/**
 * Start loading the scanner (its modules and the tree-sitter engine) while the archive downloads, when the
 * main thread mostly waits on the network and the gunzip. Each is loaded once per process, so `scanTree`
 * finds them loaded, or meets the same failure then and reports it; here a failure is only caught, so that
 * a download that fails still fails as it would have.
 */
function preloadScanner(options: DiscoverOptions): void {
  const loading = Promise.all([import('./scan/scan.js'), import('./scan/build-catalog.js'), import('./scan/go-parser.js')]);
  loading.then(([, , { loadGoEngine }]) => loadGoEngine(options.engine)).catch(() => undefined);
}

/**
 * A local clone. `--tag` is any ref of it; `--flyte-version` is the commit of the plugins that release runs
 * (the clone must hold it: flyteorg/flyteplugins before the monorepo, flyteorg/flyte after).
 */
async function discoverLocal(path: string, options: DiscoverOptions): Promise<DiscoverResult> {
  const { openLocalSource } = await import('./source/local.js');
  const target = options.flyteVersion
    ? resolveVersion({ flyteVersion: options.flyteVersion, path: options.path }, bundledIndex())
    : undefined;
  const ref = target?.release?.entry?.plugins?.commit ?? target?.ref ?? options.tag;
  const source = await openLocalSource(path, ref, options.repo ?? (target && `${target.owner}/${target.repo}`)).catch((error: unknown) => {
    if (!target || !(error instanceof SourceError)) throw error;
    throw new SourceError(
      `Flyte ${options.flyteVersion} runs the plugins of ${target.owner}/${target.repo} ${target.ref}, which ${path} does not hold`,
      {
        hint: `pass a clone of ${target.owner}/${target.repo} to --source, or drop --source to use the bundled catalog`,
        cause: error,
      },
    );
  });
  try {
    const { catalog, scan } = await scanTree(source, options.path ?? target?.path, options);
    return { catalog: finish(catalog, target), stats: scan.stats, servedFrom: 'scan' };
  } finally {
    await source.close();
  }
}

/** A scanned catalog as the bundled one of the same version reads: a release's provenance and links, or a flyteplugins tag's links. */
function finish(catalog: Catalog, target: ResolvedVersion | undefined): Catalog {
  if (target?.release) return releaseCatalog(catalog, bundledIndex(), target.release.tag, target.release.entry);
  // A plain folder has no commit: no bundled entry can link it, so the index (~380 KB of JSON) is not read.
  if (catalog.source.commit === null) return catalog;
  return pluginsTagCatalog(catalog, bundledIndex());
}

function catalogKey(target: ResolvedVersion, commit: string): string[] {
  // A release's catalog differs from its plugin tag's (linked comes from that release's propeller).
  const release = target.release ? `${target.release.tag}@` : '';
  const version = `${release}${generator.version}+${CATALOG_SCHEMA_VERSION}.json`;
  return ['catalogs', target.owner, target.repo, commit, target.path ?? '-', version];
}

/** The catalog the package ships for this version, if any. */
function bundledFor(target: ResolvedVersion): Catalog | undefined {
  if (target.release) return bundledReleaseCatalog(target.release.tag);
  const name = `${target.owner}/${target.repo}`;
  return target.path === undefined || target.path === MONOREPO_PLUGINS_PATH ? bundledCatalog(name, target.ref) : undefined;
}

/** A release whose plugins cannot be scanned says why, before anything is downloaded. */
function refuseUnscannable(target: ResolvedVersion): void {
  const entry = target.release?.entry;
  if (entry?.reason && !entry.file) throw new ScanError(`Flyte ${target.release?.tag}: ${entry.reason}`);
}

/**
 * A cached catalog, checked against the shipped JSON Schema (the checksum proves the bytes, not their
 * meaning), by a checker that does not load zod: the warm answer stays close to a bare node start.
 */
async function readCachedCatalog(cache: CacheStore | undefined, key: string[]): Promise<Catalog | undefined> {
  return cache?.readJson(key, checkCatalog);
}

/** A catalog read back for another ref of the same commit says the ref the user asked for (a release's says its plugin tag). */
function asRequested(catalog: Catalog, target: ResolvedVersion): Catalog {
  return target.release ? catalog : { ...catalog, source: { ...catalog.source, tag: target.ref } };
}

async function discoverGitHub(options: DiscoverOptions): Promise<DiscoverResult> {
  const target = resolveVersion(options, bundledIndex());
  refuseUnscannable(target);
  const notice = options.onNotice ?? (() => undefined);
  const cache = options.cacheDir ? new CacheStore(options.cacheDir, notice) : undefined;
  if (options.offline) return answerOffline(target, cache, notice, 'offline');
  // A tag seen before is answered from the user cache before any network code is loaded.
  const warm = options.rescan ? undefined : await cachedCommit(target, cache);
  const cached = warm ? await readCachedCatalog(cache, catalogKey(target, warm)) : undefined;
  if (cached) return { catalog: asRequested(cached, target), stats: undefined, servedFrom: 'user-cache' };
  return discoverRemote(target, cache, notice, options, warm);
}

async function discoverRemote(
  target: ResolvedVersion,
  cache: CacheStore | undefined,
  notice: (message: string) => void,
  options: DiscoverOptions,
  warm: string | undefined,
): Promise<DiscoverResult> {
  const [{ fetchArchive, requestCommit, resolveCommit }, { createOctokit, GitHubNotFoundError, GitHubUnreachableError }, { archiveTree }] =
    await Promise.all([
      import('./source/github/github-source.js'),
      import('./source/github/octokit.js'),
      import('./source/github/tarball.js'),
    ]);
  const settings = options.github ?? { apiUrl: DEFAULT_API_URL };
  const deps: GitHubDeps = { octokit: createOctokit(settings), settings, cache, onProgress: options.onProgress };
  try {
    // `warm`: the commit the cache already named, whose catalog it did not hold; nothing to read again.
    let known = warm ?? (await resolveCommit(target, deps));
    const cached = known && !warm && !options.rescan ? await readCachedCatalog(cache, catalogKey(target, known)) : undefined;
    if (cached) return { catalog: asRequested(cached, target), stats: undefined, servedFrom: 'user-cache' };
    // A version the package ships costs one small request (tag → commit): the bundled catalog answers for that commit.
    const bundled = options.rescan ? undefined : bundledFor(target);
    if (bundled?.source.commit) {
      known ??= await requestCommit(target, deps);
      if (known === bundled.source.commit) {
        notice(
          `served from the bundled catalog of ${bundled.source.repo} ${bundled.source.tag} ` +
            `(${known.slice(0, 12)}, the commit GitHub names); --rescan scans it again`,
        );
        return { catalog: bundled, stats: undefined, servedFrom: 'bundled' };
      }
    }

    preloadScanner(options);
    const archive = await fetchArchive(target, known, deps);
    const provenance = { repo: `${target.owner}/${target.repo}`, tag: target.ref, commit: archive.commit };
    const scanned = await scanTree(archiveTree(archive, provenance), target.path, options);
    const catalog = finish(scanned.catalog, target);
    const scan = scanned.scan;
    await cache?.write(catalogKey(target, archive.commit), serializeCatalog(catalog));
    return { catalog, stats: scan.stats, servedFrom: 'scan' };
  } catch (error) {
    if (error instanceof GitHubUnreachableError) return answerOffline(target, cache, notice, error.brief, error);
    if (error instanceof GitHubNotFoundError) throw await unknownRef(target, deps, error);
    throw error;
  }
}

async function unknownRef(target: ResolvedVersion, deps: GitHubDeps, cause: Error): Promise<Error> {
  const { listTags } = await import('./source/github/github-source.js');
  const tags = await listTags(target, deps).catch(() => undefined);
  if (tags === undefined) return cause;
  // The tag asked for is never its own nearest tag, whoever lists it (the bundled index, a stale tags page).
  const near = nearestTags(
    target.ref,
    tags.filter((tag) => tag !== target.ref),
  );
  const bundled = bundledIndex().repos[`${target.owner}/${target.repo}`]?.tags.includes(target.ref);
  const hints = [near.length > 0 ? `nearest tags: ${near.join(', ')}` : tags.length > 0 ? '' : 'the repository has no tags'];
  if (bundled) hints.unshift(`the bundled index knows ${target.ref}: --offline answers from it`);
  return new SourceError(`no tag, branch or commit '${target.ref}' in ${target.owner}/${target.repo} on GitHub`, {
    hint: hints.filter(Boolean).join('; ') || undefined,
    cause,
  });
}

/** From the user cache (a tag seen before), else from the catalogs bundled with the package. */
async function answerOffline(
  target: ResolvedVersion,
  cache: CacheStore | undefined,
  notice: (message: string) => void,
  why: string,
  cause?: Error,
): Promise<DiscoverResult> {
  const name = `${target.owner}/${target.repo}`;
  const commit = await cachedCommit(target, cache);
  const cached = commit ? await readCachedCatalog(cache, catalogKey(target, commit)) : undefined;
  if (cached) {
    notice(`${why}: served from the user cache: ${name} ${target.ref} (${commit?.slice(0, 12)})`);
    return { catalog: asRequested(cached, target), stats: undefined, servedFrom: 'user-cache' };
  }
  const bundled = bundledFor(target);
  if (bundled) {
    const release = target.release ? `Flyte ${target.release.tag} → ` : '';
    notice(`${why}: served from the bundled catalog ${release}${name} ${bundled.source.tag} (${bundled.source.commit?.slice(0, 12)})`);
    return { catalog: bundled, stats: undefined, servedFrom: 'bundled' };
  }
  const shipped = bundledIndex()
    .catalogs.filter((entry) => entry.repo === name)
    .map((entry) => entry.tag);
  throw new SourceError(`${why}, and no cached or bundled catalog exists for ${name} ${target.ref}`, {
    hint:
      shipped.length > 0
        ? `nearest bundled: ${nearestTags(target.ref, shipped).join(', ')}; ${LOCAL_SCAN_HINT}`
        : LOCAL_SCAN_HINT.replace(/^or /, ''),
    cause,
  });
}
