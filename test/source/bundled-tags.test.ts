import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { bundledCatalog, bundledReleaseCatalog } from '../../src/cache/bundled.js';
import { discover } from '../../src/discover.js';
import { FakeGitHub } from '../github-server.js';
import { tempDir } from '../helpers.js';

// The fake GitHub serves the real history here (the clones `npm run catalogs` reads), so that tags name the
// commits the package bundles. Absent on a fresh clone: skipped.
const mirror = (name: string): string => join('/work/.mirror', name, 'repo');
const haveMirrors = existsSync(mirror('flyteorg+flyte')) && existsSync(mirror('flyteorg+flyteplugins'));

test('a bundled tag with network costs one small request (40 bytes of body) and no download', { skip: !haveMirrors }, async () => {
  const github = await new FakeGitHub({
    'flyteorg/flyte': mirror('flyteorg+flyte'),
    'flyteorg/flyteplugins': mirror('flyteorg+flyteplugins'),
  }).start();
  try {
    const notices: string[] = [];
    const options = { cacheDir: tempDir('fpc-cache-'), github: { apiUrl: github.apiUrl }, onNotice: (m: string) => notices.push(m) };
    for (const [request, bundled] of [
      [{ tag: 'v1.16.8' }, bundledCatalog('flyteorg/flyte', 'flyteplugins/v1.16.8')],
      [{ tag: 'v1.1.8' }, bundledCatalog('flyteorg/flyteplugins', 'v1.1.8')],
      [{ flyteVersion: 'v1.8.0' }, bundledReleaseCatalog('v1.8.0')],
      [{ flyteVersion: 'v2.0.43' }, bundledReleaseCatalog('v2.0.43')],
    ] as const) {
      github.reset();
      const result = await discover({ ...options, ...request });
      assert.equal(result.servedFrom, 'bundled', JSON.stringify(request));
      assert.deepEqual(result.catalog, bundled);
      assert.equal(github.restRequests.length, 1, JSON.stringify(github.requests));
      assert.match(github.restRequests[0]?.path ?? '', /\/commits\//);
      assert.ok(github.bytesSent <= 2048, `${github.bytesSent} bytes`);
    }
    assert.match(
      notices[0] ?? '',
      /^served from the bundled catalog of flyteorg\/flyte flyteplugins\/v1\.16\.8 \(51877f899c9f, the commit GitHub names\)/,
    );
  } finally {
    await github.close();
  }
});
