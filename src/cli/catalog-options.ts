import type { Command } from 'commander';
import { resolve } from 'node:path';
import { type CatalogChoice, type ConfigText, loadCatalog, loadCatalogs } from '../load-catalog.js';
import type { Catalog } from '../catalog/schema.js';
import { githubSettingsFromEnv } from '../source/github/settings.js';
import { ENGINE_ENV } from '../scan/go-parser.js';
import { cacheDirOf } from './cache-folder.js';
import { debugLine, write, type CliIo } from './io.js';

export interface CatalogFlags {
  catalog?: string;
  tag?: string;
  flyteVersion?: string;
  offline?: boolean;
  cacheDir?: string;
  apiUrl?: string;
}

/** The options every config command shares to name the catalog it checks against. */
export function addCatalogOptions(command: Command): Command {
  return addSourceOptions(
    command
      .option('--catalog <file>', 'a catalog JSON file (discover --out)')
      .option('-t, --tag <version>', 'the flyteplugins version propeller runs (v1.1.33, v1.16.8); bundled catalogs need no network')
      .option(
        '--flyte-version <tag>',
        'a Flyte release (v1.8.0, v1.13.0, v2.0.43): the plugins its propeller runs, linked as it links them',
      ),
  );
}

/** Where versions not bundled come from: for commands that name their versions as arguments (diff, history --with). */
export function addSourceOptions(command: Command): Command {
  return command
    .option('--offline', 'use only cached or bundled catalogs')
    .option('--cache-dir <dir>', 'the cache folder')
    .option('--api-url <url>', 'GitHub REST API base URL');
}

function discoverOptions(flags: CatalogFlags, io: CliIo) {
  return {
    offline: flags.offline,
    cacheDir: cacheDirOf(io, flags.cacheDir),
    github: githubSettingsFromEnv(io.env, flags.apiUrl),
    engine: io.env[ENGINE_ENV],
    onDebug: debugLine(io),
    onNotice: (message: string) => write(io.stderr, message),
  };
}

/** The catalog a config command names; with none named, the version the config files (already read) name. */
export function catalogFor(flags: CatalogFlags, io: CliIo, configFiles: readonly ConfigText[] = []): Promise<Catalog> {
  const choice = {
    catalog: flags.catalog && resolve(io.cwd, flags.catalog),
    tag: flags.tag,
    flyteVersion: flags.flyteVersion,
    configFiles,
  };
  return loadCatalog(choice, discoverOptions(flags, io), (message) => write(io.stderr, message));
}

/** The catalogs of several versions (`diff`, `check --upgrade-to`): those not bundled are fetched a few at a time. */
export function catalogsFor(flags: CatalogFlags, io: CliIo, versions: readonly CatalogChoice[]): Promise<Catalog[]> {
  return loadCatalogs(versions, discoverOptions(flags, io), (message) => write(io.stderr, message));
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
