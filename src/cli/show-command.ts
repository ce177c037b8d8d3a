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
import { outputOption, writeData } from './output.js';

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

/** What a name is in a version: a plugin ID, a task type, an ID of other versions; undefined when nothing. */
interface NameAnswer {
  name: string;
  is: 'plugin' | 'task-type' | 'id-of-other-versions';
  /** The catalog the plugins below come from (for an ID of other versions: the newest version with it). */
  catalog: Catalog;
  plugins: CatalogPlugin[];
  /** For an ID of other versions: "from v1.0.53 to v1.0.63". */
  versions?: string;
}

/**
 * A name explained: the plugins of that ID; else a task type (the plugins that run it); else an ID of other
 * versions (its versions, and its plugins in the newest of them). A name that is none of these is refused with
 * a did-you-mean (exit 1), like enable.
 */
function answerName(name: string, catalog: Catalog): NameAnswer {
  const plugins = findPlugin(catalog, name);
  if (plugins.length > 0) return { name, is: 'plugin', catalog, plugins };
  const runners = pluginsForTaskType(catalog, name);
  if (runners.length > 0)
    return { name, is: 'task-type', catalog, plugins: catalog.plugins.filter((plugin) => runners.includes(plugin.id)) };
  const index = bundledIndex();
  const elsewhere = otherVersions(name, index);
  const newest = elsewhere?.spans.at(-1);
  const other = newest && bundledCatalog(newest.repo, newest.to);
  if (!elsewhere || !other) {
    verifyName(catalog, name, { allowFlagged: true, index });
    throw new Error(`'${name}' is neither a plugin nor anything else, yet verifyName accepted it`);
  }
  return { name, is: 'id-of-other-versions', catalog: other, plugins: findPlugin(other, name), versions: elsewhere.text };
}

function renderAnswer(answer: NameAnswer, asked: Catalog, apiUrl: string): string {
  const linker = linkerFor(answer.catalog, apiUrl);
  const described = answer.plugins.map((plugin) => {
    const lines = describePlugin(plugin, answer.catalog, linker);
    return (answer.is === 'task-type' ? [...lines, ...taskTypeEvidence(plugin, answer.name, linker)] : lines).join('\n');
  });
  const name = answer.name.trim();
  const ids = [...new Set(answer.plugins.map((plugin) => plugin.id))].join(', ');
  const head =
    answer.is === 'task-type'
      ? `'${name}' is a task type in ${catalogVersion(asked)}, not a plugin ID; it is run by ${ids}\n\n`
      : answer.is === 'id-of-other-versions'
        ? `'${name}' is not registered in ${catalogVersion(asked)}; it is registered ${answer.versions}\n\n`
        : '';
  return head + described.join('\n\n');
}

export function showCommand(io: CliIo): Command {
  return addCatalogOptions(
    new Command('show')
      .description('one plugin, or what a name is: kind, task types, where its ID is used and defined, with permalinks')
      .argument('<name>')
      .addOption(outputOption()),
  ).action(async (name: string, flags: CatalogFlags & { output: 'table' | 'json' | 'yaml' }) => {
    const catalog = await catalogFor(flags, io);
    const answer = answerName(name, catalog);
    if (flags.output !== 'table') {
      const { catalog: from, ...rest } = answer;
      writeData(io, flags.output, { ...rest, source: from.source });
      return;
    }
    write(io.stdout, renderAnswer(answer, catalog, githubSettingsFromEnv(io.env, flags.apiUrl).apiUrl));
  });
}
