import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, runCli, tempDir } from '../helpers.js';
import { flyte2CatalogFile } from '../config-scenarios.js';

const catalog = fixture('config', 'catalog.json');

async function runOn(content: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string; after: string }> {
  const config = join(tempDir(), 'config.yaml');
  writeFileSync(config, content);
  const run = await runCli([...args, '--config', config, '--catalog', catalog]);
  return { ...run, after: readFileSync(config, 'utf8') };
}

for (const [what, content, message] of [
  ['malformed YAML', 'tasks:\n  task-plugins:\n    enabled-plugins: [container\n', /is not valid YAML \(line \d+\)/],
  ['a file that is not a propeller config', 'apiVersion: v1\nkind: Service\n', /has no task-plugins section: not a propeller config/],
  [
    'the pre-v0.2 schema',
    'plugins:\n  enabled-plugins:\n    - container\n    - hiveExecutor\n',
    /uses the pre-v0\.2 schema \(plugins\.enabled-plugins: executor IDs, case-sensitive, empty means none\), which is out of scope/,
  ],
  [
    'a ConfigMap whose propeller config string has a key twice',
    'kind: ConfigMap\nmetadata:\n  name: p\ndata:\n  c.yaml: |\n    tasks:\n      task-plugins:\n        enabled-plugins: [container]\n' +
      '        enabled-plugins: [spark]\n',
    /the config in ConfigMap\/p\.data\.c\.yaml is not valid YAML \(line 4 of that text\): the key 'enabled-plugins' appears twice/,
  ],
  [
    'a ConfigMap whose propeller config string has an alias with no anchor',
    'kind: ConfigMap\nmetadata:\n  name: p\ndata:\n  c.yaml: |\n    tasks:\n      task-plugins:\n        enabled-plugins: *nope\n',
    /the config in ConfigMap\/p\.data\.c\.yaml is not valid YAML \(line 3 of that text\): an alias has no anchor before it/,
  ],
] as const) {
  test(`${what}: one line, exit 2, file untouched`, async () => {
    for (const command of ['enable', 'disable']) {
      const run = await runOn(content, command, 'spark');
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /^error: [^\n]+\n$/);
      assert.match(run.stderr, message);
      assert.equal(run.after, content);
    }
    const checked = await runOn(content, 'check');
    assert.equal(checked.code, 2);
  });
}

test('a missing config file is one line, exit 2', async () => {
  const run = await runCli(['enable', 'spark', '--config', join(tempDir(), 'nope.yaml'), '--catalog', catalog]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^error: no such config file: .*nope\.yaml\n$/);
});

test('a catalog file that is not a catalog is one line, exit 2', async () => {
  const bad = join(tempDir(), 'bad.json');
  writeFileSync(bad, '{"plugins": 3}');
  const run = await runCli(['list', '--catalog', bad]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^error: .*bad\.json is not a plugin catalog: /);
});

/** Make a folder unwritable even for root (chattr +i), or by mode for others; undefined when neither works. */
function lockFolder(dir: string): (() => void) | undefined {
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o500);
    return () => chmodSync(dir, 0o700);
  }
  try {
    execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
    return () => execFileSync('chattr', ['-i', dir], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
}

test('an unwritable file: one line, exit 2, nothing written', async (t) => {
  const dir = tempDir();
  const config = join(dir, 'config.yaml');
  copyFileSync(fixture('config', 'propeller-config', 'input.yaml'), config);
  const before = readFileSync(config, 'utf8');
  const unlock = lockFolder(dir);
  if (!unlock) {
    t.skip('cannot make a folder unwritable here (root without chattr)');
    return;
  }
  try {
    const run = await runCli(['enable', 'spark', '--config', config, '--catalog', catalog]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^error: cannot write .* it is unchanged\n$/);
  } finally {
    unlock();
  }
  assert.equal(readFileSync(config, 'utf8'), before);
  assert.deepEqual(readdirSync(dir), ['config.yaml']);
});

test('disable refuses to leave a default pointing at a disabled plugin; --yes removes both', async () => {
  const content = readFileSync(fixture('config', 'propeller-config', 'input.yaml'), 'utf8');
  const refused = await runOn(content, 'disable', 'sidecar');
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /default-for-task-types still points at sidecar \(sidecar → sidecar\): propeller would not start/);
  assert.equal(refused.after, content);
  const done = await runOn(content, 'disable', 'sidecar', '--yes');
  assert.equal(done.code, 0, done.stderr);
  assert.equal(done.after, content.replace('      - sidecar\n', '').replace('      sidecar: sidecar\n', ''));
});

test('disable refuses to empty the list (empty means every plugin)', async () => {
  const run = await runOn('tasks:\n  task-plugins:\n    enabled-plugins:\n      - ray\n', 'disable', 'ray');
  assert.equal(run.code, 1);
  assert.match(run.stderr, /would leave enabled-plugins empty at tasks\.task-plugins, which enables every plugin/);
});

test('disable removes a typo that is in the config, and names a near miss that is not', async () => {
  const content = 'tasks:\n  task-plugins:\n    enabled-plugins:\n      - container\n      - sprak\n';
  const removed = await runOn(content, 'disable', 'sprak');
  assert.equal(removed.code, 0, removed.stderr);
  assert.equal(removed.after, 'tasks:\n  task-plugins:\n    enabled-plugins:\n      - container\n');
  const missing = await runOn(content, 'disable', 'containr');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /did you mean 'container'\?/);
  const absent = await runOn(content, 'disable', 'ray');
  assert.equal(absent.code, 0);
  assert.match(absent.stdout, /^No changes: ray is already absent from enabled-plugins/);
});

test('Flyte 2 has no enabled-plugins: enable says so', async () => {
  const path = flyte2CatalogFile();
  const config = join(tempDir(), 'c.yaml');
  writeFileSync(config, 'tasks:\n  task-plugins:\n    default-for-task-types:\n      container: container\n');
  const run = await runCli(['enable', 'ray', '--config', config, '--catalog', path]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /v2\.0\.43 is Flyte 2: its executor has no enabled-plugins/);
});

test('a key twice in one map is malformed YAML: one line, exit 2, file untouched', async () => {
  const content = 'tasks:\n  task-plugins:\n    enabled-plugins:\n      - container\n    enabled-plugins:\n      - sidecar\n';
  const run = await runOn(content, 'enable', 'spark');
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^error: .* is not valid YAML \(line 5\): the key 'enabled-plugins' appears twice in one map\n$/);
  assert.equal(run.after, content);
});
