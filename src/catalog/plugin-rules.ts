import type { CatalogPlugin } from './schema.js';

/**
 * Whether a propeller that imports `packages` links this registration: its package is imported, and it is not
 * in a `_test.go` file, which is never compiled into propeller whatever its package.
 */
export function isLinkedBy(plugin: { flags: readonly string[]; package: string }, packages: ReadonlySet<string>): boolean {
  return !plugin.flags.includes('test') && packages.has(plugin.package);
}

/** An example package, a test-helper package or a `_test.go` file: not a plugin to run in production. */
export function isFlagged(plugin: CatalogPlugin): boolean {
  return plugin.flags.some((flag) => flag === 'example' || flag === 'testing' || flag === 'test');
}

/** The fail-fast bundle registers every task type only to fail it: it never "runs" one. */
function isCatchAll(plugin: CatalogPlugin): boolean {
  return plugin.package.endsWith('/pluginmachinery/bundle');
}

/**
 * Whether propeller registers this plugin at start-up, so that an empty enabled-plugins enables it: its
 * package is linked into propeller, when the catalog knows (`linked`); where it cannot know (flyteplugins
 * tags), every plugin but examples, test helpers and the fail-fast bundle. A `_test.go` file never is.
 */
export function registersInPropeller(plugin: CatalogPlugin): boolean {
  if (plugin.flags.includes('test')) return false;
  if (plugin.linked !== null) return plugin.linked;
  return !isFlagged(plugin) && !isCatchAll(plugin);
}

/** A plugin to offer, suggest or write into a list: registered by propeller, and not flagged or catch-all. */
export function isRunnable(plugin: CatalogPlugin): boolean {
  return registersInPropeller(plugin) && !isFlagged(plugin) && !isCatchAll(plugin);
}
