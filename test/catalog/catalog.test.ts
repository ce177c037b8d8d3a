import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { serializeCatalog } from '../../src/catalog/serialize.js';
import { CatalogSchema, catalogJsonSchema } from '../../src/catalog/schema.js';
import { checkCatalog } from '../../src/catalog/json-schema.js';
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

test('the light JSON Schema check (cached catalogs) accepts and refuses what the zod model does', () => {
  const agree = (value: unknown, label: string): void => {
    const zodOk = CatalogSchema.safeParse(value).success;
    let lightOk = true;
    try {
      checkCatalog(value);
    } catch {
      lightOk = false;
    }
    assert.equal(lightOk, zodOk, label);
  };
  for (const scenario of goldenScenarios) {
    const golden = JSON.parse(readFileSync(scenario.golden, 'utf8')) as Record<string, unknown>;
    agree(golden, `${scenario.name} as written`);
    const mutations: [
      string,
      (c: { plugins: Record<string, unknown>[]; unresolved: Record<string, unknown>[] } & Record<string, unknown>) => void,
    ][] = [
      ['schemaVersion 2', (c) => (c.schemaVersion = 2)],
      ['plugins not a list', (c) => (c.plugins = 'x' as never)],
      ['an id that is a number', (c) => ((c.plugins[0] as Record<string, unknown>).id = 5)],
      ['an unknown kind', (c) => ((c.plugins[0] as Record<string, unknown>).kind = 'grpc')],
      ['line 0', (c) => ((c.plugins[0] as Record<string, unknown>).line = 0)],
      ['line 1.5', (c) => ((c.plugins[0] as Record<string, unknown>).line = 1.5)],
      ['an extra key', (c) => ((c.plugins[0] as Record<string, unknown>).extra = true)],
      ['a missing key', (c) => delete (c.plugins[0] as Record<string, unknown>).linked],
      ['an unknown flag', (c) => ((c.plugins[0] as Record<string, unknown>).flags = ['nope'])],
      ['taskTypes null', (c) => ((c.plugins[0] as Record<string, unknown>).taskTypes = null)],
      ['a tag that is a number', (c) => ((c.source as Record<string, unknown>).tag = 1)],
      ['an unresolved field name unknown', (c) => c.unresolved.push({ ...(c.unresolved[0] ?? {}), field: 'nope' })],
    ];
    for (const [label, mutate] of mutations) {
      const copy = structuredClone(golden) as Parameters<typeof mutate>[0];
      mutate(copy);
      agree(copy, `${scenario.name}: ${label}`);
    }
  }
});
