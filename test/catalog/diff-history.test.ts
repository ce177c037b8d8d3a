import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundledIndex, bundledVersions } from '../../src/cache/bundled.js';
import { diffVersions, findRenames } from '../../src/catalog/diff.js';
import { idHistories, withoutAliases } from '../../src/catalog/id-history.js';
import type { CatalogPlugin } from '../../src/catalog/schema.js';
import { plugin } from '../registrations.js';

const version = (tag: string, plugins: CatalogPlugin[], repo = 'flyteorg/flyteplugins') => ({ repo, tag, plugins });

test('diff: added, removed, task types gained and lost, defaults and linked changes', () => {
  const from = version('v1', [
    plugin('spark', 'spark', { taskTypes: ['spark', 'pyspark'] }),
    plugin('hive', 'hive'),
    plugin('pod', 'pod', { isDefault: false, defaultForTaskTypes: [] }),
    plugin('ray', 'ray', { linked: null }),
  ]);
  const to = version('v2', [
    plugin('spark', 'spark', { taskTypes: ['spark', 'databricks'], linked: false }),
    plugin('pod', 'pod', { isDefault: true, defaultForTaskTypes: ['python-task'] }),
    plugin('ray', 'ray', { linked: true }),
    plugin('dask', 'dask'),
  ]);
  const diff = diffVersions(from, to);
  assert.deepEqual(
    diff.added.map((state) => state.id),
    ['dask'],
  );
  assert.deepEqual(
    diff.removed.map((state) => state.id),
    ['hive'],
  );
  assert.deepEqual(diff.renamed, []);
  const changes = Object.fromEntries(diff.changed.map((id) => [id.id, id.changes]));
  assert.deepEqual(changes.spark, [
    { field: 'taskTypes', from: ['pyspark', 'spark'], to: ['databricks', 'spark'], gained: ['databricks'], lost: ['pyspark'] },
    { field: 'linked', from: true, to: false },
  ]);
  assert.deepEqual(
    changes.pod?.map((change) => change.field),
    ['isDefault', 'defaultForTaskTypes'],
  );
  assert.equal(changes.ray, undefined, 'unknown → linked is no change: the older version could not know');
});

test('renames: same file, same package, a moved package; never an unrelated new plugin', () => {
  const monorepo = 'github.com/flyteorg/flyte/flyteplugins';
  const before = [plugin('old-name', 'webapi/grpc', { taskTypes: null, kind: 'remote' }), plugin('sagemaker', 'sagemaker')];
  const after = [plugin('new-name', 'webapi/agent', { taskTypes: null, kind: 'remote' }, monorepo), plugin('kfto', 'kfto')];
  assert.deepEqual(findRenames(before, after), [{ from: 'old-name', to: 'new-name', basis: 'package moved' }]);
  assert.deepEqual(findRenames([plugin('a', 'x')], [plugin('b', 'x', { taskTypes: ['other'] })]), [
    { from: 'a', to: 'b', basis: 'same file' },
  ]);
  const samePackage = findRenames([plugin('a', 'x')], [plugin('b', 'x', { file: 'go/tasks/plugins/x/other.go' })]);
  assert.deepEqual(samePackage, [{ from: 'a', to: 'b', basis: 'same package' }]);
  const diff = diffVersions(version('v1', before), version('v2', after));
  assert.deepEqual(
    diff.removed.map((state) => state.id),
    ['sagemaker'],
  );
  assert.deepEqual(
    diff.added.map((state) => state.id),
    ['kfto'],
  );
});

