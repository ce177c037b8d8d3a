import { Command } from 'commander';
import { bundledIndex } from '../cache/bundled.js';
import { UsageError } from '../errors.js';
import { FLYTE, FLYTEPLUGINS, MONOREPO_PLUGINS_PATH } from '../catalog/known-repos.js';
import { compareVersionTags } from '../util/nearest.js';
import { write, type CliIo } from './io.js';
import { outputOption, writeData } from './output.js';
import { renderTable } from './table.js';

interface TagRow {
  version: string;
  kind: 'flyteplugins' | 'flyteplugins module' | 'flyte release';
  repo: string;
  ref: string;
  bundled: boolean;
  note: string;
}

/** Every version `--tag` or `--flyte-version` resolves without asking GitHub, from the bundled index. */
function knownVersions(): TagRow[] {
  const index = bundledIndex();
  const bundled = new Set(index.catalogs.map((entry) => `${entry.repo}@${entry.tag}`));
  const rows: TagRow[] = [];
  for (const tag of index.repos[FLYTEPLUGINS]?.tags ?? []) {
    const old = compareVersionTags(tag, 'v0.2.0') < 0;
    rows.push({
      version: tag,
      kind: 'flyteplugins',
      repo: FLYTEPLUGINS,
      ref: tag,
      bundled: bundled.has(`${FLYTEPLUGINS}@${tag}`),
      note: old ? 'pre-v0.2.0 plugin API: out of scope' : '',
    });
  }
  for (const tag of index.repos[FLYTE]?.tags ?? []) {
    const module = tag.startsWith(`${MONOREPO_PLUGINS_PATH}/`);
    rows.push({
      version: module ? tag.slice(MONOREPO_PLUGINS_PATH.length + 1) : tag,
      kind: module ? 'flyteplugins module' : 'flyte release',
      repo: FLYTE,
      ref: tag,
      bundled: bundled.has(`${FLYTE}@${tag}`),
      note: module ? '' : 'use --flyte-version',
    });
  }
  return rows;
}

export function tagsCommand(io: CliIo): Command {
  return new Command('tags')
    .description('list the versions --tag and --flyte-version resolve (from the bundled index; newer ones are tried on GitHub)')
    .addOption(outputOption())
    .option('--bundled', 'only versions whose catalog ships with the package (work offline)')
    .action((flags: { output: string; bundled?: boolean }) => {
      const rows = knownVersions().filter((row) => !flags.bundled || row.bundled);
      if (rows.length === 0)
        throw new UsageError('this package has no bundled index (cache/index.json); regenerate it with npm run catalogs');
      if (flags.output === 'json' || flags.output === 'yaml') {
        writeData(io, flags.output, rows);
        return;
      }
      const table = renderTable(
        ['VERSION', 'KIND', 'REPOSITORY', 'REF', 'BUNDLED', 'NOTE'],
        rows.map((row) => [row.version, row.kind, row.repo, row.ref, row.bundled ? 'yes' : '', row.note]),
      );
      write(io.stdout, `${table}\n\n${rows.length} versions, ${rows.filter((row) => row.bundled).length} bundled`);
    });
}
