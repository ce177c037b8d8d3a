import { Command } from 'commander';
import { bundledIndex } from '../cache/bundled.js';
import { findPlugin } from '../catalog/names.js';
import { isFlagged } from '../catalog/plugin-rules.js';
import { verifyName } from '../catalog/verify-name.js';
import { addCatalogOptions, catalogFor, type CatalogFlags } from './catalog-options.js';
import { write, type CliIo } from './io.js';
import { outputOption, writeData } from './output.js';
import { catalogSummary } from './render-catalog.js';
import { renderTable } from './table.js';

export function listCommand(io: CliIo): Command {
  return addCatalogOptions(
    new Command('list').description('the plugin IDs of a version, with their task types').addOption(outputOption()),
  ).action(async (flags: CatalogFlags & { output: string }) => {
    const catalog = await catalogFor(flags, io);
    if (flags.output === 'json' || flags.output === 'yaml') writeData(io, flags.output, catalog.plugins);
    else {
      const rows = catalog.plugins.map((plugin) => [
        plugin.id,
        plugin.kind,
        plugin.taskTypes === null ? '(run time)' : plugin.taskTypes.join(', '),
        (plugin.defaultForTaskTypes ?? []).join(', '),
        plugin.flags.join(','),
      ]);
      write(io.stdout, `${renderTable(['ID', 'KIND', 'TASK TYPES', 'DEFAULT FOR', 'FLAGS'], rows)}\n\n${catalogSummary(catalog)}`);
    }
  });
}

export function showCommand(io: CliIo): Command {
  return addCatalogOptions(
    new Command('show')
      .description('one plugin: kind, task types, defaults, where it is registered')
      .argument('<name>')
      .addOption(outputOption()),
  ).action(async (name: string, flags: CatalogFlags & { output: string }) => {
    const catalog = await catalogFor(flags, io);
    if (findPlugin(catalog, name).length === 0) verifyName(catalog, name, { allowFlagged: true, index: bundledIndex() });
    if (flags.output === 'json' || flags.output === 'yaml') {
      writeData(io, flags.output, { source: catalog.source, plugins: findPlugin(catalog, name) });
      return;
    }
    const lines: string[] = [];
    for (const plugin of findPlugin(catalog, name)) {
      const unresolved = catalog.unresolved.filter((entry) => entry.plugin === plugin.id && entry.file === plugin.file);
      lines.push(
        `${plugin.id}${isFlagged(plugin) ? ` (${plugin.flags.join(', ')})` : ''}`,
        `  kind:          ${plugin.kind}`,
        `  task types:    ${plugin.taskTypes === null ? `configured at run time (${unresolved.find((u) => u.field === 'taskTypes')?.expression ?? 'see catalog'})` : plugin.taskTypes.join(', ') || '-'}`,
        `  default for:   ${(plugin.defaultForTaskTypes ?? []).join(', ') || '-'}`,
        `  is default:    ${plugin.isDefault === null ? 'unknown' : plugin.isDefault ? 'yes' : 'no'}`,
        `  registered at: ${plugin.file}:${plugin.line} in ${plugin.function}()${plugin.builtBy ? `, built by ${plugin.builtBy}()` : ''}`,
        `  package:       ${plugin.package}`,
        `  version:       ${catalog.source.repo} ${catalog.source.tag ?? ''} (${catalog.source.commit?.slice(0, 12) ?? 'no commit'})`,
      );
    }
    write(io.stdout, lines.join('\n'));
  });
}
