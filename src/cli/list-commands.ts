import { Command } from 'commander';
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
