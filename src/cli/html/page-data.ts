import { byId, type RenameBasis, stateOf, type VersionPlugins } from '../../catalog/diff.js';
import type { HistorySpan, IdHistories } from '../../catalog/id-history.js';

/** A version as the page shows it; the commit, when known, makes a file:line a link to the source. */
export interface PageVersion extends VersionPlugins {
  commit?: string | null;
}

/** Consecutive versions shown as one column when collapsed: a minor release (`v1.0.x`), or one version in a diff. */
interface PageGroup {
  label: string;
  repo: string;
  first: number;
  count: number;
}

/** A history span with version indexes instead of tags; `linked` is what the versions of the span that know it say. */
interface PageSpan extends Omit<HistorySpan, 'repo' | 'from' | 'to'> {
  first: number;
  last: number;
}

/** Consecutive versions in which an ID is registered at the same `path:line`s (repository-relative). */
interface PageSites {
  first: number;
  last: number;
  at: string[];
}

interface PageRename {
  id: string;
  /** The index of the first version with the new ID. */
  at: number;
  basis: RenameBasis;
}

/** One ID: a row of the matrix. `mark` says what a diff did to it. */
export interface PageRow {
  id: string;
  spans: PageSpan[];
  sites: PageSites[];
  /**
   * Whether each version links the ID, one character per version: `y` linked, `n` not linked, `?` unknown (a
   * flyteplugins tag no propeller pins), `.` not registered. Per version, as pinned and unpinned tags alternate.
   */
  linked: string;
  renamedFrom: PageRename[];
  renamedTo: PageRename[];
  mark?: 'added' | 'removed' | 'renamed' | 'changed';
}

/** Everything the page's script needs, embedded in the page as JSON. */
export interface PageData {
  kind: 'history' | 'diff';
  title: string;
  subtitle: string;
  versions: { tag: string; repo: string; commit: string | null }[];
  groups: PageGroup[];
  rows: PageRow[];
  /** A diff's changes, one line each: what, which ID, the detail. */
  changes?: string[][];
}

const MINOR = /^(.*\/)?v?(\d+)\.(\d+)(?=\D|$)/;

/** Runs of consecutive versions of one repository and minor release: `v1.0.x`, `flyteplugins/v1.9.x`. */
export function minorGroups(versions: readonly VersionPlugins[]): PageGroup[] {
  const groups: PageGroup[] = [];
  versions.forEach((version, index) => {
    const match = MINOR.exec(version.tag);
    const label = match ? `${match[1] ?? ''}v${match[2]}.${match[3]}.x` : version.tag;
    const last = groups.at(-1);
    if (last && last.repo === version.repo && last.label === label) last.count += 1;
    else groups.push({ label, repo: version.repo, first: index, count: 1 });
  });
  return groups;
}

/** One group per version: a diff's two columns. */
export function versionGroups(versions: readonly VersionPlugins[]): PageGroup[] {
  return versions.map((version, index) => ({ label: version.tag, repo: version.repo, first: index, count: 1 }));
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((value, i) => value === b[i]);

const LINKED = { true: 'y', false: 'n', null: '?' } as const;

/** Per ID, where it is registered in each version (as runs of versions) and whether each version links it. */
function registrations(versions: readonly VersionPlugins[]): Map<string, { sites: PageSites[]; linked: string[] }> {
  const ids = new Map<string, { sites: PageSites[]; linked: string[] }>();
  versions.forEach((version, index) => {
    for (const [id, entries] of byId(version.plugins)) {
      const at = [...new Set(entries.map((entry) => `${entry.file}:${entry.line}`))].sort();
      const seen = ids.get(id) ?? { sites: [], linked: versions.map(() => '.') };
      ids.set(id, seen);
      seen.linked[index] = LINKED[`${stateOf(entries).linked}`];
      const last = seen.sites.at(-1);
      if (last && last.last === index - 1 && sameList(last.at, at)) last.last = index;
      else seen.sites.push({ first: index, last: index, at });
    }
  });
  return ids;
}

/** The IDs in order, each rename chain kept together (oldest name first, at the place of its first name). */
function rowOrder(ids: readonly string[], renames: IdHistories['renames']): string[] {
  const wanted = new Set(ids);
  const order: string[] = [];
  const visit = (id: string): void => {
    if (!wanted.has(id) || order.includes(id)) return;
    order.push(id);
    for (const rename of renames) if (rename.from === id) visit(rename.to);
  };
  const sorted = [...wanted].sort();
  for (const id of sorted) if (!renames.some((rename) => rename.to === id && wanted.has(rename.from))) visit(id);
  for (const id of sorted) visit(id);
  return order;
}

/** The rows of the matrix for `ids` (default: every ID of the histories), from the versions the histories were computed over. */
export function matrixRows(versions: readonly VersionPlugins[], histories: IdHistories, ids?: readonly string[]): PageRow[] {
  const indexes = new Map(versions.map((version, index) => [version.tag, index]));
  const at = (tag: string): number => indexes.get(tag) ?? -1;
  const seen = registrations(versions);
  const { renames } = histories;
  return rowOrder(ids ?? Object.keys(histories.spans), renames).map((id) => ({
    id,
    spans: (histories.spans[id] ?? []).map(({ repo: _repo, from, to, ...rest }) => ({ first: at(from), last: at(to), ...rest })),
    sites: seen.get(id)?.sites ?? [],
    linked: seen.get(id)?.linked.join('') ?? '',
    renamedFrom: renames.filter((r) => r.to === id).map((r) => ({ id: r.from, at: at(r.at), basis: r.basis })),
    renamedTo: renames.filter((r) => r.from === id).map((r) => ({ id: r.to, at: at(r.at), basis: r.basis })),
  }));
}

/** The versions as the page lists them (their plugins are in the rows). */
export function pageVersions(versions: readonly PageVersion[]): PageData['versions'] {
  return versions.map((version) => ({ tag: version.tag, repo: version.repo, commit: version.commit ?? null }));
}
