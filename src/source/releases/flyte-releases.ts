import type { LinkedFrom, PropellerLinks, ReleaseEntry, ReleaseEra, ReleaseKind } from '../../catalog/bundle-index.js';
import { FLYTE, FLYTEPLUGINS, MONOREPO_PLUGINS_PATH } from '../../catalog/known-repos.js';
import { compareStrings } from '../../util/compare.js';
import { compareVersionTags } from '../../util/nearest.js';
import { propellerImageTag, type ImageTag } from './chart-tag.js';
import type { GitReader } from './git-reader.js';
import { readLinks, readPluginsPin, type PluginsPin } from './propeller.js';

export const FLYTEPROPELLER = 'flyteorg/flytepropeller';

/** Local clones: flyteorg/flyte, and, for releases before the monorepo, flyteorg/flytepropeller and flyteorg/flyteplugins. */
export interface MappingRepos {
  flyte: GitReader;
  propeller?: GitReader | undefined;
  plugins?: GitReader | undefined;
}

export function byVersion(a: string, b: string): number {
  return compareVersionTags(a, b) || compareStrings(a, b);
}

/** The tags of flyteorg/flyte that name a whole Flyte (no `/`), in version order. */
export function flyteReleaseTags(flyte: GitReader): string[] {
  return flyte
    .tags()
    .filter((tag) => !tag.includes('/') && /^v?\d+\.\d+\.\d+/.test(tag))
    .sort(byVersion);
}

/** `v1.9.2`–`v1.9.37` are image versions cut during the move to the monorepo; `v0.1.24`–`v0.1.30` and tags without `v` are strays. */
export function classifyReleaseTag(tag: string): ReleaseKind {
  if (!tag.startsWith('v')) return 'stray';
  const match = /^v(\d+)\.(\d+)\.(\d+)$/.exec(tag);
  if (!match) return 'prerelease';
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (major === 1 && minor === 9 && patch >= 2 && patch <= 37) return 'component';
  if (major === 0 && minor === 1 && patch >= 24) return 'stray';
  return 'release';
}

function eraOf(flyte: GitReader, tag: string, commit: string): ReleaseEra {
  const goMod = flyte.show(commit, 'go.mod');
  if (tag.startsWith('v2.') || /^module\s+\S+\/v2\s*$/m.test(goMod ?? '')) return 'flyte2';
  if (flyte.exists(commit, 'flytepropeller/go.mod')) return 'monorepo';
  if (/github\.com\/flyteorg\/flytepropeller\s+v/.test(goMod ?? '')) return 'gomod';
  return 'pre-gomod';
}

/**
 * Maps every tag of flyteorg/flyte to the propeller that runs and the flyteplugins it builds against, from
 * local clones only (README, "Flyte releases"). Each propeller's links are read once and kept in `propellers`.
 */
export class ReleaseMapper {
  readonly propellers = new Map<string, PropellerLinks>();
  private readonly pins = new Map<string, PluginsPin | undefined>();

  constructor(private readonly repos: MappingRepos) {}

  mapRelease(tag: string): ReleaseEntry {
    const { flyte } = this.repos;
    const commit = flyte.commitOf(`refs/tags/${tag}`);
    if (!commit) throw new Error(`no tag ${tag} in ${flyte.dir}`);
    const era = eraOf(flyte, tag, commit);
    const entry: ReleaseEntry = { kind: classifyReleaseTag(tag), era, commit };
    if (era === 'flyte2') return this.mapFlyte2(entry, tag);
    const image = propellerImageTag(flyte, commit);
    if (!image) {
      return { ...entry, reason: 'no propeller image tag in its charts, helm values, sandbox manifest or kustomize overlay' };
    }
    return this.mapImage(entry, image);
  }

  /** Flyte 2: the executor and the plugins of the release commit itself (one Go module, no plugin tags). */
  private mapFlyte2(entry: ReleaseEntry, tag: string): ReleaseEntry {
    const { flyte } = this.repos;
    if (!flyte.exists(entry.commit, 'executor')) return { ...entry, reason: 'a Flyte 2 pre-release without executor/ (no propeller yet)' };
    if (!flyte.exists(entry.commit, MONOREPO_PLUGINS_PATH))
      return { ...entry, reason: 'a Flyte 2 pre-release without flyteplugins/ in its tree' };
    this.remember(FLYTE, tag, () => readLinks(flyte, entry.commit, 'executor/'));
    return {
      ...entry,
      propeller: { repo: FLYTE, ref: tag, commit: entry.commit, path: 'executor', from: 'executor/' },
      plugins: { repo: FLYTE, tag: null, commit: entry.commit, path: MONOREPO_PLUGINS_PATH },
    };
  }

