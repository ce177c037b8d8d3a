import { readFile } from 'node:fs/promises';
import pLimit from 'p-limit';
import type { YAMLMap } from 'yaml';
import { bundledCatalog, bundledIndex, bundledReleaseCatalog } from './cache/bundled.js';
import { newestModuleTag, type BundledIndex } from './catalog/bundle-index.js';
import { FLYTE, FLYTEPLUGINS } from './catalog/known-repos.js';
import { readConfigVersion, type ConfigVersion, type VersionHint } from './config/version-hints.js';
import type { DiscoverOptions } from './discover.js';
import { ConfigError, UsageError } from './errors.js';
import { resolveVersion } from './source/versions.js';
import type { Catalog } from './catalog/schema.js';

export interface CatalogChoice {
  /** A catalog JSON file (e.g. written by `discover --out`). */
  catalog?: string;
  tag?: string;
  flyteVersion?: string;
  /** The config files being checked or edited, as already read: with no version named, the version they name is used. */
  configFiles?: readonly ConfigText[];
}

/** A config file's absolute path and its text, as the command read it (the file is read and parsed once). */
export interface ConfigText {
  path: string;
  text: string;
  /**
   * Its maps by their keys, as the reader found them (`ConfigFile.mapAt`), so that inferring the version does not
   * parse the file again (a plain file parses only the lines of the maps asked for).
   */
  mapAt?: (keys: readonly string[]) => YAMLMap | undefined;
}

/** The newest catalog bundled with the package for Flyte 1 or Flyte 2: the default when no version is named. */
function newestBundled(generation: 1 | 2): { label: string; catalog: Catalog | undefined } | undefined {
  const index = bundledIndex();
  if (generation === 2) {
    const release = Object.entries(index.releases)
      .filter(([, entry]) => entry.era === 'flyte2' && entry.file && entry.kind === 'release')
      .at(-1)?.[0];
    return release ? { label: `Flyte ${release}`, catalog: bundledReleaseCatalog(release) } : undefined;
  }
  const tag = newestModuleTag(index);
  const entry = index.catalogs.find((candidate) => candidate.repo === FLYTE && candidate.tag === tag);
  return entry && { label: `${entry.repo} ${entry.tag}`, catalog: bundledCatalog(entry.repo, entry.tag) };
}

/**
 * The releases of the index whose propeller is this one (a flyteorg/flytepropeller tag or a monorepo tag); the
 * newest real release is chosen.
 */
function releasesDeploying(index: BundledIndex, propeller: string): { chosen: string | undefined; all: string[] } {
  const refs = [propeller, `flytepropeller/${propeller}`];
  const deploying = Object.entries(index.releases).filter(([, entry]) => entry.file && refs.includes(entry.propeller?.ref ?? ''));
  const real = deploying.filter(([, entry]) => entry.kind === 'release').map(([tag]) => tag);
  return { chosen: real.at(-1) ?? deploying.at(-1)?.[0], all: real.length > 0 ? real : deploying.map(([tag]) => tag) };
}

/** What an image tag means: a propeller version (→ the release that deploys it, else the flyteplugins tag it pins), or a Flyte release. */
function versionOf(hint: VersionHint, index: BundledIndex): { choice: { tag?: string; flyteVersion?: string }; says: string } | undefined {
  if (hint.image === 'flytepropeller') {
    const { chosen, all } = releasesDeploying(index, hint.tag);
    const plugins = chosen ? index.releases[chosen]?.plugins : undefined;
    if (chosen && plugins) {
      const by = `Flyte ${all.join(', ')} deploy${all.length === 1 ? 's' : ''} it`;
      return {
        choice: { flyteVersion: chosen },
        says: `propeller ${hint.tag} / flyteplugins ${plugins.tag ?? plugins.commit.slice(0, 12)} (${by})`,
      };
    }
    const pinned = index.catalogs.find((entry) => entry.repo === FLYTEPLUGINS && entry.linkedFrom?.pinnedBy?.includes(hint.tag));
    if (pinned) return { choice: { tag: pinned.tag }, says: `propeller ${hint.tag} / flyteplugins ${pinned.tag} (the version it pins)` };
  }
  if (index.releases[hint.tag]?.file) return { choice: { flyteVersion: hint.tag }, says: `Flyte ${hint.tag}` };
  return undefined;
}

/** The version the config files name, said on stderr with its file and line; else the newest bundled catalog of the file's generation. */
function fromConfig(texts: readonly ConfigText[], notice: (message: string) => void): { choice?: CatalogChoice; read: ConfigVersion } {
  const read = readConfigVersion(texts);
  const index = bundledIndex();
  for (const hint of read.hints) {
    const version = versionOf(hint, index);
    if (!version) continue;
    notice(
      `inferred ${version.says} from ${hint.file}:${hint.line} (${hint.image}: ${hint.tag}); name another with --tag or --flyte-version`,
    );
    return { choice: version.choice, read };
  }
  return { read };
}

