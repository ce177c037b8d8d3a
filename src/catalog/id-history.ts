import { compareVersionTags } from '../util/nearest.js';
import { byId, findRenames, type IdState, type RenameBasis, stateOf, type VersionPlugins } from './diff.js';

/**
 * A run of consecutive versions in which an ID is registered the same way (same repo, kind, task types, flags,
 * files, linked): `linked` is what the versions that know it say (a flyteplugins tag no propeller pins cannot
 * know, null), null when none does.
 */
export interface HistorySpan extends Omit<IdState, 'defaultForTaskTypes' | 'isDefault'> {
  repo: string;
  from: string;
  to: string;
  /** Example, test-helper or `_test.go` registration: registered, but not a plugin to run. */
  flagged: boolean;
}

/** An ID that ends where another begins at the same registration site: `to` is first registered at `at`, right after `after`. */
export interface HistoryRename {
  from: string;
  to: string;
  basis: RenameBasis;
  after: string;
  at: string;
}

export interface IdHistories {
  spans: Record<string, HistorySpan[]>;
  renames: HistoryRename[];
}

const FLAGGED = new Set(['example', 'testing', 'test']);

/** What a span keeps the same; `linked` apart, as a version that cannot know (null) continues either answer. */
function spanKey(repo: string, state: IdState): string {
  return JSON.stringify([repo, state.kind, state.taskTypes, state.flags, state.files]);
}

/** Whether a version continues a span: same key, and no linked answer contradicting the span's. */
function continues(span: HistorySpan | undefined, openKey: string | undefined, key: string, linked: boolean | null): span is HistorySpan {
  return span !== undefined && openKey === key && (linked === null || span.linked === null || span.linked === linked);
}

function spanOf(version: VersionPlugins, state: IdState): HistorySpan {
  const { kind, taskTypes, linked, flags, files } = state;
  const flagged = flags.some((flag) => FLAGGED.has(flag));
  return { repo: version.repo, from: version.tag, to: version.tag, kind, taskTypes, linked, flags, files, flagged };
}

/**
 * The history of every ID over versions given in order (flagged IDs included): its spans, and the renames between
 * consecutive versions. Versions that share their plugins array (one bundled file) are compared once.
 */
export function idHistories(versions: readonly VersionPlugins[]): IdHistories {
  const spans: Record<string, HistorySpan[]> = {};
  const renames: HistoryRename[] = [];
  const open = new Map<string, string>();
  let previous: VersionPlugins | undefined;
  for (const version of versions) {
    if (previous && previous.plugins !== version.plugins) {
      for (const rename of findRenames(previous.plugins, version.plugins))
        renames.push({ ...rename, after: previous.tag, at: version.tag });
    }
    const ids = byId(version.plugins);
    for (const id of open.keys()) if (!ids.has(id)) open.delete(id);
    for (const [id, entries] of ids) {
      const state = stateOf(entries);
      const key = spanKey(version.repo, state);
      const list = spans[id] ?? [];
      spans[id] = list;
      const last = list.at(-1);
      if (continues(last, open.get(id), key, state.linked)) {
        last.to = version.tag;
        last.linked ??= state.linked;
      } else list.push(spanOf(version, state));
      open.set(id, key);
    }
    previous = version;
  }
  return { spans, renames };
}

/**
 * Versions in order with more added (`history --with`): one already there is replaced, another goes before the
 * first version of its repository and tag prefix that sorts after it (after the last one when none does), or at the end.
 */
export function withVersions<V extends VersionPlugins>(versions: readonly V[], extra: readonly V[]): V[] {
  const merged = [...versions];
  for (const version of extra) {
    const same = merged.findIndex((other) => other.repo === version.repo && other.tag === version.tag);
    if (same >= 0) {
      merged[same] = version;
      continue;
    }
    const prefix = (tag: string): string => tag.slice(0, tag.lastIndexOf('/') + 1);
    let at = merged.length;
    for (const [position, other] of merged.entries()) {
      if (other.repo !== version.repo || prefix(other.tag) !== prefix(version.tag)) continue;
      at = position + 1;
      if (compareVersionTags(other.tag, version.tag) > 0) {
        at = position;
        break;
      }
    }
    merged.splice(at, 0, version);
  }
  return merged;
}

const CANONICAL = /(^|\/)v\d+\.\d+\.\d+(-[\w.]+)?$/;

/**
 * Versions without alias tags: a tag spelled off the `vX.Y.Z[-pre]` pattern (`flyteplugins/1.15.1`,
 * `flyteplugins/v1.16.0b4`) on the commit of a tag spelled on it says nothing new, so a span starts at the real one.
 */
export function withoutAliases<V extends VersionPlugins & { commit?: string | null }>(versions: readonly V[]): V[] {
  const canonical = new Set(
    versions.filter((version) => version.commit && CANONICAL.test(version.tag)).map((version) => `${version.repo}@${version.commit}`),
  );
  return versions.filter((version) => CANONICAL.test(version.tag) || !canonical.has(`${version.repo}@${version.commit}`));
}
