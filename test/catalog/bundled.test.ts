import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundledCatalog, bundledIndex } from '../../src/cache/bundled.js';
import { CatalogSchema } from '../../src/catalog/schema.js';

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
