import type { CatalogPlugin } from './schema.js';

/** The plugins of one version, as a diff or a history reads them. */
export interface VersionPlugins {
  repo: string;
  tag: string;
  plugins: readonly CatalogPlugin[];
}

/** Where an ID is registered, spelled the same in flyteplugins and in the monorepo: package and file from `go/tasks/` on. */
interface Site {
  package: string;
  file: string;
}

/** What one ID is in one version, its registrations merged (an ID registered twice has both sites). */
export interface IdState {
  kind: string;
  taskTypes: string[] | null;
  defaultForTaskTypes: string[];
  isDefault: boolean | null;
  linked: boolean | null;
  flags: string[];
  files: string[];
}

/** Why two IDs are one plugin renamed: the same file, the same package, or a package moved with its file, kind and task types. */
export type RenameBasis = 'same file' | 'same package' | 'package moved';

export interface Rename {
  from: string;
  to: string;
  basis: RenameBasis;
}

export interface FieldChange {
  field: 'kind' | 'taskTypes' | 'defaultForTaskTypes' | 'isDefault' | 'linked' | 'flags';
  from: unknown;
  to: unknown;
  /** For a list: what the newer version adds and drops. */
  gained?: string[];
  lost?: string[];
}

interface IdChange {
  id: string;
  /** For a renamed ID: its ID in the older version. */
  renamedFrom?: string;
  changes: FieldChange[];
}

export interface CatalogDiff {
  from: string;
  to: string;
  added: ({ id: string } & IdState)[];
  removed: ({ id: string } & IdState)[];
  renamed: Rename[];
  changed: IdChange[];
}

const TASKS = 'go/tasks/';

function fromTasks(path: string): string {
  const at = path.indexOf(TASKS);
  return at === -1 ? path : path.slice(at);
}

