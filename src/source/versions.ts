import { newestModuleTag, type BundledIndex } from '../catalog/bundle-index.js';
import { FLYTE, FLYTEPLUGINS, MONOREPO_PLUGINS_PATH } from '../catalog/known-repos.js';
import { UsageError, SourceError } from '../errors.js';
import { checkRef, parseRepoName } from './github/names.js';
import { compareVersionTags, nearestTags } from '../util/nearest.js';

const MODULE_PREFIX = `${MONOREPO_PLUGINS_PATH}/`;

export interface VersionRequest {
  /** A flyteplugins version (`v0.5.25`, `v1.16.8`) or a monorepo module tag (`flyteplugins/v1.16.8`). */
  tag?: string;
  /** A Flyte release tag of the monorepo (`v1.13.0`). */
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
}

function split(fullName: string, ref: string, path: string | undefined): ResolvedVersion {
  const { owner, repo } = parseRepoName(fullName);
  return { owner, repo, ref: checkRef(ref), path };
}

function unknownTag(tag: string, known: string[]): SourceError {
  const near = nearestTags(tag, known);
  return new SourceError(`unknown version '${tag}'`, {
    hint:
      near.length > 0 ? `nearest tags: ${near.join(', ')}; 'flyte-plugin-catalog tags' lists them all` : 'see flyte-plugin-catalog tags',
  });
}

/**
 * A version as a user names it → (repository, ref, folder). flyteplugins' tags are final (archived), so
 * a tag it has is its own; a newer `vX.Y.Z` is the monorepo's `flyteplugins/vX.Y.Z`. Known tags come from
 * the bundled index, so resolving costs no request; a version newer than the index is tried as it is.
 */
export function resolveVersion(request: VersionRequest, index: BundledIndex): ResolvedVersion {
  const { tag, flyteVersion, repo, path } = request;
  if (flyteVersion && tag) throw new UsageError('give either --tag or --flyte-version, not both');
  if (repo) {
    const ref = tag ?? flyteVersion;
    if (!ref) throw new UsageError('--repo needs --tag REF (a tag, branch or commit)');
    return split(repo, ref, path);
  }
  if (flyteVersion) {
    // A release cut on the same commit as its module tag is that tag: no request needed, and its catalog may be bundled.
    const alias = index.releaseAliases?.[flyteVersion];
    if (alias) return split(FLYTE, alias, path ?? MONOREPO_PLUGINS_PATH);
    const known = (index.repos[FLYTE]?.tags ?? []).filter((candidate) => /^v\d/.test(candidate));
    if (known.length > 0 && !known.includes(flyteVersion) && compareVersionTags(flyteVersion, known.at(-1) ?? '') <= 0) {
      throw unknownTag(flyteVersion, known);
    }
    return split(FLYTE, flyteVersion, path);
  }
  if (!tag)
    throw new UsageError(
      'name a version with --tag (e.g. v0.5.25, flyteplugins/v1.16.8) or --flyte-version, or scan a local clone with --source',
    );
  if (tag.startsWith(MODULE_PREFIX)) return split(FLYTE, tag, path ?? MONOREPO_PLUGINS_PATH);
  const pluginsTags = index.repos[FLYTEPLUGINS]?.tags ?? [];
  if (pluginsTags.includes(tag)) return split(FLYTEPLUGINS, tag, path);
  const monorepoTag = `${MODULE_PREFIX}${tag}`;
  const monorepoTags = index.repos[FLYTE]?.tags ?? [];
  const newest = newestModuleTag(index);
  if (monorepoTags.includes(monorepoTag) || (newest && compareVersionTags(monorepoTag, newest) > 0)) {
    return split(FLYTE, monorepoTag, path ?? MONOREPO_PLUGINS_PATH);
  }
  throw unknownTag(tag, [
    ...pluginsTags,
    ...monorepoTags.filter((candidate) => candidate.startsWith(MODULE_PREFIX)).map((t) => t.slice(MODULE_PREFIX.length)),
  ]);
}
