import { isLinkedBy } from './plugin-rules.js';
import {
  linkedImportPaths,
  propellerKey,
  type BundledIndex,
  type LinkedFrom,
  type PropellerLinks,
  type ReleaseEntry,
} from './bundle-index.js';
import type { Catalog } from './schema.js';

/**
 * A catalog whose `linked` comes from a propeller that is not in the scanned tree (flyteorg/flyteplugins is
 * linked by flyteorg/flytepropeller): a plugin is linked when propeller imports its package (never from a
 * `_test.go` file). `source` names that propeller, and the Flyte release when one was asked for.
 */
function withLinks(catalog: Catalog, links: PropellerLinks, linkedFrom: LinkedFrom, release?: string): Catalog {
  const imported = linkedImportPaths(links);
  return {
    ...catalog,
    source: withProvenance(catalog.source, linkedFrom, release),
    plugins: catalog.plugins.map((plugin) => ({ ...plugin, linked: isLinkedBy(plugin, imported) })),
  };
}

/** The catalog's source with the release and the propeller, in one key order whoever builds it (bundled or scanned). */
export function withProvenance(
  source: Catalog['source'],
  linkedFrom: LinkedFrom | undefined,
  release: string | undefined,
): Catalog['source'] {
  const { repo, tag, commit, path, module } = source;
  return {
    repo,
    tag,
    commit,
    path,
    module,
    ...(release === undefined ? {} : { release }),
    ...(linkedFrom === undefined ? {} : { linkedFrom: orderedLinkedFrom(linkedFrom) }),
  };
}

function orderedLinkedFrom(from: LinkedFrom): LinkedFrom {
  return { repo: from.repo, ref: from.ref, commit: from.commit, ...(from.pinnedBy ? { pinnedBy: from.pinnedBy } : {}) };
}

/** The propeller a release's `linked` is read from, as a catalog records it. */
export function releaseLinkedFrom(entry: ReleaseEntry): LinkedFrom | undefined {
  return entry.propeller && { repo: entry.propeller.repo, ref: entry.propeller.ref, commit: entry.propeller.commit };
}

/**
 * The catalog of a Flyte release from a scan of its plugins: tagged with the plugins tag (the release tag in
 * Flyte 2), the release and its propeller recorded; `linked` from that propeller's imports when it sits in
 * another repository (flyteorg/flytepropeller), from the scan itself when it is in the scanned tree.
 */
export function releaseCatalog(scanned: Catalog, index: BundledIndex, release: string, entry: ReleaseEntry | undefined): Catalog {
  const tag = entry?.plugins?.tag ?? release;
  const catalog = { ...scanned, source: { ...scanned.source, tag } };
  const linkedFrom = entry ? releaseLinkedFrom(entry) : { repo: scanned.source.repo, ref: release, commit: scanned.source.commit ?? '' };
  const links = linkedFrom && linkedFrom.repo !== scanned.source.repo ? index.propellers[propellerKey(linkedFrom)] : undefined;
  if (links && linkedFrom) return withLinks(catalog, links, linkedFrom, release);
  return { ...catalog, source: withProvenance(catalog.source, linkedFrom, release) };
}

/** The catalog of a flyteplugins tag from a scan: `linked` from the flytepropeller tags that pin it, when the index knows them. */
export function pluginsTagCatalog(scanned: Catalog, index: BundledIndex): Catalog {
  const { repo, tag, commit } = scanned.source;
  const entry = index.catalogs.find((candidate) => candidate.repo === repo && candidate.tag === tag && candidate.commit === commit);
  const links = entry?.linkedFrom && index.propellers[propellerKey(entry.linkedFrom)];
  return links && entry?.linkedFrom ? withLinks(scanned, links, entry.linkedFrom) : scanned;
}
