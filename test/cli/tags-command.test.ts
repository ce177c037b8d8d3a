import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';

test('lists flyteplugins tags, monorepo module tags and Flyte releases, marking what is bundled', async () => {
  const run = await runCli(['tags', '-o', 'json']);
  assert.equal(run.code, 0);
  const rows = JSON.parse(run.stdout) as {
    version: string;
    kind: string;
    ref: string;
    propeller: string | null;
    bundled: boolean;
    note: string;
  }[];
  const find = (ref: string) => rows.find((row) => row.ref === ref);
  assert.deepEqual(find('v0.5.25'), {
    version: 'v0.5.25',
    kind: 'flyteplugins',
    repo: 'flyteorg/flyteplugins',
    ref: 'v0.5.25',
    propeller: null,
    from: null,
    bundled: true,
    note: 'no flytepropeller tag pins it: linked unknown',
  });
  assert.equal(find('v0.5.59')?.propeller, 'flyteorg/flytepropeller v0.13.4');
  assert.equal(find('v0.1.0')?.note, 'pre-v0.2.0 plugin API: out of scope');
  assert.equal(find('flyteplugins/v1.16.8')?.version, 'v1.16.8');
  assert.equal(find('flyteplugins/v1.16.8')?.bundled, true);
  const release = rows.find((row) => row.version === 'v1.8.0' && row.kind === 'flyte release');
  assert.deepEqual(release, {
    version: 'v1.8.0',
    kind: 'flyte release',
    repo: 'flyteorg/flyteplugins',
    ref: 'v1.1.8',
    propeller: 'flyteorg/flytepropeller v1.1.106',
    from: 'charts/flyte-core/values.yaml:277',
    bundled: true,
    note: 'use --flyte-version',
  });
  const alpha = rows.find((row) => row.version === 'v2.0.0-alpha9');
  assert.equal(alpha?.bundled, false);
  assert.equal(alpha?.note, 'a Flyte 2 pre-release without executor/ (no propeller yet); use --flyte-version');
  assert.equal(rows.find((row) => row.version === 'v1.9.5' && row.kind.startsWith('flyte '))?.kind, 'flyte component tag');
});

test('--releases lists what each Flyte release runs', async () => {
  const run = await runCli(['tags', '--releases']);
  assert.equal(run.code, 0);
  assert.match(
    run.stdout,
    /^v1\.10\.0\s+flyte release\s+flyteorg\/flyte flyteplugins\/v1\.9\.37\s+flyteorg\/flyte flytepropeller\/v1\.9\.37\s+yes/m,
  );
  assert.doesNotMatch(run.stdout, /^v0\.5\.24\s/m);
});

test('--bundled lists only what works offline', async () => {
  const run = await runCli(['tags', '--bundled']);
  assert.equal(run.code, 0);
  assert.match(run.stdout, /^v0\.5\.24\s+flyteplugins\s+flyteorg\/flyteplugins\s+v0\.5\.24\s+yes/m);
  assert.doesNotMatch(run.stdout, /^v0\.1\.0\s/m, 'versions before v0.2.0 cannot be scanned, so none is bundled');
});
