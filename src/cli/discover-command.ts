import { Command } from 'commander';
import { resolve } from 'node:path';
import { serializeCatalog } from '../catalog/serialize.js';
import { githubSettingsFromEnv } from '../source/github/settings.js';
import { writeFileSafely } from '../util/safe-write.js';
import { ENGINE_ENV } from '../scan/go-parser.js';
import { cacheDirOf } from './cache-folder.js';
import { debugLine, write, type CliIo } from './io.js';
import { outputOption } from './output-option.js';
import { downloadProgress, showsProgress } from './progress.js';
import { catalogSummary, renderCatalog } from './render-catalog.js';

interface DiscoverFlags {
  tag?: string;
  flyteVersion?: string;
  source?: string;
  path?: string;
  repo?: string;
  json?: boolean;
  output: 'table' | 'json' | 'yaml';
  out?: string;
  offline?: boolean;
  rescan?: boolean;
  cacheDir?: string;
  apiUrl?: string;
}

export function discoverCommand(io: CliIo): Command {
  return new Command('discover')
    .description('find every plugin registration of a flyteplugins version and print its catalog')
    .option(
      '-t, --tag <version>',
      'a flyteplugins version (v0.5.25, v1.16.8) or module tag (flyteplugins/v1.16.8); with a local git --source, any ref',
    )
    .option(
      '--flyte-version <tag>',
      'a Flyte release (v1.8.0, v1.13.0, v2.0.43): the plugins its propeller runs, linked as it links them; with --source, at their commit',
    )
    .option('--repo <owner/name>', 'scan another GitHub repository (a fork, your own plugins); with --source, the name to record')
    .option('-p, --path <dir>', 'the plugin module folder inside the repository (found from go.mod files by default)')
    .option('-s, --source <path>', 'scan a local git repository (bare or not) or folder instead of GitHub')
    .option('--offline', 'answer from the user cache or the bundled catalogs only')
    .option('--rescan', 'download and scan even when a bundled or cached catalog of the same commit exists')
    .option('--cache-dir <dir>', 'the cache folder (default $XDG_CACHE_HOME/flyte-plugin-catalog or ~/.cache/flyte-plugin-catalog)')
    .option('--api-url <url>', 'GitHub REST API base URL (GitHub Enterprise); default $GITHUB_API_URL or https://api.github.com')
    .addOption(outputOption())
    .option('--json', 'the same as -o json')
    .option(
      '--out <file>',
      "also write the catalog JSON to this file (replaced atomically, a link's target; a device, FIFO or /dev/stdout is written into)",
    )
    .action(async (flags: DiscoverFlags) => {
      const output = flags.json ? 'json' : flags.output;
      const progress = showsProgress(io, output !== 'table')
        ? downloadProgress(io, flags.repo ?? flags.tag ?? flags.flyteVersion ?? '')
        : undefined;
      const { discover } = await import('../discover.js');
      const { catalog } = await discover({
        source: flags.source === undefined ? undefined : resolve(io.cwd, flags.source),
        tag: flags.tag,
        flyteVersion: flags.flyteVersion,
        repo: flags.repo,
        path: flags.path,
        offline: flags.offline,
        rescan: flags.rescan,
        cacheDir: cacheDirOf(io, flags.cacheDir),
        github: githubSettingsFromEnv(io.env, flags.apiUrl),
        engine: io.env[ENGINE_ENV],
        onDebug: debugLine(io),
        onProgress: progress?.update,
        onNotice: (message) => {
          progress?.done();
          write(io.stderr, message);
        },
      }).finally(() => progress?.done());
      const json = serializeCatalog(catalog);
      if (flags.out) await writeFileSafely(resolve(io.cwd, flags.out), json, { label: flags.out });
      if (output === 'json') io.stdout.write(json);
      else if (output === 'yaml') io.stdout.write((await import('./yaml-output.js')).toYaml(JSON.parse(json)));
      else write(io.stdout, renderCatalog(catalog));
      if (output !== 'table' && flags.out) write(io.stderr, catalogSummary(catalog));
    });
}
