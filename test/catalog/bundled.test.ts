import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundledCatalog, bundledIndex, bundledReleaseCatalog } from '../../src/cache/bundled.js';
import { CatalogSchema } from '../../src/catalog/schema.js';
import { serializeCatalog } from '../../src/catalog/serialize.js';
import { discover } from '../../src/discover.js';
import { resolveVersion } from '../../src/source/versions.js';

test('every bundled catalog validates against the catalog schema, and says the version it was asked for', () => {
  const index = bundledIndex();
  assert.ok(index.catalogs.length > 300, `${index.catalogs.length} bundled catalogs`);
  for (const entry of index.catalogs) {
    const catalog = bundledCatalog(entry.repo, entry.tag);
    const parsed = CatalogSchema.safeParse(catalog);
    assert.ok(parsed.success, `${entry.repo} ${entry.tag}: ${parsed.error?.issues[0]?.message}`);
    assert.equal(catalog?.source.tag, entry.tag);
    assert.equal(catalog?.source.commit, entry.commit);
  }
});

test('every Flyte tag of the index resolves offline to its bundled catalog, or says in one line why it cannot', async () => {
  const index = bundledIndex();
  const tags = Object.keys(index.releases);
  assert.ok(tags.length >= 245, `${tags.length} Flyte tags`);
  for (const tag of tags) {
    const entry = index.releases[tag];
    if (!entry?.file) {
      assert.match(entry?.reason ?? '', /^[^\n]+$/, `${tag} has neither a catalog nor a reason`);
      continue;
    }
    const target = resolveVersion({ flyteVersion: tag }, index);
    assert.equal(target.release?.tag, tag);
    const catalog = bundledReleaseCatalog(tag);
    const parsed = CatalogSchema.safeParse(catalog);
    assert.ok(parsed.success, `${tag}: ${parsed.error?.issues[0]?.message}`);
    assert.equal(catalog?.source.release, tag);
    assert.equal(catalog?.source.commit, entry.plugins?.commit);
    assert.ok(
      catalog?.plugins.every((plugin) => plugin.linked !== null),
      `${tag}: linked is known for every plugin`,
    );
  }
});

test('a flyteplugins tag that a flytepropeller tag pins is linked from it; the others say linked: null', () => {
  const index = bundledIndex();
  const pinned = index.catalogs.filter((entry) => entry.linkedFrom);
  assert.ok(pinned.length > 100, `${pinned.length} pinned tags`);
  for (const entry of pinned) {
    assert.ok(index.propellers[`${entry.linkedFrom?.repo}@${entry.linkedFrom?.ref}`], `${entry.tag}: its propeller's links are bundled`);
    assert.ok(entry.linkedFrom?.pinnedBy?.includes(entry.linkedFrom.ref));
  }
  assert.equal(bundledCatalog('flyteorg/flyteplugins', 'v1.1.8')?.plugins.find((plugin) => plugin.id === 'presto')?.linked, false);
});

// With the local clones `npm run catalogs` reads (absent on a fresh clone: skipped), a fresh scan is byte-identical.
const mirrors = '/work/.mirror';
for (const [release, clone] of [
  ['v1.8.0', 'flyteorg+flyteplugins'],
  ['v2.0.43', 'flyteorg+flyte'],
] as const) {
  const dir = join(mirrors, clone, 'repo');
  test(`a fresh scan of Flyte ${release} from a local clone is byte-identical to the bundled catalog`, {
    skip: !existsSync(dir),
  }, async () => {
    const { catalog } = await discover({ source: dir, flyteVersion: release, repo: clone.replace('+', '/') });
    const bundled = bundledReleaseCatalog(release);
    assert.ok(bundled);
    assert.equal(serializeCatalog(catalog), serializeCatalog(bundled));
  });
}
