import { newestModuleTag, type BundledIndex, type ReleaseEntry } from '../catalog/bundle-index.js';
import { FLYTE, FLYTEPLUGINS, MONOREPO_PLUGINS_PATH } from '../catalog/known-repos.js';
import { UsageError, SourceError } from '../errors.js';
import { checkRef, parseRepoName } from './github/names.js';
import { compareVersionTags, nearestTags } from '../util/nearest.js';

const MODULE_PREFIX = `${MONOREPO_PLUGINS_PATH}/`;

export interface VersionRequest {
  /** A flyteplugins version (`v0.5.25`, `v1.16.8`) or a monorepo module tag (`flyteplugins/v1.16.8`). */
  tag?: string;
  /** A Flyte release, a tag of flyteorg/flyte (`v1.8.0`, `v1.13.0`, `v2.0.43`). */
  flyteVersion?: string;
  /** Any repository that registers plugins the same way (`OWNER/NAME`). */
  repo?: string;
  path?: string;
}

export interface ResolvedVersion {
  owner: string;
  repo: string;
  ref: string;
  /** The plugin folder, when known; found from go.mod files otherwise. */
  path: string | undefined;
  /** The Flyte release asked for, and what the bundled index maps it to (absent for a release newer than the index). */
  release?: { tag: string; entry: ReleaseEntry | undefined };
}

function split(fullName: string, ref: string, path: string | undefined): ResolvedVersion {
  const { owner, repo } = parseRepoName(fullName);
  return { owner, repo, ref: checkRef(ref), path };
}

function unknownTag(tag: string, known: string[], flag: string): SourceError {
  const near = nearestTags(tag, known);
  return new SourceError(`unknown ${flag === '--tag' ? 'version' : 'Flyte release'} '${tag}'`, {
    hint:
      near.length > 0 ? `nearest tags: ${near.join(', ')}; 'flyte-plugin-catalog tags' lists them all` : 'see flyte-plugin-catalog tags',
  });
}

/**
 * The plugins version a `--tag` names, if it names one: a flyteplugins tag, or a module tag of the monorepo
 * (with or without its prefix).
 */
function pluginsTarget(tag: string, index: BundledIndex, path: string | undefined): ResolvedVersion | undefined {
  if (tag.startsWith(MODULE_PREFIX)) return split(FLYTE, tag, path ?? MONOREPO_PLUGINS_PATH);
  if ((index.repos[FLYTEPLUGINS]?.tags ?? []).includes(tag)) return split(FLYTEPLUGINS, tag, path);
  const monorepoTag = `${MODULE_PREFIX}${tag}`;
  if ((index.repos[FLYTE]?.tags ?? []).includes(monorepoTag)) return split(FLYTE, monorepoTag, path ?? MONOREPO_PLUGINS_PATH);
  return undefined;
}

/** A Flyte release → the repository, tag (or commit) and folder of the plugins its propeller builds against. */
function releaseTarget(flyteVersion: string, index: BundledIndex, path: string | undefined): ResolvedVersion {
  const entry = index.releases[flyteVersion];
  if (entry) {
    if (!entry.plugins) throw new SourceError(`Flyte ${flyteVersion} has no plugins to check against: ${entry.reason}`);
    const { repo, tag, path: folder } = entry.plugins;
    // Flyte 2 has no plugin tags: its plugins are read at the release tag itself; a pseudo-version pin at its commit.
    const target = split(repo, tag ?? (repo === FLYTE ? flyteVersion : entry.plugins.commit), path ?? (folder || undefined));
    return { ...target, release: { tag: flyteVersion, entry } };
  }
  const releases = Object.keys(index.releases);
  if (pluginsTarget(flyteVersion, index, path) && releases.length > 0) {
    throw new UsageError(`'${flyteVersion}' is a flyteplugins version, not a Flyte release`, { hint: `use --tag ${flyteVersion}` });
  }
  if (releases.length > 0 && compareVersionTags(flyteVersion, releases.at(-1) ?? '') <= 0) {
    throw unknownTag(flyteVersion, releases, '--flyte-version');
  }
  // Newer than the index: a Flyte 2 release, read at its own tag with the executor of the same commit.
  return { ...split(FLYTE, flyteVersion, path ?? MONOREPO_PLUGINS_PATH), release: { tag: flyteVersion, entry: undefined } };
}

/**
 * A version as a user names it → (repository, ref, folder). `--tag` names a plugins version: flyteplugins' own
 * tags are final (archived), a newer `vX.Y.Z` is the monorepo's `flyteplugins/vX.Y.Z`. `--flyte-version` names
 * a Flyte release, mapped by the bundled index to the plugins its propeller runs. Known versions resolve
 * without a request; a version newer than the index is tried as it is.
 */
export function resolveVersion(request: VersionRequest, index: BundledIndex): ResolvedVersion {
  const { tag, flyteVersion, repo, path } = request;
  if (flyteVersion && tag) throw new UsageError('give either --tag or --flyte-version, not both');
  if (repo) {
    const ref = tag ?? flyteVersion;
    if (!ref) throw new UsageError('--repo needs --tag REF (a tag, branch or commit)');
    return split(repo, ref, path);
  }
  if (flyteVersion) return releaseTarget(flyteVersion, index, path);
  if (!tag)
    throw new UsageError(
      'name a version with --tag (e.g. v0.5.25, flyteplugins/v1.16.8) or --flyte-version, or scan a local clone with --source',
    );
  const plugins = pluginsTarget(tag, index, path);
  if (plugins) return plugins;
  const release = index.releases[tag];
  // A tag of flyteorg/flyte on the commit of a module tag (`v1.9.2` is where `flyteplugins/v1.9.1` sits) is that version.
  if (release?.moduleTag) return split(FLYTE, release.moduleTag, path ?? MONOREPO_PLUGINS_PATH);
  if (release) {
    const runs = release.plugins
      ? `; its propeller runs ${release.plugins.repo} ${release.plugins.tag ?? release.plugins.commit.slice(0, 12)}`
      : '';
    throw new UsageError(`'${tag}' is a Flyte release, not a flyteplugins version${runs}`, { hint: `use --flyte-version ${tag}` });
  }
  const newest = newestModuleTag(index);
  if (newest && compareVersionTags(`${MODULE_PREFIX}${tag}`, newest) > 0)
    return split(FLYTE, `${MODULE_PREFIX}${tag}`, path ?? MONOREPO_PLUGINS_PATH);
  const monorepoTags = index.repos[FLYTE]?.tags ?? [];
  throw unknownTag(
    tag,
    [
      ...(index.repos[FLYTEPLUGINS]?.tags ?? []),
      ...monorepoTags.filter((candidate) => candidate.startsWith(MODULE_PREFIX)).map((t) => t.slice(MODULE_PREFIX.length)),
    ],
    '--tag',
  );
}
