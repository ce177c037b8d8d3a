import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';

const OFFLINE = { env: { XDG_CACHE_HOME: '/nonexistent' } };

test('history: the rename chain external-plugin-service → agent-service with versions, connector-service beside it', async () => {
  const run = await runCli(['history', 'agent-service', 'connector-service', 'external-plugin-service'], OFFLINE);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^renames: external-plugin-service → agent-service \(v1\.0\.64\)\n/);
  assert.match(
    run.stdout,
    /\nagent-service\n {2}renamed from external-plugin-service at v1\.0\.64 \(last external-plugin-service: v1\.0\.63;/,
  );
  assert.match(run.stdout, /flyteorg\/flyteplugins +v1\.0\.64 +v1\.1\.33 +remote/);
  assert.match(run.stdout, /flyteorg\/flyte +flyteplugins\/v1\.9\.1 +flyteplugins\/v1\.16\.8 +remote/);
  assert.match(run.stdout, /\nexternal-plugin-service\n {2}renamed to agent-service at v1\.0\.64/);
  assert.match(run.stdout, /flyteorg\/flyteplugins +v1\.0\.53 +v1\.0\.63 +remote/);
  assert.match(run.stdout, /\nconnector-service\n {2}REPO/, 'connector-service is no rename: agent-service goes on beside it');
  const json = await runCli(['history', 'echo', '-o', 'json'], OFFLINE);
  const echo = JSON.parse(json.stdout).ids[0];
  assert.equal(echo.spans[0].from, 'flyteplugins/v1.10.6');
  assert.equal(echo.spans[0].flagged, true);
  const yaml = await runCli(['history', 'external-plugin-service', '-o', 'yaml'], OFFLINE);
  assert.doesNotMatch(yaml.stdout, /[&*]a1/, 'plain YAML, no anchors');
  const unknown = await runCli(['history', 'agent-servce'], OFFLINE);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^error: 'agent-servce' is registered in no bundled version; did you mean 'agent-service'\?/);
});

test('diff v1.1.33 → flyteplugins/v1.16.8 and Flyte v1.9.0 → v1.16.8: sagemaker and qubole removed, connector-service added', async () => {
  const run = await runCli(['diff', 'v1.1.33', 'flyteplugins/v1.16.8', '--offline'], OFFLINE);
  assert.equal(run.code, 0, run.stderr);
  for (const id of ['sagemaker_training', 'sagemaker_custom_training', 'sagemaker_hyperparameter_tuning', 'qubole-hive-executor'])
    assert.match(run.stdout, new RegExp(`\\nremoved +${id} `));
  assert.match(run.stdout, /\nadded +connector-service +remote/);
  const releases = await runCli(['diff', 'v1.9.0', 'v1.16.8', '-o', 'markdown', '--offline'], OFFLINE);
  assert.equal(releases.code, 0, releases.stderr);
  assert.match(releases.stdout, /^## Plugin IDs: Flyte v1\.9\.0 \(v1\.1\.16\) → flyteplugins\/v1\.16\.8\n/);
  assert.match(releases.stdout, /### Removed\n\n(- `[^\n]+\n)*- `qubole-hive-executor`/);
  assert.match(releases.stdout, /### Added\n\n- `connector-service`/);
  const renamed = await runCli(['diff', 'v1.0.63', 'v1.0.64', '-o', 'json', '--offline'], OFFLINE);
  assert.deepEqual(JSON.parse(renamed.stdout).renamed, [{ from: 'external-plugin-service', to: 'agent-service', basis: 'package moved' }]);
});

test('diff says when a version is both a plugins tag and a Flyte release running other plugins; --releases reads releases', async () => {
  const both = await runCli(['diff', 'v1.1.0', 'v1.2.0', '--offline'], OFFLINE);
  assert.equal(both.code, 0, both.stderr);
  assert.match(
    both.stderr,
    /'v1\.1\.0' is read as the plugins version v1\.1\.0; Flyte release v1\.1\.0 runs flyteorg\/flyteplugins v1\.0\.5/,
  );
  assert.match(both.stdout, /^plugin IDs from v1\.1\.0 to Flyte v1\.2\.0 \(v1\.0\.15\):/);
  const releases = await runCli(['diff', 'v1.1.0', 'v1.2.0', '--releases', '--offline'], OFFLINE);
  assert.equal(releases.stderr, '');
  assert.match(releases.stdout, /^plugin IDs from Flyte v1\.1\.0 \(v1\.0\.5\) to Flyte v1\.2\.0 \(v1\.0\.15\):/);
  const unknown = await runCli(['diff', 'v9.9.9-nope', 'v1.2.0', '--offline'], OFFLINE);
  assert.equal(unknown.code, 2);
});

test('diff takes its versions as arguments: --tag, --flyte-version and --catalog are usage errors, not silently ignored', async () => {
  for (const flag of [
    ['--tag', 'v1.0.1'],
    ['--flyte-version', 'v1.9.0'],
    ['--catalog', 'x.json'],
  ]) {
    const run = await runCli(['diff', 'v1.0.63', 'v1.0.64', ...flag], OFFLINE);
    assert.equal(run.code, 2, flag.join(' '));
    assert.equal(run.stderr, `error: unknown option '${flag[0]}'\n`);
  }
});