  /** The image tag → a `flytepropeller/<tag>` commit of the monorepo, else a tag of flyteorg/flytepropeller. */
  private mapImage(entry: ReleaseEntry, image: ImageTag): ReleaseEntry {
    const { flyte, propeller } = this.repos;
    const from = `${image.file}:${image.line}`;
    const monorepoRef = `flytepropeller/${image.tag}`;
    const monorepoCommit = flyte.commitOf(`refs/tags/${monorepoRef}`);
    if (monorepoCommit) return this.mapMonorepoPropeller(entry, monorepoRef, monorepoCommit, from);
    if (!propeller) {
      return {
        ...entry,
        reason: `propeller ${image.tag} (${from}) is in flyteorg/flytepropeller: map it with --mirror DIR=${FLYTEPROPELLER}`,
      };
    }
    const commit = propeller.commitOf(`refs/tags/${image.tag}`);
    if (!commit) return { ...entry, reason: `propeller image tag ${image.tag} (${from}) is no tag of flyteorg/flyte or ${FLYTEPROPELLER}` };
    const pin = this.pinOf(image.tag);
    const mapped = { ...entry, propeller: { repo: FLYTEPROPELLER, ref: image.tag, commit, path: '', from } };
    if (!pin?.commit) return { ...mapped, reason: `propeller ${image.tag} pins no flyteplugins version found in ${FLYTEPLUGINS}` };
    this.remember(FLYTEPROPELLER, image.tag, () => readLinks(propeller, commit, ''));
    return { ...mapped, plugins: { repo: FLYTEPLUGINS, tag: pin.tag, commit: pin.commit, path: '' } };
  }

  private mapMonorepoPropeller(entry: ReleaseEntry, ref: string, commit: string, from: string): ReleaseEntry {
    const { flyte } = this.repos;
    const goMod = flyte.show(commit, 'flytepropeller/go.mod') ?? '';
    const mapped = { ...entry, propeller: { repo: FLYTE, ref, commit, path: 'flytepropeller', from } };
    if (!/^\s*(replace\s+)?github\.com\/flyteorg\/flyte\/flyteplugins\s*=>\s*\.\.\/flyteplugins/m.test(goMod)) {
      return {
        ...mapped,
        reason: `${ref} does not build against the flyteplugins/ of its own commit (no replace in flytepropeller/go.mod)`,
      };
    }
    const atCommit = flyte
      .tagsAt(commit)
      .filter((tag) => tag.startsWith(`${MONOREPO_PLUGINS_PATH}/`))
      .sort(byVersion);
    const wanted = `${MONOREPO_PLUGINS_PATH}/${ref.slice(ref.indexOf('/') + 1)}`;
    const tag = atCommit.includes(wanted) ? wanted : (atCommit.at(-1) ?? null);
    this.remember(FLYTE, ref, () => readLinks(flyte, commit, 'flytepropeller/'));
    return { ...mapped, plugins: { repo: FLYTE, tag, commit, path: MONOREPO_PLUGINS_PATH } };
  }

  private remember(repo: string, ref: string, read: () => PropellerLinks): void {
    const key = `${repo}@${ref}`;
    if (!this.propellers.has(key)) this.propellers.set(key, read());
  }

  /** The flyteplugins pin of a flyteorg/flytepropeller tag (memoised). */
  pinOf(propellerTag: string): PluginsPin | undefined {
    const { propeller, plugins } = this.repos;
    if (!propeller || !plugins) return undefined;
    if (!this.pins.has(propellerTag)) {
      const commit = propeller.commitOf(`refs/tags/${propellerTag}`);
      this.pins.set(propellerTag, commit ? readPluginsPin(propeller, plugins, commit) : undefined);
    }
    return this.pins.get(propellerTag);
  }

  /**
   * For a bare flyteplugins tag, the flytepropeller tags that pin it, and the one whose links stand for it:
   * the propeller a Flyte release deploys (the newest such release), else the newest that pins it.
   */
  linkedForPluginsTag(pluginsTag: string, releases: ReadonlyMap<string, ReleaseEntry>): LinkedFrom | undefined {
    const { propeller } = this.repos;
    if (!propeller) return undefined;
    const pinnedBy = propeller
      .tags()
      .filter((tag) => this.pinOf(tag)?.tag === pluginsTag)
      .sort(byVersion);
    if (pinnedBy.length === 0) return undefined;
    const deployed = [...releases.values()]
      .filter((entry) => entry.kind === 'release' && entry.propeller?.repo === FLYTEPROPELLER)
      .map((entry) => entry.propeller?.ref ?? '')
      .filter((ref) => pinnedBy.includes(ref));
    const ref = deployed.at(-1) ?? pinnedBy.at(-1) ?? '';
    const commit = propeller.commitOf(`refs/tags/${ref}`) ?? '';
    this.remember(FLYTEPROPELLER, ref, () => readLinks(propeller, commit, ''));
    return { repo: FLYTEPROPELLER, ref, commit, pinnedBy };
  }
}
