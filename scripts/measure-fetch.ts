// Requests and bytes of cold and warm scans, against the test GitHub server serving local clones.
//   npm run measure-fetch -- --plugins DIR --flyte DIR [--tag v0.5.25] [--monorepo-tag v1.16.8]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { discover } from '../src/discover.js';
import { FakeGitHub } from '../test/github-server.js';

const { values } = parseArgs({
  options: { plugins: { type: 'string' }, flyte: { type: 'string' }, tag: { type: 'string' }, 'monorepo-tag': { type: 'string' } },
});
if (!values.plugins || !values.flyte) {
  console.error('usage: npm run measure-fetch -- --plugins FLYTEPLUGINS_CLONE --flyte FLYTE_CLONE');
  process.exit(2);
}
const github = await new FakeGitHub({ 'flyteorg/flyteplugins': values.plugins, 'flyteorg/flyte': values.flyte }).start();
const cacheDir = mkdtempSync(join(tmpdir(), 'fpc-measure-'));
try {
  for (const tag of [values.tag ?? 'v0.5.25', values['monorepo-tag'] ?? 'v1.16.8']) {
    for (const run of ['cold', 'warm']) {
      github.reset();
      const start = performance.now();
      const { catalog, servedFrom } = await discover({ tag, cacheDir, github: { apiUrl: github.apiUrl } });
      const ms = performance.now() - start;
      const rest = github.restRequests.length;
      const ratio = github.tarballBytes ? (github.bytesSent / github.tarballBytes).toFixed(3) : '-';
      console.log(
        `${tag} ${run}: ${rest} REST request(s) + ${github.requests.length - rest} redirect download(s), ${github.bytesSent} bytes ` +
          `(tarball ${github.tarballBytes} bytes, ratio ${run === 'cold' ? ratio : '0'}), ${ms.toFixed(0)} ms, ` +
          `${catalog.source.repo}@${catalog.source.tag} ${catalog.source.commit?.slice(0, 12)}, served from ${servedFrom}`,
      );
    }
  }
} finally {
  await github.close();
}
