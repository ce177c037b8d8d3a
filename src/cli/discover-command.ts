import { Command } from 'commander';
import { resolve } from 'node:path';
import { serializeCatalog } from '../catalog/build.js';
import { discover } from '../discover.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { write, type CliIo } from './io.js';
import { catalogSummary, renderCatalog } from './render-catalog.js';

interface DiscoverFlags {
  tag?: string;
  source?: string;
  path?: string;
  repo?: string;
  json?: boolean;
  out?: string;
}

export function discoverCommand(io: CliIo): Command {
  return new Command('discover')
    .description('find every plugin registration of a flyteplugins version and write its catalog')
    .option('-t, --tag <ref>', 'the version: a tag (v0.5.25, flyteplugins/v1.16.8), or with a local git --source any ref')
    .option('-s, --source <path>', 'a local git repository (bare or not) or a plain folder')
    .option('-p, --path <dir>', 'the plugin module folder inside the source (found from go.mod files by default)')
    .option('--repo <owner/name>', 'the repository name to record in the catalog')
    .option('--json', 'print the catalog as JSON on stdout')
    .option('-o, --out <file>', 'also write the catalog JSON to this file')
    .action(async (flags: DiscoverFlags) => {
      if (!flags.source) {
        throw new UsageError('discover needs --source PATH (a local clone of flyteplugins or flyte)');
      }
      const { catalog } = await discover({
        source: resolve(io.cwd, flags.source),
        tag: flags.tag,
        path: flags.path,
        repo: flags.repo,
      });
      const json = serializeCatalog(catalog);
      if (flags.out) await writeFileAtomic(resolve(io.cwd, flags.out), json);
      if (flags.json) io.stdout.write(json);
      else write(io.stdout, renderCatalog(catalog));
      if (flags.json && flags.out) write(io.stderr, catalogSummary(catalog));
    });
}
