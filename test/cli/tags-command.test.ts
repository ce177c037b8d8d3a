import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';

test('lists flyteplugins tags, monorepo module tags and Flyte releases, marking what is bundled', async () => {
  const run = await runCli(['tags', '-o', 'json']);
  assert.equal(run.code, 0);
  const rows = JSON.parse(run.stdout) as { version: string; kind: string; ref: string; bundled: boolean; note: string }[];
  const find = (ref: string) => rows.find((row) => row.ref === ref);
  assert.deepEqual(find('v0.5.25'), {
    version: 'v0.5.25',
    kind: 'flyteplugins',
    repo: 'flyteorg/flyteplugins',
    ref: 'v0.5.25',
    bundled: true,
    note: '',
  });
  assert.equal(find('v0.1.0')?.note, 'pre-v0.2.0 plugin API: out of scope');
  assert.equal(find('flyteplugins/v1.16.8')?.version, 'v1.16.8');
  assert.equal(find('flyteplugins/v1.16.8')?.bundled, true);
  assert.equal(find('v1.13.0')?.kind, 'flyte release');
});

test('--bundled lists only what works offline', async () => {
  const run = await runCli(['tags', '--bundled']);
  assert.equal(run.code, 0);
  assert.match(run.stdout, /^v0\.5\.24\s+flyteplugins\s+flyteorg\/flyteplugins\s+v0\.5\.24\s+yes/m);
  assert.doesNotMatch(run.stdout, /^v0\.1\.0\s/m, 'versions before v0.2.0 cannot be scanned, so none is bundled');
});
