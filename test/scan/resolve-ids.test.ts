import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { discover } from '../../src/discover.js';
import type { Catalog, CatalogPlugin } from '../../src/catalog/schema.js';
import { fixture } from '../helpers.js';

let catalog: Catalog;

before(async () => {
  ({ catalog } = await discover({ source: fixture('scan', 'all-shapes'), repo: 'fixtures/all-shapes' }));
});

function plugin(id: string): CatalogPlugin {
  const found = catalog.plugins.filter((candidate) => candidate.id === id);
  assert.equal(found.length, 1, `expected one registration of ${id}, got ${found.length}`);
  return found[0] as CatalogPlugin;
}

function unresolved(id: string): Catalog['unresolved'] {
  return catalog.unresolved.filter((entry) => entry.plugin === id);
}

test('resolves an ID constant and a typed const block declared in another file of the package', () => {
  const trainer = plugin('trainer_job');
  assert.equal(trainer.kind, 'k8s');
  assert.deepEqual(trainer.taskTypes, ['trainer_job_task', 'tuner_job_task']);
  assert.deepEqual(trainer.defaultForTaskTypes, ['trainer_job_task']);
  assert.equal(trainer.isDefault, false);
  assert.equal(trainer.file, 'go/tasks/plugins/fromfile/plugin.go');
  assert.equal(trainer.line, 10);
  assert.equal(trainer.package, 'example.com/acme/flyteplugins/go/tasks/plugins/fromfile');
});

test('resolves an ID from another package imported under an alias, through concatenation and a conversion', () => {
  const grid = plugin('grid-operator');
  assert.deepEqual(grid.taskTypes, ['grid']);
  assert.equal(grid.isDefault, true);
});

test('resolves the same constant name to different values in two packages', () => {
  assert.equal(plugin('one-array').package, 'example.com/acme/flyteplugins/go/tasks/plugins/lookalike/one');
  assert.equal(plugin('two_array').package, 'example.com/acme/flyteplugins/go/tasks/plugins/lookalike/two');
});

test('resolves a constant literally named ID built by a constructor outside init, and reports config task types as run time', () => {
  const relay = plugin('relay-service');
  assert.equal(relay.kind, 'remote');
  assert.equal(relay.taskTypes, null);
  assert.equal(relay.builtBy, 'newRelayPlugin');
  assert.equal(relay.function, 'RegisterRelayPlugin');
  assert.deepEqual(relay.flags, ['not-in-init']);
  const [entry, ...rest] = unresolved('relay-service');
  assert.equal(rest.length, 0);
  assert.equal(entry?.field, 'taskTypes');
  assert.equal(entry?.expression, 'cfg.SupportedTaskTypes');
  assert.equal(entry?.runtime, true);
  assert.match(entry?.reason ?? '', /GetConfig\(\)/);
});

test('binds constructor parameters to the arguments of the registration call', () => {
  const query = plugin('query-engine');
  assert.deepEqual(query.taskTypes, ['sql_query', 'sql_batch']);
  assert.equal(query.builtBy, 'newQueryPlugin');
  assert.deepEqual(query.flags, []);
});

test('does not guess a parameter that is replaced only on some paths', () => {
  const gateway = plugin('gateway');
  assert.equal(gateway.taskTypes, null);
  const [entry] = unresolved('gateway');
  assert.equal(entry?.runtime, true);
  assert.match(entry?.reason ?? '', /conditionally/);
});

test('takes the initial value of a var whose address is taken elsewhere', () => {
  assert.deepEqual(plugin('stream').taskTypes, ['stream']);
});

test('follows local variables, append and a typed-string conversion inside init', () => {
  const guard = plugin('guard');
  assert.equal(guard.kind, 'core');
  assert.deepEqual(guard.taskTypes, ['alpha', 'beta', 'gamma']);
  assert.equal(guard.isDefault, false);
});

test('concatenates a const, a var and a raw string; a nil list is empty', () => {
  assert.deepEqual(plugin('batch-v2').taskTypes, []);
  assert.deepEqual(unresolved('batch-v2'), []);
});

test('lists example, testing and _test.go registrations with their flags', () => {
  assert.deepEqual(plugin('demo-remote').flags, ['example']);
  assert.deepEqual(plugin('echo').flags, ['testing']);
  assert.deepEqual(plugin('probe').flags, ['test', 'not-in-init']);
});

test("does not count the registry's own methods and interface", () => {
  assert.equal(
    catalog.plugins.some((candidate) => candidate.file.endsWith('pluginmachinery/registry.go')),
    false,
  );
});

test('scans past a file with a syntax error and a file that is not UTF-8', () => {
  assert.equal(catalog.plugins.length, 13);
});

test('sorts plugins by id and records the source', () => {
  const ids = catalog.plugins.map((candidate) => candidate.id);
  assert.deepEqual(ids, [...ids].sort());
  assert.deepEqual(catalog.source, {
    repo: 'fixtures/all-shapes',
    tag: null,
    commit: null,
    path: '',
    module: 'example.com/acme/flyteplugins',
  });
});

test('finds the plugin folder below a go.mod two folders up', async () => {
  const { catalog: nested } = await discover({ source: fixture('scan', 'nested-module'), repo: 'nested' });
  assert.equal(nested.source.path, 'deploy/flyte');
  assert.equal(nested.source.module, 'example.com/corp/platform/deploy/flyte');
  assert.deepEqual(
    nested.plugins.map((p) => [p.id, p.taskTypes]),
    [['shuttle', ['shuttle_task']]],
  );
});

test('reads the module path off the imports of a tree from before Go modules (no go.mod)', async () => {
  const { catalog: old } = await discover({ source: fixture('scan', 'dep-era'), repo: 'dep-era' });
  assert.equal(old.source.module, 'example.com/olden/plugins');
  assert.deepEqual(
    old.plugins.map((p) => p.id),
    ['relay'],
  );
});

test('marks which plugin packages propeller at the same commit imports (a test file does not count)', async () => {
  const { catalog: mono } = await discover({ source: fixture('scan', 'monorepo-linked'), repo: 'mono' });
  assert.equal(mono.source.path, 'flyteplugins');
  assert.deepEqual(
    mono.plugins.map((p) => [p.id, p.linked]),
    [
      ['alpha', true],
      ['beta', false],
    ],
  );
  assert.ok(
    catalog.plugins.every((p) => p.linked === null),
    'no propeller in the source: unknown',
  );
});
