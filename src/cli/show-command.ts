import { Command } from 'commander';
import { bundledCatalog, bundledIndex } from '../cache/bundled.js';
import { otherVersions } from '../catalog/history.js';
import { catalogVersion, cleanName, findPlugin, pluginsForTaskType } from '../catalog/names.js';
import { isFlagged } from '../catalog/plugin-rules.js';
import type { Catalog, CatalogPlugin } from '../catalog/schema.js';
import { verifyName } from '../catalog/verify-name.js';
import { permalink, webBaseOf } from '../source/github/permalink.js';
import { githubSettingsFromEnv } from '../source/github/settings.js';
import { addCatalogOptions, type CatalogFlags, catalogFor } from './catalog-options.js';
import { type CliIo, write } from './io.js';

/** How locations become links: the web base of the configured GitHub, and the catalog's repo and commit. */
interface Linker {
  link: (location: string) => string | undefined;
}

function linkerFor(catalog: Catalog, apiUrl: string): Linker {
  const web = webBaseOf(apiUrl);
  const { repo, commit } = catalog.source;
  return { link: (location) => (web && commit ? permalink(web, repo, commit, location) : undefined) };
}

/** One location: `label  path:line  text`, and the permalink under it. */
function located(label: string, location: string, plugin: CatalogPlugin, linker: Linker): string[] {
  const text = plugin.evidence?.lines[location];
  const lines = [`    ${label.padEnd(11)} ${location}${text ? `   ${text}` : ''}`];
  const url = linker.link(location);
  if (url) lines.push(`${' '.repeat(16)}${url}`);
  return lines;
}

/** The chain of the ID: used at, each step, defined at (what Flyte's docs link to, for any version). */
function idEvidence(plugin: CatalogPlugin, linker: Linker): string[] {
  const id = plugin.evidence?.id;
  if (!id) return [`  ID '${plugin.id}' (no evidence in this catalog: it was written before schema version 2)`];
  const lines = [`  ID '${plugin.id}' (${id.expression})`, ...located('used at', id.usedAt, plugin, linker)];
  for (const step of id.via) lines.push(...located(`via ${step.kind}`, step.at, plugin, linker));
  return [...lines, ...located('defined at', id.definedAt, plugin, linker)];
}

/** Where one task type of a plugin is defined. */
function taskTypeEvidence(plugin: CatalogPlugin, taskType: string, linker: Linker): string[] {
  const fields = [plugin.evidence?.taskTypes, plugin.evidence?.defaultForTaskTypes];
  const item = fields.flatMap((field) => field?.items ?? []).find((candidate) => cleanName(candidate.value) === cleanName(taskType));
  if (!item) return [];
  return [`  task type '${item.value}'`, ...located('defined at', item.definedAt, plugin, linker)];
}

function describePlugin(plugin: CatalogPlugin, catalog: Catalog, linker: Linker): string[] {
  const unresolved = catalog.unresolved.find(
    (entry) => entry.plugin === plugin.id && entry.file === plugin.file && entry.field === 'taskTypes',
  );
  const readAt = plugin.evidence?.taskTypes?.readAt ?? (unresolved && `${unresolved.file}:${unresolved.line}`);
  const runtime = `configured at run time${unresolved ? ` (${unresolved.expression}${readAt ? `, read at ${readAt}` : ''})` : ''}`;
  const taskTypes = plugin.taskTypes === null ? runtime : plugin.taskTypes.join(', ') || '-';
  const built = plugin.builtBy ? `, built by ${plugin.builtBy}()` : '';
  const lines = [
    `${plugin.id}${isFlagged(plugin) ? ` (${plugin.flags.join(', ')})` : ''}`,
    `  kind:          ${plugin.kind}`,
    `  task types:    ${taskTypes}`,
    `  default for:   ${(plugin.defaultForTaskTypes ?? []).join(', ') || '-'}`,
    `  is default:    ${plugin.isDefault === null ? 'unknown' : plugin.isDefault ? 'yes' : 'no'}`,
    `  registered at: ${plugin.file}:${plugin.line} in ${plugin.function}()${built}`,
    `  package:       ${plugin.package}`,
    `  version:       ${catalog.source.repo} ${catalog.source.tag ?? ''} (${catalog.source.commit?.slice(0, 12) ?? 'no commit'})`,
  ];
  return [...lines, ...idEvidence(plugin, linker)];
}

/**
 * A name that is no ID of this version, explained with evidence: a task type (the plugins that run it, and
 * where they define it), or an ID of other versions (its versions, and its evidence in the newest of them).
 * A name that is neither is refused with a did-you-mean (exit 1), like enable.
 */
function explainName(name: string, catalog: Catalog, apiUrl: string): string[] {
  const runners = pluginsForTaskType(catalog, name);
  if (runners.length > 0) {
    const linker = linkerFor(catalog, apiUrl);
    const lines = [`'${name.trim()}' is a task type in ${catalogVersion(catalog)}, not a plugin ID; it is run by ${runners.join(', ')}`];
    for (const plugin of catalog.plugins.filter((candidate) => runners.includes(candidate.id))) {
      lines.push('', ...describePlugin(plugin, catalog, linker), ...taskTypeEvidence(plugin, name, linker));
    }
    return lines;
  }
  const index = bundledIndex();
  const elsewhere = otherVersions(name, index);
  const newest = elsewhere?.spans.at(-1);
  const other = newest && bundledCatalog(newest.repo, newest.to);
  if (!elsewhere || !other) return [verifyName(catalog, name, { allowFlagged: true, index })];
  const lines = [`'${name.trim()}' is not registered in ${catalogVersion(catalog)}; it is registered ${elsewhere.text}`];
  for (const plugin of findPlugin(other, name)) lines.push('', ...describePlugin(plugin, other, linkerFor(other, apiUrl)));
  return lines;
}

export function showCommand(io: CliIo): Command {
  return addCatalogOptions(
    new Command('show')
      .description('one plugin, or what a name is: kind, task types, where its ID is used and defined, with permalinks')
      .argument('<name>'),
  ).action(async (name: string, flags: CatalogFlags) => {
    const catalog = await catalogFor(flags, io);
    const apiUrl = githubSettingsFromEnv(io.env, flags.apiUrl).apiUrl;
    const plugins = findPlugin(catalog, name);
    if (plugins.length === 0) {
      write(io.stdout, explainName(name, catalog, apiUrl).join('\n'));
      return;
    }
    const linker = linkerFor(catalog, apiUrl);
    write(io.stdout, plugins.map((plugin) => describePlugin(plugin, catalog, linker).join('\n')).join('\n\n'));
  });
}