function siteOf(plugin: CatalogPlugin): Site {
  return { package: fromTasks(plugin.package), file: fromTasks(plugin.file) };
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** The registrations of each ID in a version. */
export function byId(plugins: readonly CatalogPlugin[]): Map<string, CatalogPlugin[]> {
  const ids = new Map<string, CatalogPlugin[]>();
  for (const plugin of plugins) ids.set(plugin.id, [...(ids.get(plugin.id) ?? []), plugin]);
  return ids;
}

/** true when any registration is true; false when all are false; else null (unknown). */
function anyTrue(values: readonly (boolean | null)[]): boolean | null {
  if (values.includes(true)) return true;
  return values.every((value) => value === false) ? false : null;
}

/** One ID's registrations in a version, merged into one state. */
export function stateOf(entries: readonly CatalogPlugin[]): IdState {
  const runtime = entries.some((entry) => entry.taskTypes === null);
  return {
    kind: sorted(entries.map((entry) => entry.kind)).join('/'),
    taskTypes: runtime ? null : sorted(entries.flatMap((entry) => entry.taskTypes ?? [])),
    defaultForTaskTypes: sorted(entries.flatMap((entry) => entry.defaultForTaskTypes ?? [])),
    isDefault: anyTrue(entries.map((entry) => entry.isDefault)),
    linked: anyTrue(entries.map((entry) => entry.linked)),
    flags: sorted(entries.flatMap((entry) => entry.flags)),
    files: sorted(entries.map((entry) => siteOf(entry).file)),
  };
}

const basename = (file: string): string => file.slice(file.lastIndexOf('/') + 1);

/** How an ID gone from `before` and one new in `after` share a registration site, if they do. */
function basisOf(
  gone: readonly CatalogPlugin[],
  added: readonly CatalogPlugin[],
  packages: { before: Set<string>; after: Set<string> },
): RenameBasis | undefined {
  const old = gone.map(siteOf);
  const now = added.map(siteOf);
  if (old.some((site) => now.some((other) => other.package === site.package && other.file === site.file))) return 'same file';
  if (old.some((site) => now.some((other) => other.package === site.package))) return 'same package';
  const moved = old.every((site) => !packages.after.has(site.package)) && now.every((site) => !packages.before.has(site.package));
  const a = stateOf(gone);
  const b = stateOf(added);
  const alike = a.kind === b.kind && JSON.stringify(a.taskTypes) === JSON.stringify(b.taskTypes);
  const sameName = old.some((site) => now.some((other) => basename(other.file) === basename(site.file)));
  return moved && alike && sameName ? 'package moved' : undefined;
}

const RANK: readonly RenameBasis[] = ['same file', 'same package', 'package moved'];

/**
 * The renames between two versions: an ID that is gone and one that is new at the same registration site (same
 * file, else same package, else a package that moved: the old package registers nothing in the newer version, the
 * new one nothing in the older, with the same file name, kind and task types). Each ID is paired at most once, the
 * closest basis first.
 */
export function findRenames(before: readonly CatalogPlugin[], after: readonly CatalogPlugin[]): Rename[] {
  const old = byId(before);
  const now = byId(after);
  const gone = [...old.keys()].filter((id) => !now.has(id)).sort();
  const added = [...now.keys()].filter((id) => !old.has(id)).sort();
  const packages = { before: new Set(before.map((p) => siteOf(p).package)), after: new Set(after.map((p) => siteOf(p).package)) };
  const candidates = gone.flatMap((from) =>
    added.flatMap((to) => {
      const basis = basisOf(old.get(from) ?? [], now.get(to) ?? [], packages);
      return basis ? [{ from, to, basis }] : [];
    }),
  );
  const renames: Rename[] = [];
  for (const rank of RANK) {
    for (const candidate of candidates.filter((c) => c.basis === rank)) {
      if (renames.some((rename) => rename.from === candidate.from || rename.to === candidate.to)) continue;
      renames.push(candidate);
    }
  }
  return renames;
}

function listChange(field: 'taskTypes' | 'defaultForTaskTypes' | 'flags', from: string[] | null, to: string[] | null): FieldChange[] {
  if (JSON.stringify(from) === JSON.stringify(to)) return [];
  const gained = (to ?? []).filter((value) => !(from ?? []).includes(value));
  const lost = (from ?? []).filter((value) => !(to ?? []).includes(value));
  return [{ field, from, to, gained, lost }];
}

function valueChange(field: 'kind' | 'isDefault' | 'linked', from: unknown, to: unknown): FieldChange[] {
  return from === to ? [] : [{ field, from, to }];
}

/** What changed of one ID between two versions (task types gained and lost, defaults, linked when both know, kind, flags). */
function stateChanges(from: IdState, to: IdState): FieldChange[] {
  return [
    ...valueChange('kind', from.kind, to.kind),
    ...listChange('taskTypes', from.taskTypes, to.taskTypes),
    ...valueChange('isDefault', from.isDefault, to.isDefault),
    ...listChange('defaultForTaskTypes', from.defaultForTaskTypes, to.defaultForTaskTypes),
    // A version that cannot know (null: a flyteplugins tag no propeller pins) changes nothing.
    ...(from.linked === null || to.linked === null ? [] : valueChange('linked', from.linked, to.linked)),
    ...listChange('flags', from.flags, to.flags),
  ];
}

/** The plugin IDs of two versions compared: added, removed, renamed, and per ID (renamed ones too) what changed. */
export function diffVersions(from: VersionPlugins, to: VersionPlugins): CatalogDiff {
  const old = byId(from.plugins);
  const now = byId(to.plugins);
  const renamed = findRenames(from.plugins, to.plugins);
  const state = (ids: Map<string, CatalogPlugin[]>, id: string): IdState => stateOf(ids.get(id) ?? []);
  const added = [...now.keys()].filter((id) => !old.has(id) && !renamed.some((r) => r.to === id)).sort();
  const removed = [...old.keys()].filter((id) => !now.has(id) && !renamed.some((r) => r.from === id)).sort();
  const pairs = [
    ...[...now.keys()].filter((id) => old.has(id)).map((id) => ({ id, before: id })),
    ...renamed.map((rename) => ({ id: rename.to, before: rename.from })),
  ].sort((a, b) => a.id.localeCompare(b.id));
  const changed = pairs.flatMap(({ id, before }) => {
    const changes = stateChanges(state(old, before), state(now, id));
    if (changes.length === 0) return [];
    return [before === id ? { id, changes } : { id, renamedFrom: before, changes }];
  });
  return {
    from: from.tag,
    to: to.tag,
    added: added.map((id) => ({ id, ...state(now, id) })),
    removed: removed.map((id) => ({ id, ...state(old, id) })),
    renamed,
    changed,
  };
}
