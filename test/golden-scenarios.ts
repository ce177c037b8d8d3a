import type { DiscoverOptions } from '../src/discover.js';
import type { EngineName } from '../src/scan/go-parser.js';
import { fixture } from './helpers.js';

/** Fixture trees whose whole catalog is kept as a golden file (regenerate with `npm run golden`). */
export const goldenScenarios: { name: string; options: DiscoverOptions; golden: string }[] = [
  'all-shapes',
  'nested-module',
  'monorepo-linked',
].map((name) => ({
  name,
  options: { source: fixture('scan', name), repo: `fixtures/${name}` },
  golden: fixture('scan', `${name}.catalog.json`),
}));

/** Both tree-sitter bindings: every golden scan runs on each, and must give the same bytes. */
export const engines: EngineName[] = ['native', 'wasm'];
