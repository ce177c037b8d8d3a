import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, runCli, tempDir } from '../helpers.js';
import { joinedRegExp } from '../regexp.js';

const catalog = fixture('config', 'catalog.json');

async function enable(...args: string[]): Promise<{ code: number; stderr: string; unchanged: boolean }> {
  const config = join(tempDir(), 'config.yaml');
  copyFileSync(fixture('config', 'propeller-config', 'input.yaml'), config);
  const before = readFileSync(config, 'utf8');
  const run = await runCli(['enable', ...args, '--config', config, '--catalog', catalog]);
  return { code: run.code, stderr: run.stderr, unchanged: readFileSync(config, 'utf8') === before };
}

test('a typo is refused with a did-you-mean, exit 1, file untouched', async () => {
  const run = await enable('sprak');
  assert.equal(run.code, 1);
  assert.equal(run.stderr, "error: unknown plugin 'sprak' in v9.0.0; did you mean 'spark'?\n");
  assert.ok(run.unchanged);
});

test('_ for - is recognised', async () => {
  const run = await enable('k8s_array');
  assert.match(run.stderr, /did you mean 'k8s-array'\?/);
});

test('close ties are all listed', async () => {
  const { suggestIds } = await import('../../src/catalog/names.js');
  assert.deepEqual(suggestIds('spar', ['spark', 'spare', 'ray']), ['spare', 'spark']);
  assert.deepEqual(suggestIds('pot', ['pod', 'ray', 'spark']), ['pod']);
  assert.deepEqual(suggestIds('Agent_Service', ['agent-service']), ['agent-service']);
});

test('nothing is offered when nothing is close', async () => {
  const run = await enable('zookeeper');
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^error: unknown plugin 'zookeeper' in v9\.0\.0 \(flyte-plugin-catalog list shows the IDs of this version\)\n$/);
});

test('a task type given instead of an ID names the plugins that run it (not the fail-fast bundle)', async () => {
  const run = await enable('container_array');
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /^error: 'container_array' is a task type, not a plugin ID; the plugin that runs it is 'aws_array' or 'k8s-array'/,
  );
  assert.ok(run.unchanged);
});

test('an ID of other versions says which versions register it', async () => {
  const run = await enable('connector-service');
  assert.equal(run.code, 1);
  assert.match(run.stderr, /'connector-service' is not registered in v9\.0\.0; it is registered from flyteplugins\/v1\.15\.1 on/);
});

test('an ID registered only in test code of other versions says so, with its versions', async () => {
  const config = join(tempDir(), 'config.yaml');
  const text = 'tasks:\n  task-plugins:\n    enabled-plugins: [container]\n';
  writeFileSync(config, text);
  const run = await runCli(['enable', 'echo', '--tag', 'flyteplugins/v1.9.37', '-c', config], { env: { XDG_CACHE_HOME: '/nonexistent' } });
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /^error: 'echo' is not registered in flyteplugins\/v1\.9\.37; it is registered from flyteplugins\/v1\.10\.6 on \(in example/,
  );
  assert.equal(readFileSync(config, 'utf8'), text);
});

test('example and test plugins are refused unless --allow-flagged', async () => {
  const refused = await enable('echo');
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /'echo' is registered only in testing code .* \(pass --allow-flagged to enable it anyway\)/);
  assert.ok(refused.unchanged);
  const allowed = await enable('echo', '--allow-flagged');
  assert.equal(allowed.code, 0, allowed.stderr);
});

test('--default-for checks that the plugin registers the task type', async () => {
  const run = await enable('ray', '--default-for', 'spark');
  assert.equal(run.code, 1);
  assert.match(run.stderr, /'ray' does not register task type 'spark' \(it registers ray\)/);
  assert.ok(run.unchanged);
});

test('enabling into an empty list is refused without --yes when not at a terminal, listing what it turns off', async () => {
  const config = join(tempDir(), 'config.yaml');
  copyFileSync(fixture('config', 'empty-flow-list', 'input.yaml'), config);
  const run = await runCli(['enable', 'container', '--config', config, '--catalog', catalog]);
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    joinedRegExp([
      /enabled-plugins is empty at tasks\.task-plugins, which enables every plugin; /,
      /writing container turns off agent-service, aws_array, k8s-array, pod, ray, sidecar, spark \(pass --yes/,
    ]),
  );
});

test('an enable that propeller would refuse to start with is not written', async () => {
  const run = await enable('pod');
  assert.equal(run.code, 1);
  assert.match(run.stderr, /after this change, several enabled plugins register task type python-task \(container, pod\)/);
  assert.ok(run.unchanged);
});

test('at a terminal, a change that needs --yes is asked once: y writes it, anything else writes nothing', async () => {
  for (const [answer, code, written] of [
    ['y', 0, true],
    ['n', 1, false],
    ['', 1, false],
  ] as const) {
    const config = join(tempDir(), 'config.yaml');
    copyFileSync(fixture('config', 'empty-flow-list', 'input.yaml'), config);
    const before = readFileSync(config, 'utf8');
    const run = await runCli(['enable', 'container', '--config', config, '--catalog', catalog], { answer });
    assert.equal(run.code, code, run.stderr);
    assert.match(run.stderr, /which enables every plugin; writing container turns off .*\.\nWrite it\? \[y\/N\] /);
    assert.equal(readFileSync(config, 'utf8') !== before, written);
  }
});

test('a plugin that propeller does not link is refused unless --allow-flagged', async () => {
  const refused = await enable('presto');
  assert.equal(refused.code, 1);
  assert.match(
    refused.stderr,
    joinedRegExp([
      /'presto' is registered in v9\.0\.0, but propeller at that commit does not import its package: enabling it has no effect /,
      /\(pass --allow-flagged if your propeller build links it\)/,
    ]),
  );
  assert.ok(refused.unchanged);
  assert.equal((await enable('presto', '--allow-flagged')).code, 0);
});
