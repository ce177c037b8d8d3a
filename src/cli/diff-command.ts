import { Command } from 'commander';
import { type CatalogDiff, type FieldChange, diffVersions, type IdState } from '../catalog/diff.js';
import { versionLabel } from '../catalog/names.js';
import { versionChoice } from '../load-catalog.js';
import { addSourceOptions, type CatalogFlags, catalogsFor } from './catalog-options.js';
import { diffPage } from './html/diff-page.js';
import { type CliIo, write } from './io.js';
import { outputOption, writeData } from './output.js';
import { renderTable } from './table.js';

type Format = 'table' | 'json' | 'yaml' | 'markdown' | 'html';

const list = (values: readonly string[] | null): string => (values === null ? '(run time)' : values.join(', ') || '-');

function shown(value: unknown): string {
  if (value === null) return 'unknown';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return list(value as string[]);
  return String(value);
}

/** One change in words: `task types +a -b`, `linked yes → no`. */
function describeChange(change: FieldChange, code: (text: string) => string = (text) => text): string {
  if (change.gained || change.lost) {
    const parts = [...(change.gained ?? []).map((v) => `+${code(v)}`), ...(change.lost ?? []).map((v) => `-${code(v)}`)];
    if (change.from === null || change.to === null) parts.push(`(${shown(change.from)} → ${shown(change.to)})`);
    return `${change.field} ${parts.join(' ')}`;
  }
  return `${change.field} ${shown(change.from)} → ${shown(change.to)}`;
}

function summary(state: { id: string } & IdState): string {
  const flags = state.flags.length > 0 ? `, flags ${state.flags.join(',')}` : '';
  return `${state.kind}, task types ${list(state.taskTypes)}, linked ${shown(state.linked)}${flags}`;
}

/** The changes one per line: what, which ID, the detail. */
function changeRows(diff: CatalogDiff): string[][] {
  return [
    ...diff.added.map((state) => ['added', state.id, summary(state)]),
    ...diff.removed.map((state) => ['removed', state.id, summary(state)]),
    ...diff.renamed.map((rename) => ['renamed', `${rename.from} → ${rename.to}`, rename.basis]),
    ...diff.changed.flatMap((id) => id.changes.map((change) => ['changed', id.id, describeChange(change)])),
  ];
}

function renderText(diff: CatalogDiff): string {
  const rows = changeRows(diff);
  const { added, removed, renamed, changed } = diff;
  const counts = `${added.length} added, ${removed.length} removed, ${renamed.length} renamed, ${changed.length} changed`;
  const head = `plugin IDs from ${diff.from} to ${diff.to}: ${counts}`;
  return rows.length === 0 ? `${head}\n` : `${head}\n\n${renderTable(['CHANGE', 'ID', 'DETAIL'], rows)}\n`;
}

function section(title: string, items: readonly string[]): string[] {
  return items.length === 0 ? [] : [`### ${title}`, '', ...items.map((item) => `- ${item}`), ''];
}

function renderMarkdown(diff: CatalogDiff): string {
  const code = (text: string): string => `\`${text}\``;
  const changed = diff.changed.map((id) => {
    const name = id.renamedFrom ? `${code(id.id)} (was ${code(id.renamedFrom)})` : code(id.id);
    return `${name}: ${id.changes.map((change) => describeChange(change, code)).join('; ')}`;
  });
  const lines = [
    `## Plugin IDs: ${diff.from} → ${diff.to}`,
    '',
    ...section(
      'Added',
      diff.added.map((state) => `${code(state.id)} (${summary(state)})`),
    ),
    ...section(
      'Removed',
      diff.removed.map((state) => `${code(state.id)} (${summary(state)})`),
    ),
    ...section(
      'Renamed',
      diff.renamed.map((rename) => `${code(rename.from)} → ${code(rename.to)} (${rename.basis})`),
    ),
    ...section('Changed', changed),
  ];
  if (lines.length === 2) lines.push('No plugin ID changed.', '');
  return lines.join('\n');
}

export function diffCommand(io: CliIo): Command {
  return addSourceOptions(
    new Command('diff')
      .description('what changed in plugin IDs between two versions: added, removed, renamed, task types, defaults, linked')
      .argument('<from>', 'a plugins version as --tag takes it, else a Flyte release')
      .argument('<to>', 'the same, for the newer version')
      .option('--releases', 'read FROM and TO as Flyte releases (as --flyte-version takes them)')
      .addOption(outputOption(['table', 'json', 'yaml', 'markdown', 'html'])),
  ).action(async (from: string, to: string, flags: CatalogFlags & { releases?: boolean; output: Format }) => {
    const notice = (message: string) => write(io.stderr, message);
    const releases = flags.releases === true;
    const catalogs = await catalogsFor(flags, io, [versionChoice(from, releases, notice), versionChoice(to, releases, notice)]);
    const [older, newer] = catalogs.map((catalog) => ({
      repo: catalog.source.repo,
      tag: versionLabel(catalog),
      commit: catalog.source.commit,
      plugins: catalog.plugins,
    }));
    if (!older || !newer) throw new Error('two catalogs were asked for');
    const diff = diffVersions(older, newer);
    if (flags.output === 'html') io.stdout.write(diffPage(older, newer, diff, changeRows(diff)));
    else if (flags.output === 'json' || flags.output === 'yaml') writeData(io, flags.output, diff);
    else write(io.stdout, flags.output === 'markdown' ? renderMarkdown(diff) : renderText(diff));
  });
}
