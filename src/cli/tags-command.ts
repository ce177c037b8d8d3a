import { Command } from 'commander';
import { bundledIndex } from '../cache/bundled.js';
import type { BundledIndex, ReleaseEntry } from '../catalog/bundle-index.js';
import { UsageError } from '../errors.js';
import { FLYTE, FLYTEPLUGINS, MONOREPO_PLUGINS_PATH } from '../catalog/known-repos.js';
import { resolveVersion } from '../source/versions.js';
import { compareVersionTags } from '../util/nearest.js';
import { write, type CliIo } from './io.js';
import { outputOption, writeData } from './output.js';
import { renderTable } from './table.js';

interface TagRow {
  version: string;
  kind: 'flyteplugins' | 'flyteplugins module' | 'flyte release' | 'flyte pre-release' | 'flyte component tag' | 'flyte stray tag';
  /** Where the plugins are read: the repository and ref (for a Flyte release, the plugins its propeller builds against). */
  repo: string;
  ref: string;
  /** The propeller `linked` is read from (`flyteorg/flytepropeller v1.1.106`), when it is not the same commit. */
  propeller: string | null;
  /** For a Flyte release: the file and line that name its propeller image. */
  from: string | null;
  bundled: boolean;
  note: string;
}

const RELEASE_KIND: Record<ReleaseEntry['kind'], TagRow['kind']> = {
  release: 'flyte release',
  prerelease: 'flyte pre-release',
  component: 'flyte component tag',
  stray: 'flyte stray tag',
};

function releaseRow(tag: string, entry: ReleaseEntry): TagRow {
  const notes = {
    release: '',
    prerelease: '',
    component: 'an image version of the monorepo move, not a Flyte release',
    stray: 'a stray tag, not a Flyte release',
  };
  return {
    version: tag,
    kind: RELEASE_KIND[entry.kind],
    repo: entry.plugins?.repo ?? FLYTE,
    ref: entry.plugins ? (entry.plugins.tag ?? entry.plugins.commit.slice(0, 12)) : tag,
    propeller: entry.propeller ? `${entry.propeller.repo} ${entry.propeller.ref}` : null,
    from: entry.propeller?.from ?? null,
    bundled: Boolean(entry.file),
    note: [entry.file ? '' : (entry.reason ?? ''), notes[entry.kind], 'use --flyte-version'].filter(Boolean).join('; '),
  };
}

/** Every version `--tag` or `--flyte-version` resolves without asking GitHub, from the bundled index. */
function knownVersions(index: BundledIndex): TagRow[] {
  const bundled = new Map(index.catalogs.map((entry) => [`${entry.repo}@${entry.tag}`, entry]));
  const rows: TagRow[] = [];
  for (const tag of index.repos[FLYTEPLUGINS]?.tags ?? []) {
    const old = compareVersionTags(tag, 'v0.2.0') < 0;
    const entry = bundled.get(`${FLYTEPLUGINS}@${tag}`);
    rows.push({
      version: tag,
      kind: 'flyteplugins',
      repo: FLYTEPLUGINS,
      ref: tag,
      propeller: entry?.linkedFrom ? `${entry.linkedFrom.repo} ${entry.linkedFrom.ref}` : null,
      from: null,
      bundled: Boolean(entry),
      note: old ? 'pre-v0.2.0 plugin API: out of scope' : entry && !entry.linkedFrom ? 'no flytepropeller tag pins it: linked unknown' : '',
    });
  }
  for (const tag of (index.repos[FLYTE]?.tags ?? []).filter((candidate) => candidate.startsWith(`${MONOREPO_PLUGINS_PATH}/`))) {
    rows.push({
      version: tag.slice(MONOREPO_PLUGINS_PATH.length + 1),
      kind: 'flyteplugins module',
      repo: FLYTE,
      ref: tag,
      propeller: null,
      from: null,
      bundled: bundled.has(`${FLYTE}@${tag}`),
      note: '',
    });
  }
  for (const [tag, entry] of Object.entries(index.releases)) rows.push(releaseRow(tag, entry));
  return rows;
}

export function tagsCommand(io: CliIo): Command {
  return new Command('tags')
    .description(
      'list the versions --tag and --flyte-version resolve (from the bundled index; newer ones are tried on GitHub), ' +
        'and what each Flyte release runs',
    )
    .addOption(outputOption())
    .option('--bundled', 'only versions whose catalog ships with the package (work offline)')
    .option('--releases', 'only the tags of flyteorg/flyte (Flyte releases)')
    .option('--flyte-version <tag>', 'only this Flyte release: what it runs')
    .action((flags: { output: string; bundled?: boolean; releases?: boolean; flyteVersion?: string }) => {
      const index = bundledIndex();
      if (flags.flyteVersion && !index.releases[flags.flyteVersion]) resolveVersion({ flyteVersion: flags.flyteVersion }, index);
      const rows = knownVersions(index).filter(
        (row) =>
          (!flags.bundled || row.bundled) &&
          (!flags.releases || row.kind.startsWith('flyte ')) &&
          (!flags.flyteVersion || (row.kind.startsWith('flyte ') && row.version === flags.flyteVersion)),
      );
      if (rows.length === 0)
        throw new UsageError('this package has no bundled index (cache/index.json); regenerate it with npm run catalogs');
      if (flags.output === 'json' || flags.output === 'yaml') {
        writeData(io, flags.output, rows);
        return;
      }
      const table = renderTable(
        ['VERSION', 'KIND', 'PLUGINS', 'PROPELLER', 'BUNDLED', 'NOTE'],
        rows.map((row) => [row.version, row.kind, `${row.repo} ${row.ref}`, row.propeller ?? '', row.bundled ? 'yes' : '', row.note]),
      );
      write(io.stdout, `${table}\n\n${rows.length} versions, ${rows.filter((row) => row.bundled).length} bundled`);
    });
}
