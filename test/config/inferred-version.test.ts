import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, runCli, sharedConfigs, tempDir } from '../helpers.js';
import { joinedRegExp } from '../regexp.js';

const rendered = fixture('config', 'inferred-version', 'rendered-v1.8.0.yaml');

test('check without a version reads it from a rendered manifest: propeller v1.1.106 is flyteplugins v1.1.8', async () => {
  const run = await runCli(['check', '-c', rendered, '--offline']);
  assert.equal(run.code, 1, run.stderr);
  assert.equal(
    run.stderr,
    `inferred propeller v1.1.106 / flyteplugins v1.1.8 (Flyte v1.8.0, v1.8.1 deploy it) from ${rendered}:32 (flytepropeller: v1.1.106); ` +
      'name another with --tag or --flyte-version\n',
  );
  assert.match(run.stdout, /against flyteorg\/flyteplugins v1\.1\.8\n/);
  assert.match(run.stdout, /^SILENT \S+rendered-v1\.8\.0\.yaml:20:11: 'sparkk' matches no plugin of v1\.1\.8/m);
  assert.match(
    run.stdout,
    /^FATAL {2}\S+rendered-v1\.8\.0\.yaml:12:11: default-for-task-types maps bigquery_query_job_task to 'agent-service'/m,
  );
});

test('a version flag wins over the file', async () => {
  const run = await runCli(['check', '-c', rendered, '--offline', '--flyte-version', 'v1.16.8']);
  assert.doesNotMatch(run.stderr, /inferred/);
  assert.match(run.stdout, /against flyteorg\/flyte flyteplugins\/v1\.16\.8/);
});

test('enable without a version checks names against the version the file names', async () => {
  const run = await runCli(['enable', 'connector-service', '-c', rendered, '--dry-run', '--offline']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^inferred propeller v1\.1\.106/);
  assert.match(run.stderr, /'connector-service'.*v1\.1\.8/);
});

test('a tag that names no version says so, and the newest bundled Flyte 1 version is used', async () => {
  const run = await runCli(['check', '-c', fixture('config', 'inferred-version', 'values-sandbox.yaml'), '--offline']);
  assert.match(
    run.stderr,
    joinedRegExp([
      /^no version named \(.*values-sandbox\.yaml:4 sandbox names no version\): /,
      /checking against flyteorg\/flyte flyteplugins\/v1\.16\.8, the newest bundled Flyte 1 catalog/,
    ]),
  );
});

test('the appVersion of a Chart.yaml beside the values file names the release', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: flyte-core\nversion: v1.13.0\nappVersion: v1.13.0\n');
  writeFileSync(
    join(dir, 'values.yaml'),
    'configmap:\n  enabled_plugins:\n    tasks:\n      task-plugins:\n        enabled-plugins:\n        - container\n',
  );
  const run = await runCli(['check', '-c', join(dir, 'values.yaml'), '--offline']);
  assert.match(run.stderr, /^inferred Flyte v1\.13\.0 from .*Chart\.yaml:4 \(appVersion: v1\.13\.0\)/);
  assert.match(run.stdout, /against flyteorg\/flyte flyteplugins\/v1\.13\.0/);
});

const v2 = join(sharedConfigs, 'flyte-v2.0.43__charts_flyte-binary_values.yaml');
const v1binary = join(sharedConfigs, 'flyte-v1.16.8__charts_flyte-binary_values.yaml');
test('image tag latest: the file shape tells Flyte 2 from Flyte 1', { skip: !existsSync(v2) }, async () => {
  const flyte2 = await runCli(['check', '-c', v2, '--offline']);
  assert.match(
    flyte2.stderr,
    /checking against Flyte v2\.0\.43, the newest bundled Flyte 2 catalog; the file is Flyte 2: .*flyte-binary-v2 image/,
  );
  assert.match(flyte2.stdout, /is Flyte 2/);
  const flyte1 = await runCli(['check', '-c', v1binary, '--offline']);
  assert.match(flyte1.stderr, /the newest bundled Flyte 1 catalog/);
  assert.doesNotMatch(flyte1.stdout, /is Flyte 2/);
});
