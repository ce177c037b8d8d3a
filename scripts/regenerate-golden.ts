// Regenerates the golden catalogs of test/fixtures/scan. Review the diff like code. Run: npm run golden
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { PassThrough } from 'node:stream';
import { serializeCatalog } from '../src/catalog/serialize.js';
import { discover } from '../src/discover.js';
import { goldenScenarios } from '../test/golden-scenarios.js';
import { editScenarios, scenarioArgs } from '../test/config-scenarios.js';
import { fixture } from '../test/helpers.js';

for (const scenario of goldenScenarios) {
  const { catalog } = await discover(scenario.options);
  writeFileSync(scenario.golden, serializeCatalog(catalog));
  console.log(`wrote ${scenario.golden}`);
}

for (const scenario of editScenarios) {
  const config = join(mkdtempSync(join(tmpdir(), 'fpc-golden-')), 'config.yaml');
  copyFileSync(fixture('config', scenario.name, 'input.yaml'), config);
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await main(scenarioArgs(scenario, config), { stdout: new PassThrough(), stderr, env: {}, cwd: process.cwd() });
  if (code !== 0) throw new Error(`${scenario.name}: exit ${code}: ${Buffer.concat(chunks).toString()}`);
  copyFileSync(config, fixture('config', scenario.name, 'expected.yaml'));
  console.log(`wrote ${fixture('config', scenario.name, 'expected.yaml')}`);
}
