import { Command, Option } from 'commander';
import { toYaml } from './yaml-output.js';
import { addCatalogOptions, catalogFor, type CatalogFlags } from './catalog-options.js';
import { write, type CliIo } from './io.js';
import { catalogSummary } from './render-catalog.js';
import { renderTable } from './table.js';

export function listCommand(io: CliIo): Command {
  return addCatalogOptions(
    new Command('list')
      .description('the plugin IDs of a version, with their task types')
      .addOption(new Option('-o, --output <format>', 'table, json or yaml').choices(['table', 'json', 'yaml']).default('table')),
  ).action(async (flags: CatalogFlags & { output: string }) => {
    const catalog = await catalogFor(flags, io);
    if (flags.output === 'json') io.stdout.write(`${JSON.stringify(catalog.plugins, null, 2)}\n`);
    else if (flags.output === 'yaml') io.stdout.write(toYaml(catalog.plugins));
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
