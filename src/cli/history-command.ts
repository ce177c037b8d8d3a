import { Command } from 'commander';
import { bundledVersions } from '../cache/bundled.js';
import { type HistoryRename, type HistorySpan, idHistories, withoutAliases, withVersions } from '../catalog/id-history.js';
import { catalogVersion, cleanName, suggestIds } from '../catalog/names.js';
import { versionChoice } from '../load-catalog.js';
import { addSourceOptions, type CatalogFlags, catalogsFor, collect } from './catalog-options.js';
import { NameRefusedError } from '../errors.js';
import { historyPage } from './html/history-page.js';
import type { PageVersion } from './html/page-data.js';
import { type CliIo, write } from './io.js';
import { outputOption, writeData } from './output.js';
import { renderTable } from './table.js';

interface IdReport {
  id: string;
  renamedFrom: HistoryRename[];
  renamedTo: HistoryRename[];
  spans: HistorySpan[];
}

/** The IDs asked for (by their clean name, as propeller matches them), or every ID; an unknown one is refused. */
function select(names: readonly string[], ids: readonly string[], added: boolean): string[] {
  if (names.length === 0) return [...ids].sort();
  return names.map((name) => {
    const id = ids.find((candidate) => cleanName(candidate) === cleanName(name));
    if (id) return id;
    const near = suggestIds(name, ids);
    const mean = near.length > 0 ? `; did you mean ${near.map((one) => `'${one}'`).join(' or ')}?` : '';
    const where = added ? 'no bundled version nor any version given with --with' : 'no bundled version';
    throw new NameRefusedError(`'${name}' is registered in ${where}${mean}`, { hint: 'history with no ID lists them all' });
  });
}

const yesNo = (value: boolean | null): string => (value === null ? 'unknown' : value ? 'yes' : 'no');

function spanRow(span: HistorySpan): string[] {
  const taskTypes = span.taskTypes === null ? '(run time)' : span.taskTypes.join(', ') || '-';
  const flags = span.flags.join(',') + (span.flagged ? ' (not a plugin to run)' : '');
  return [span.repo, span.from, span.to, span.kind, taskTypes, yesNo(span.linked), flags || '-', span.files.join(', ')];
}

function renderReport(report: IdReport): string {
  const lines = [report.id];
  for (const rename of report.renamedFrom)
    lines.push(`  renamed from ${rename.from} at ${rename.at} (last ${rename.from}: ${rename.after}; ${rename.basis})`);
  for (const rename of report.renamedTo) lines.push(`  renamed to ${rename.to} at ${rename.at} (${rename.basis})`);
  const table = renderTable(['REPO', 'FROM', 'TO', 'KIND', 'TASK TYPES', 'LINKED', 'FLAGS', 'FILE'], report.spans.map(spanRow));
  lines.push(...table.split('\n').map((line) => `  ${line}`));
  return lines.join('\n');
}

/** The chains of renames, oldest first: `external-plugin-service → agent-service (v1.0.64)`. */
function chains(renames: readonly HistoryRename[]): string[] {
  const starts = renames.filter((rename) => !renames.some((other) => other.to === rename.from));
  return starts.map((start) => {
    const parts = [start.from];
    for (let step: HistoryRename | undefined = start; step; step = renames.find((next) => next.from === step?.to))
      parts.push(`${step.to} (${step.at})`);
    return parts.join(' → ');
  });
}

interface HistoryFlags extends CatalogFlags {
  output: 'table' | 'json' | 'yaml' | 'html';
  with: string[];
  releases?: boolean;
}

/** The bundled versions (alias tags aside), and those named by --with (not bundled ones fetched a few at a time, through the cache). */
async function historyVersions(flags: HistoryFlags, io: CliIo): Promise<PageVersion[]> {
  const bundled = withoutAliases(bundledVersions());
  if (flags.with.length === 0) return bundled;
  const notice = (message: string) => write(io.stderr, message);
  const choices = flags.with.map((version) => versionChoice(version, flags.releases === true, notice));
  const catalogs = await catalogsFor(flags, io, choices);
  return withVersions(
    bundled,
    catalogs.map((catalog) => ({
      repo: catalog.source.repo,
      tag: catalogVersion(catalog),
      commit: catalog.source.commit,
      plugins: catalog.plugins,
    })),
  );
}

export function historyCommand(io: CliIo): Command {
  return addSourceOptions(
    new Command('history')
      .description('the versions each plugin ID is registered in (flagged ones too), with kind, task types, linked, and renames')
      .argument('[id...]', 'plugin IDs (all when none)')
      .option('--with <version>', 'add a version the package does not bundle (a newer tag, fetched and scanned); repeatable', collect, [])
      .option('--releases', 'read --with versions as Flyte releases')
      .addOption(outputOption(['table', 'json', 'yaml', 'html'])),
  ).action(async (names: string[], flags: HistoryFlags) => {
    const versions = await historyVersions(flags, io);
    const histories = idHistories(versions);
    const { spans, renames } = histories;
    const ids = select(names, Object.keys(spans), flags.with.length > 0);
    if (flags.output === 'html') {
      io.stdout.write(historyPage(versions, histories, ids, flags.with.length > 0));
      return;
    }
    const reports: IdReport[] = ids.map((id) => ({
      id,
      // Copies: one object written twice would be a YAML anchor and alias.
      renamedFrom: renames.filter((rename) => rename.to === id).map((rename) => ({ ...rename })),
      renamedTo: renames.filter((rename) => rename.from === id).map((rename) => ({ ...rename })),
      spans: spans[id] ?? [],
    }));
    if (flags.output !== 'table') {
      writeData(io, flags.output, { ids: reports, renames: renames.filter((r) => ids.includes(r.from) || ids.includes(r.to)) });
      return;
    }
    const related = renames.filter((rename) => ids.includes(rename.from) || ids.includes(rename.to));
    const head = related.length > 0 ? `renames: ${chains(related).join('; ')}\n\n` : '';
    write(io.stdout, head + reports.map(renderReport).join('\n\n'));
  });
}
