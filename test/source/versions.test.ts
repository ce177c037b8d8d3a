import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BundledIndex } from '../../src/catalog/bundle-index.js';
import { SourceError, UsageError } from '../../src/errors.js';
import { resolveVersion } from '../../src/source/versions.js';

const index: BundledIndex = {
  schemaVersion: 2,
  generator: { name: 'flyte-plugin-catalog', version: '0.0.0' },
  repos: {
    'flyteorg/flyteplugins': { tags: ['v0.1.0', 'v0.5.24', 'v0.5.25', 'v1.1.33'], archived: true },
    'flyteorg/flyte': { tags: ['flyteplugins/v1.9.1', 'flyteplugins/v1.16.8', 'v1.9.1', 'v1.13.0', 'v1.16.8'], archived: false },
  },
  catalogs: [],
  releases: {
    'v1.8.0': {
      kind: 'release',
      era: 'gomod',
      commit: 'a'.repeat(40),
      propeller: {
        repo: 'flyteorg/flytepropeller',
        ref: 'v1.1.106',
        commit: 'b'.repeat(40),
        path: '',
        from: 'charts/flyte-core/values.yaml:277',
      },
      plugins: { repo: 'flyteorg/flyteplugins', tag: 'v1.1.33', commit: 'c'.repeat(40), path: '' },
    },
    'v1.9.1': { kind: 'release', era: 'gomod', commit: 'd'.repeat(40), reason: 'no propeller image tag' },
    'v1.13.0': {
      kind: 'release',
      era: 'monorepo',
      commit: 'e'.repeat(40),
      plugins: { repo: 'flyteorg/flyte', tag: 'flyteplugins/v1.13.0', commit: 'e'.repeat(40), path: 'flyteplugins' },
    },
    'v1.16.8': {
      kind: 'release',
      era: 'monorepo',
      commit: 'f'.repeat(40),
      moduleTag: 'flyteplugins/v1.16.8',
      plugins: { repo: 'flyteorg/flyte', tag: 'flyteplugins/v1.16.8', commit: 'f'.repeat(40), path: 'flyteplugins' },
    },
  },
  propellers: {},
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

test('a Flyte release resolves to the plugins its propeller runs, and says which release it was', () => {
  const v18 = resolveVersion({ flyteVersion: 'v1.8.0' }, index);
  assert.deepEqual([v18.repo, v18.ref, v18.path, v18.release?.tag], ['flyteplugins', 'v1.1.33', undefined, 'v1.8.0']);
  const v113 = resolveVersion({ flyteVersion: 'v1.13.0' }, index);
  assert.deepEqual([v113.repo, v113.ref, v113.path], ['flyte', 'flyteplugins/v1.13.0', 'flyteplugins']);
  assert.throws(
    () => resolveVersion({ flyteVersion: 'v1.9.1' }, index),
    /^SourceError: Flyte v1\.9\.1 has no plugins to check against: no propeller image tag$/,
  );
});

test('a release newer than the index is tried at its own tag, as Flyte 2', () => {
  const next = resolveVersion({ flyteVersion: 'v2.1.0' }, index);
  assert.deepEqual([next.repo, next.ref, next.path, next.release?.entry], ['flyte', 'v2.1.0', 'flyteplugins', undefined]);
});

test('the wrong flag for a version says which one was meant', () => {
  assert.throws(
    () => resolveVersion({ tag: 'v1.8.0' }, index),
    /is a Flyte release, not a flyteplugins version; its propeller runs flyteorg\/flyteplugins v1\.1\.33/,
  );
  assert.throws(() => resolveVersion({ flyteVersion: 'v0.5.25' }, index), /'v0\.5\.25' is a flyteplugins version, not a Flyte release/);
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
  assert.throws(() => resolveVersion({ flyteVersion: 'v1.12.9' }, index), /unknown Flyte release 'v1\.12\.9'/);
});

test('usage errors: no version, both flags, --repo without a ref', () => {
  assert.throws(() => resolveVersion({}, index), UsageError);
  assert.throws(() => resolveVersion({ tag: 'v1', flyteVersion: 'v1' }, index), UsageError);
  assert.throws(() => resolveVersion({ repo: 'acme/plugins' }, index), /--repo needs --tag/);
  assert.throws(() => resolveVersion({ repo: 'acme', tag: 'v1' }, index), /--repo takes OWNER\/NAME/);
});
