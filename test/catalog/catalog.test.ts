import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { serializeCatalog } from '../../src/catalog/serialize.js';
import { CatalogSchema, catalogJsonSchema } from '../../src/catalog/schema.js';
import { discover } from '../../src/discover.js';
import { engines, goldenScenarios } from '../golden-scenarios.js';
import { projectRoot } from '../helpers.js';

const shippedSchema = JSON.parse(readFileSync(join(projectRoot, 'schema', 'catalog.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(shippedSchema);

test('the shipped JSON Schema is the one the zod model generates (npm run schema)', () => {
  assert.deepEqual(shippedSchema, JSON.parse(JSON.stringify(catalogJsonSchema())));
});

for (const scenario of goldenScenarios) {
  for (const engine of engines) {
    test(`the ${scenario.name} catalog matches its golden file byte for byte on the ${engine} engine (npm run golden)`, async () => {
      const { catalog, stats } = await discover({ ...scenario.options, engine });
      assert.match(stats?.engine ?? '', engine === 'native' ? /^native tree-sitter/ : /^web-tree-sitter/);
      assert.equal(serializeCatalog(catalog), readFileSync(scenario.golden, 'utf8'));
    });
  }

  test(`the ${scenario.name} catalog validates against the shipped JSON Schema and the zod model`, async () => {
    const { catalog } = await discover(scenario.options);
    assert.equal(validate(catalog), true, JSON.stringify(validate.errors));
    CatalogSchema.parse(catalog);
  });
}

test('the same input gives byte-identical output', async () => {
  const scenario = goldenScenarios[0];
  assert.ok(scenario);
  const [first, second] = await Promise.all([discover(scenario.options), discover(scenario.options)]);
  assert.equal(serializeCatalog(first.catalog), serializeCatalog(second.catalog));
});

test('the schema rejects a catalog with a plugin missing its id', () => {
  const scenario = goldenScenarios[0];
  assert.ok(scenario);
  const golden = JSON.parse(readFileSync(scenario.golden, 'utf8')) as { plugins: Record<string, unknown>[] };
  const plugin = golden.plugins[0];
  assert.ok(plugin);
  delete plugin.id;
  assert.equal(validate(golden), false);
});