test('history: spans per ID across repos, flagged IDs marked, unknown linked joins a span, renames between versions', () => {
  const monorepo = 'github.com/flyteorg/flyte/flyteplugins';
  const v1 = [plugin('external', 'webapi/grpc', { kind: 'remote', taskTypes: null }), plugin('spark', 'spark')];
  const v2 = [plugin('agent', 'webapi/agent', { kind: 'remote', taskTypes: null }), plugin('spark', 'spark', { linked: null })];
  const v3 = [
    plugin('agent', 'webapi/agent', { kind: 'remote', taskTypes: null }, monorepo),
    plugin('spark', 'spark', { taskTypes: ['spark', 'pyspark'] }, monorepo),
    plugin('echo', 'testing', { kind: 'core', flags: ['testing'] }, monorepo),
  ];
  const { spans, renames } = idHistories([
    version('v1.0.0', v1),
    version('v1.0.1', v2),
    version('v1.0.2', v2),
    version('flyteplugins/v1.9.0', v3, 'flyteorg/flyte'),
  ]);
  assert.deepEqual(renames, [{ from: 'external', to: 'agent', basis: 'package moved', after: 'v1.0.0', at: 'v1.0.1' }]);
  assert.deepEqual(
    spans.spark?.map((span) => [span.repo, span.from, span.to, span.taskTypes, span.linked]),
    [
      ['flyteorg/flyteplugins', 'v1.0.0', 'v1.0.2', ['spark'], true],
      ['flyteorg/flyte', 'flyteplugins/v1.9.0', 'flyteplugins/v1.9.0', ['pyspark', 'spark'], true],
    ],
  );
  assert.deepEqual(
    spans.agent?.map((span) => [span.from, span.to, span.files]),
    [
      ['v1.0.1', 'v1.0.2', ['go/tasks/plugins/webapi/agent/plugin.go']],
      ['flyteplugins/v1.9.0', 'flyteplugins/v1.9.0', ['go/tasks/plugins/webapi/agent/plugin.go']],
    ],
  );
  assert.equal(spans.echo?.[0]?.flagged, true);
  assert.equal(spans.external?.at(-1)?.to, 'v1.0.0');
});

test('history from the bundled catalogs agrees with the index: same versions per ID, flagged spans marked in both', () => {
  const index = bundledIndex();
  const versions = bundledVersions();
  const order = versions.map((entry) => `${entry.repo} ${entry.tag}`);
  // The index's spans start at v1.15.1, after the stray tag: the versions inside a span are compared without it.
  const stray = 'flyteorg/flyte flyteplugins/1.15.1';
  const expand = (spans: readonly { repo: string; from: string; to: string; flagged?: boolean }[], flagged: boolean): string[] =>
    spans
      .filter((span) => (span.flagged ?? false) === flagged)
      .flatMap((span) => order.slice(order.indexOf(`${span.repo} ${span.from}`), order.indexOf(`${span.repo} ${span.to}`) + 1))
      .filter((version) => version !== stray);
  const { spans } = idHistories(versions);
  assert.deepEqual(Object.keys(spans).sort(), Object.keys(index.history).sort(), 'the index names flagged IDs too');
  for (const [id, indexed] of Object.entries(index.history)) {
    assert.deepEqual(expand(spans[id] ?? [], false), expand(indexed, false), id);
    assert.deepEqual(expand(spans[id] ?? [], true), expand(indexed, true), `${id} (flagged)`);
  }
  assert.ok(index.history.echo?.every((span) => span.flagged));
});

test('alias tags on the commit of a vX.Y.Z tag are left out of the history; a lone odd tag stays', () => {
  const at = (tag: string, commit: string) => ({ repo: 'flyteorg/flyte', tag, commit, plugins: [] });
  const versions = [
    at('flyteplugins/1.15.1', 'a'),
    at('flyteplugins/v1.15.1', 'a'),
    at('flyteplugins/v1.16.0-b4', 'b'),
    at('flyteplugins/v1.16.0b4', 'b'),
    at('flyteplugins/odd', 'c'),
  ];
  assert.deepEqual(
    withoutAliases(versions).map((version) => version.tag),
    ['flyteplugins/v1.15.1', 'flyteplugins/v1.16.0-b4', 'flyteplugins/odd'],
  );
  const shipped = withoutAliases(bundledVersions()).map((version) => version.tag);
  assert.ok(shipped.includes('flyteplugins/v1.15.1') && !shipped.includes('flyteplugins/1.15.1'));
});