/**
 * The version a config command runs against: the one named, else the one its config files name (said in a
 * notice); else the choice as given, for which `loadCatalog` takes the newest bundled catalog (said there).
 */
export function namedOrInferred(choice: CatalogChoice, notice: (message: string) => void): CatalogChoice {
  if (choice.catalog || choice.tag || choice.flyteVersion || !choice.configFiles?.length) return choice;
  return fromConfig(choice.configFiles, notice).choice ?? choice;
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
    const bundled = target.release
      ? bundledReleaseCatalog(target.release.tag)
      : bundledCatalog(`${target.owner}/${target.repo}`, target.ref);
    if (bundled) return bundled;
    // The scanner (tree-sitter, Octokit) loads only when no bundled catalog answers.
    const { discover } = await import('./discover.js');
    return (await discover({ ...discoverOptions, tag: choice.tag, flyteVersion: choice.flyteVersion })).catalog;
  }
  const inferred = choice.configFiles?.length ? fromConfig(choice.configFiles, notice) : undefined;
  if (inferred?.choice) return loadCatalog(inferred.choice, discoverOptions, notice);
  const generation = inferred?.read.generation ?? 1;
  const newest = newestBundled(generation);
  if (!newest?.catalog) throw new UsageError('name the plugin version with --tag (e.g. v1.16.8) or --catalog FILE');
  const none = inferred?.read.unversioned.length ? ` (${inferred.read.unversioned[0]} names no version)` : '';
  const why = generation === 2 ? `; the file is Flyte 2: ${inferred?.read.flyte2Because}` : '';
  notice(
    `no version named${none}: checking against ${newest.label}, the newest bundled Flyte ${generation} catalog${why}; ` +
      'name yours with --tag or --flyte-version',
  );
  return newest.catalog;
}

/** How many versions are fetched and scanned at once when several are asked for (each through the cache). */
const VERSION_CONCURRENCY = 4;

/**
 * The catalogs of several versions, in the order asked: bundled ones at once, the others fetched and scanned
 * through the cache, at most `concurrency` at a time; a version asked twice is loaded once. The first failure
 * fails them all: the loads still waiting for a turn never start (those under way finish into the cache).
 */
export async function loadCatalogs(
  choices: readonly CatalogChoice[],
  discoverOptions: Omit<DiscoverOptions, 'tag' | 'flyteVersion'>,
  notice: (message: string) => void,
  concurrency = VERSION_CONCURRENCY,
): Promise<Catalog[]> {
  const limit = pLimit(concurrency);
  const loads = new Map<string, Promise<Catalog>>();
  const load = (choice: CatalogChoice) =>
    loadCatalog(choice, discoverOptions, notice).catch((error: unknown) => {
      limit.clearQueue();
      throw error;
    });
  return Promise.all(
    choices.map((choice) => {
      const key = JSON.stringify([choice.catalog, choice.tag, choice.flyteVersion]);
      let loading = loads.get(key);
      if (!loading) {
        loading = limit(() => load(choice));
        loads.set(key, loading);
      }
      return loading;
    }),
  );
}

/**
 * A version named without a flag (`diff FROM TO`): a plugins version as `--tag` takes it (flyteplugins or monorepo
 * module tag) when it is one, else a Flyte release as `--flyte-version` takes it; `release` asks for a release only.
 * A name that is both (`v1.1.0`, `v1.9.1`), with a release running other plugins, is read as the plugins version and
 * said in a notice. An unknown version fails as `--tag` would.
 */
export function versionChoice(
  version: string,
  release: boolean,
  notice: (message: string) => void,
): { tag?: string; flyteVersion?: string } {
  if (release) return { flyteVersion: version };
  const index = bundledIndex();
  let target: ReturnType<typeof resolveVersion>;
  try {
    target = resolveVersion({ tag: version }, index);
  } catch (error) {
    if (index.releases[version]) return { flyteVersion: version };
    throw error;
  }
  const runs = index.releases[version]?.plugins;
  if (runs && (runs.repo !== `${target.owner}/${target.repo}` || (runs.tag ?? runs.commit) !== target.ref))
    notice(
      `'${version}' is read as the plugins version ${target.ref}; Flyte release ${version} runs ${runs.repo} ` +
        `${runs.tag ?? runs.commit.slice(0, 12)} (compare releases with --releases)`,
    );
  return { tag: version };
}

/**
 * `check --upgrade-to V`: V read like the current version. After `--tag`, as `--tag` takes it (else a Flyte
 * release, as `diff` reads it); otherwise (`--flyte-version`, a version inferred from the config, `--catalog`, the
 * newest bundled) a Flyte release when the index knows one by that name, since a release is what an operator
 * upgrades to, else as `--tag` takes it.
 */
export function upgradeChoice(
  version: string,
  current: CatalogChoice,
  notice: (message: string) => void,
): { tag?: string; flyteVersion?: string } {
  if (!current.tag && bundledIndex().releases[version]?.file) return { flyteVersion: version };
  return versionChoice(version, false, notice);
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
