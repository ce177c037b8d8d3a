import { buildCatalog } from './catalog/build.js';
import type { Catalog } from './catalog/schema.js';
import { scanSource, type ScanResult } from './scan/scan.js';
import { openLocalSource } from './source/local.js';

export interface DiscoverOptions {
  /** A local git repository or folder. */
  source: string;
  /** A ref of that repository (tag, branch, commit); the folder as it is when absent. */
  tag?: string;
  /** The plugin module folder inside the source. */
  path?: string;
  /** The repository name to record, when the source's origin does not tell it. */
  repo?: string;
}

export interface DiscoverResult {
  catalog: Catalog;
  stats: ScanResult['stats'];
}

/** Read a source at a version, find its plugin registrations and return the catalog. Prints nothing. */
export async function discover(options: DiscoverOptions): Promise<DiscoverResult> {
  const source = await openLocalSource(options.source, options.tag, options.repo);
  try {
    const scan = await scanSource(source, { path: options.path });
    return { catalog: buildCatalog(scan), stats: scan.stats };
  } finally {
    await source.close();
  }
}
