import { FLYTE, MONOREPO_PLUGINS_PATH } from './known-repos.js';
import type { Catalog } from './schema.js';

/** A span of versions of one repository in which a plugin ID is registered (tags in version order). */
export interface IdSpan {
  repo: string;
  from: string;
  to: string;
  /** Registered there only in example, test-helper or `_test.go` code: not a plugin to run. */
  flagged?: boolean;
}

/** The propeller whose imports say which plugin packages are linked: a tag of flyteorg/flytepropeller, or a commit of the monorepo. */
export interface LinkedFrom {
  repo: string;
  /** The propeller version (`v1.1.106`, `flytepropeller/v1.13.0`, a Flyte 2 release tag). */
  ref: string;
  commit: string;
  /** For a bare flyteplugins tag: every flytepropeller tag that pins it (`ref` is the one read). */
  pinnedBy?: string[];
}

/** What one propeller links: the plugin packages its Go files import, where, and the agent/connector registration calls. */
export interface PropellerLinks {
  commit: string;
  /** The Go module of the plugins imported (`github.com/flyteorg/flyteplugins`); null when none is. */
  module: string | null;
  /** The flyteplugins packages imported (blank or not) by non-test Go files of propeller, relative to `<module>/go/tasks/`. */
  packages: string[];
  /** The propeller files that import them. */
  files: string[];
  /** `RegisterAgentPlugin` / `RegisterConnectorPlugin` calls, as `Name file:line`. */
  calls: string[];
}

/** How a tag of flyteorg/flyte is classified: a real release, a pre-release, an image version tag of the monorepo move, a stray tag. */
export type ReleaseKind = 'release' | 'prerelease' | 'component' | 'stray';
export type ReleaseEra = 'pre-gomod' | 'gomod' | 'monorepo' | 'flyte2';

/**
 * A tag of flyteorg/flyte (no `/`) and what it runs: the propeller the flyte-core chart deploys (the
 * release process re-tags it as `flytepropeller-release:<release>`), and the flyteplugins that propeller
 * builds against. In Flyte 2, the executor and plugins of the release commit itself.
 */
export interface ReleaseEntry {
  kind: ReleaseKind;
  era: ReleaseEra;
  commit: string;
  /** The propeller that runs, and the file and line that name it. */
  propeller?: { repo: string; ref: string; commit: string; path: string; from: string };
  /** The plugins it builds against; `tag` is null when no tag sits on that commit (Flyte 2). */
  plugins?: { repo: string; tag: string | null; commit: string; path: string };
  /** Why there is no bundled catalog: the mapping cannot be derived, or its plugins cannot be scanned. */
  reason?: string;
  /** A `flyteplugins/` module tag on the release commit itself: what `--tag <release>` names. */
  moduleTag?: string;
  /** The bundled catalog body (`catalogs/<hash>.json`), when there is one. */
  file?: string;
}

/** `cache/index.json`: what the package knows without a network. Written by `npm run catalogs`, never by hand. */
export interface BundledIndex {
  schemaVersion: 2;
  /** Tags per repository, in version order: all of flyteplugins (archived), and flyte's `flyteplugins/*` and release tags. */
  repos: Record<string, { tags: string[]; archived: boolean }>;
  /** The generator that wrote the catalogs. */
  generator: { name: string; version: string };
  /**
   * Every scannable version: its commit, and the file holding its plugins (versions that register the same
   * plugins at the same places share one).
   */
  catalogs: { repo: string; tag: string; commit: string; file: string; linkedFrom?: LinkedFrom }[];
  /** Every tag of flyteorg/flyte without a `/`, in version order, with the propeller and plugins it runs. */
  releases: Record<string, ReleaseEntry>;
  /** What each propeller named by `releases` or `catalogs[].linkedFrom` links, by `repo@ref`. */
  propellers: Record<string, PropellerLinks>;
  /** For each plugin ID ever registered, the versions that register it (spans in example or test code only are marked `flagged`). */
  history: Record<string, IdSpan[]>;
}

/** What a bundled catalog file holds: the part that versions can share. */
export interface CatalogBody {
  path: string;
  module: string;
  plugins: Catalog['plugins'];
  unresolved: Catalog['unresolved'];
}

/** The newest `flyteplugins/` module tag of the monorepo that the index knows (tags are in version order). */
export function newestModuleTag(index: BundledIndex): string | undefined {
  return index.repos[FLYTE]?.tags.filter((tag) => tag.startsWith(`${MONOREPO_PLUGINS_PATH}/v`)).at(-1);
}

/** The import paths of the packages a propeller links. */
export function linkedImportPaths(links: PropellerLinks): Set<string> {
  return new Set(links.packages.map((pkg) => `${links.module}/go/tasks/${pkg}`));
}

/** The key of a propeller in `BundledIndex.propellers`. */
export function propellerKey(from: { repo: string; ref: string }): string {
  return `${from.repo}@${from.ref}`;
}
