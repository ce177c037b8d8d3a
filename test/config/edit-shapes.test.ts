import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { editScenarios, scenarioArgs } from '../config-scenarios.js';
import { fixture, runCli, tempDir } from '../helpers.js';

function copyInput(name: string): string {
  const config = join(tempDir(), 'config.yaml');
  copyFileSync(fixture('config', name, 'input.yaml'), config);
  return config;
}

for (const scenario of editScenarios) {
  test(`${scenario.name}: ${scenario.args.join(' ')} gives the golden file, and a second run changes nothing`, async () => {
    const config = copyInput(scenario.name);
    const run = await runCli(scenarioArgs(scenario, config));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(readFileSync(config, 'utf8'), readFileSync(fixture('config', scenario.name, 'expected.yaml'), 'utf8'));
    assert.deepEqual(readdirSync(dirname(config)), ['config.yaml'], 'no temp file is left behind');
    const again = await runCli(scenarioArgs(scenario, config));
    assert.equal(again.code, 0);
    assert.match(again.stdout, /^No changes: /);
  });
}

test('--dry-run prints a unified diff and writes nothing', async () => {
  const config = copyInput('propeller-config');
  const before = readFileSync(config, 'utf8');
  const run = await runCli(['enable', 'ray', '--dry-run', '--config', config, '--catalog', fixture('config', 'catalog.json')]);
  assert.equal(run.code, 0);
  assert.match(run.stdout, /^@@ -\d+,\d+ \+\d+,\d+ @@$/m);
  assert.match(run.stdout, /^\+ {6}- ray$/m);
  assert.equal(readFileSync(config, 'utf8'), before);
});

test('a real write keeps the file mode and says what it did', async () => {
  const config = copyInput('propeller-config');
  const { chmodSync, statSync } = await import('node:fs');
  chmodSync(config, 0o640);
  const run = await runCli(['enable', 'Ray ', '--config', config, '--catalog', fixture('config', 'catalog.json')]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /: enabled ray \(tasks\.task-plugins, checked against v9\.0\.0\)$/m);
  assert.equal(statSync(config).mode & 0o777, 0o640);
  assert.deepEqual(parse(readFileSync(config, 'utf8')).tasks['task-plugins']['enabled-plugins'], ['container', 'sidecar', 'ray']);
});

test('the embedded config of a manifest re-parses to the edited list', async () => {
  const config = copyInput('manifest-double-quoted');
  await runCli(['enable', 'spark', '--config', config, '--catalog', fixture('config', 'catalog.json')]);
  const manifest = parse(readFileSync(config, 'utf8'));
  assert.deepEqual(parse(manifest.data['enabled_plugins.yaml']).tasks['task-plugins']['enabled-plugins'], [
    'container',
    'sidecar',
    'spark',
  ]);
});

test('--yaml-path chooses between two blocks, and is required when the choice is ambiguous', async () => {
  const config = join(tempDir(), 'two.yaml');
  const block = (name: string): string => `${name}:\n  tasks:\n    task-plugins:\n      enabled-plugins:\n        - container\n`;
  const { writeFileSync } = await import('node:fs');
  writeFileSync(config, block('first') + block('second'));
  const catalog = fixture('config', 'catalog.json');
  const ambiguous = await runCli(['enable', 'ray', '--config', config, '--catalog', catalog]);
  assert.equal(ambiguous.code, 2);
  assert.match(
    ambiguous.stderr,
    /has 2 task-plugins blocks \(first\.tasks\.task-plugins, second\.tasks\.task-plugins\); name one with --yaml-path/,
  );
  const chosen = await runCli(['enable', 'ray', '--config', config, '--catalog', catalog, '--yaml-path', 'second.tasks.task-plugins']);
  assert.equal(chosen.code, 0, chosen.stderr);
  assert.deepEqual(parse(readFileSync(config, 'utf8')).second.tasks['task-plugins']['enabled-plugins'], ['container', 'ray']);
});

test('a CRLF file stays CRLF', async () => {
  const config = join(tempDir(), 'crlf.yaml');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    config,
    'tasks:\r\n  task-plugins:\r\n    enabled-plugins:\r\n      - container\r\n' +
      '    default-for-task-types:\r\n      container: container\r\n',
  );
  const run = await runCli(['enable', 'ray', '--default-for', 'ray', '--config', config, '--catalog', fixture('config', 'catalog.json')]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(
    readFileSync(config, 'utf8'),
    'tasks:\r\n  task-plugins:\r\n    enabled-plugins:\r\n      - container\r\n      - ray\r\n' +
      '    default-for-task-types:\r\n      container: container\r\n      ray: ray\r\n',
  );
});
