import type { DiscoverOptions } from '../src/discover.js';
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
