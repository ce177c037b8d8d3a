// Regenerates the golden catalogs of test/fixtures/scan. Review the diff like code. Run: npm run golden
import { writeFileSync } from 'node:fs';
import { serializeCatalog } from '../src/catalog/build.js';
import { discover } from '../src/discover.js';
import { goldenScenarios } from '../test/golden-scenarios.js';

for (const scenario of goldenScenarios) {
  const { catalog } = await discover(scenario.options);
  writeFileSync(scenario.golden, serializeCatalog(catalog));
  console.log(`wrote ${scenario.golden}`);
}
