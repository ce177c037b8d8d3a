import assert from 'node:assert/strict';
import { test } from 'node:test';
import { permalink, webBaseOf } from '../../src/source/github/permalink.js';
import { runCli } from '../helpers.js';

const SHA = '275483f1ab73b0337f6cde14c51f0add114c3736';

test('permalinks are pinned to the commit, for github.com and an Enterprise server', () => {
  assert.equal(webBaseOf('https://api.github.com'), 'https://github.com');
  assert.equal(webBaseOf('https://ghe.acme.io/api/v3/'), 'https://ghe.acme.io');
  assert.equal(webBaseOf('http://127.0.0.1:8080'), undefined, 'no web address is guessed');
  assert.equal(
    permalink('https://github.com', 'flyteorg/flyteplugins', SHA, 'go/tasks/plugins/k8s/spark/spark.go:41'),
    `https://github.com/flyteorg/flyteplugins/blob/${SHA}/go/tasks/plugins/k8s/spark/spark.go#L41`,
  );
  assert.equal(
    permalink('https://ghe.acme.io', 'acme/fp', SHA, 'a b/c#d.go:7'),
    `https://ghe.acme.io/acme/fp/blob/${SHA}/a%20b/c%23d.go#L7`,
  );
  assert.equal(permalink('https://github.com', 'acme/fp', 'main', 'a.go:7'), undefined, 'only a commit pins a link');
});

test("show spark at v0.5.25 prints the two lines Flyte's docs link to, with permalinks", async () => {
  const run = await runCli(['show', 'spark', '--tag', 'v0.5.25', '--offline'], { env: { XDG_CACHE_HOME: '/nonexistent' } });
  assert.equal(run.code, 0, run.stderr);
  const base = `https://github.com/flyteorg/flyteplugins/blob/${SHA}/go/tasks/plugins/k8s/spark/spark.go`;
  assert.match(run.stdout, /used at {5}go\/tasks\/plugins\/k8s\/spark\/spark\.go:424 {3}ID: +sparkTaskType,\n/);
  assert.ok(run.stdout.includes(`${base}#L424\n`));
  assert.match(run.stdout, /defined at {2}go\/tasks\/plugins\/k8s\/spark\/spark\.go:41 {3}var sparkTaskType = "spark"\n/);
  assert.ok(run.stdout.includes(`${base}#L41\n`));
});

test('show explains a task type with the plugins that run it and where they define it', async () => {
  const run = await runCli(['show', 'container_array', '--tag', 'v1.16.8']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /^'container_array' is a task type in flyteplugins\/v1\.16\.8, not a plugin ID; it is run by aws_array, k8s-array\n/,
  );
  assert.match(
    run.stdout,
    /task type 'container_array'\n {4}defined at {2}flyteplugins\/go\/tasks\/plugins\/array\/k8s\/executor\.go:\d+ {3}.*"container_array"/,
  );
});

test('show explains an ID of other versions with its versions and its evidence there', async () => {
  const run = await runCli(['show', 'external-plugin-service', '--tag', 'v1.16.8']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /^'external-plugin-service' is not registered in flyteplugins\/v1\.16\.8; it is registered from v1\.0\.\d+ to v1\.0\.\d+\n/,
  );
  assert.match(run.stdout, /defined at {2}go\/tasks\/plugins\/webapi\/grpc\/plugin\.go:\d+ {3}.*"external-plugin-service"/);
});

test('show refuses a name that is nothing, with a did-you-mean', async () => {
  const run = await runCli(['show', 'sprak', '--tag', 'v1.16.8']);
  assert.equal(run.code, 1);
  assert.equal(run.stderr, "error: unknown plugin 'sprak' in flyteplugins/v1.16.8; did you mean 'spark'?\n");
});
