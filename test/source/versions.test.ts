import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BundledIndex } from '../../src/catalog/bundle-index.js';
import { SourceError, UsageError } from '../../src/errors.js';
import { resolveVersion } from '../../src/source/versions.js';

const index: BundledIndex = {
  schemaVersion: 1,
  generator: { name: 'flyte-plugin-catalog', version: '0.0.0' },
  repos: {
    'flyteorg/flyteplugins': { tags: ['v0.1.0', 'v0.5.24', 'v0.5.25', 'v1.1.33'], archived: true },
    'flyteorg/flyte': { tags: ['flyteplugins/v1.9.1', 'flyteplugins/v1.16.8', 'v1.9.1', 'v1.13.0', 'v1.16.8'], archived: false },
  },
  catalogs: [],
  releaseAliases: { 'v1.16.8': 'flyteplugins/v1.16.8' },
  history: {},
};

test('a flyteplugins tag resolves to flyteorg/flyteplugins', () => {
  assert.deepEqual(resolveVersion({ tag: 'v0.5.25' }, index), { owner: 'flyteorg', repo: 'flyteplugins', ref: 'v0.5.25', path: undefined });
});

test('a newer version resolves to the monorepo module tag and folder', () => {
  assert.deepEqual(resolveVersion({ tag: 'v1.16.8' }, index), {
    owner: 'flyteorg',
    repo: 'flyte',
    ref: 'flyteplugins/v1.16.8',
    path: 'flyteplugins',
  });
  assert.deepEqual(resolveVersion({ tag: 'flyteplugins/v1.9.1' }, index), {
    owner: 'flyteorg',
    repo: 'flyte',
    ref: 'flyteplugins/v1.9.1',
    path: 'flyteplugins',
  });
});

test('a version newer than the index is tried on the monorepo as it is', () => {
  assert.equal(resolveVersion({ tag: 'v1.17.0' }, index).ref, 'flyteplugins/v1.17.0');
});

test('a Flyte release on the commit of its module tag resolves to that tag; others stay release tags', () => {
  assert.equal(resolveVersion({ flyteVersion: 'v1.16.8' }, index).ref, 'flyteplugins/v1.16.8');
  assert.deepEqual(resolveVersion({ flyteVersion: 'v1.13.0' }, index), {
    owner: 'flyteorg',
    repo: 'flyte',
    ref: 'v1.13.0',
    path: undefined,
  });
});

test('an unknown version lists the nearest tags', () => {
  assert.throws(
    () => resolveVersion({ tag: 'v0.5.30' }, index),
    (error: unknown) => {
      assert.ok(error instanceof SourceError);
      assert.equal(error.message, "unknown version 'v0.5.30'");
      assert.match(error.hint ?? '', /^nearest tags: v0\.5\.24, v0\.5\.25, v1\.1\.33/);
      return true;
    },
  );
  assert.throws(() => resolveVersion({ flyteVersion: 'v1.12.9' }, index), /unknown version 'v1\.12\.9'/);
});

test('usage errors: no version, both flags, --repo without a ref', () => {
  assert.throws(() => resolveVersion({}, index), UsageError);
  assert.throws(() => resolveVersion({ tag: 'v1', flyteVersion: 'v1' }, index), UsageError);
  assert.throws(() => resolveVersion({ repo: 'acme/plugins' }, index), /--repo needs --tag/);
  assert.throws(() => resolveVersion({ repo: 'acme', tag: 'v1' }, index), /--repo takes OWNER\/NAME/);
});
