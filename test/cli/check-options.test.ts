import { CATALOG_SCHEMA_VERSION } from '../../src/catalog/version.js';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CheckRun } from '../../src/config/report-schema.js';
import { fixture, runCli, tempDir } from '../helpers.js';

const catalog = ['--catalog', fixture('config', 'catalog.json')];

function config(text: string, name = 'values.yaml'): { cwd: string; path: string } {
  const cwd = tempDir();
  writeFileSync(join(cwd, name), text);
  return { cwd, path: name };
}

const sparkOnly = 'tasks:\n  task-plugins:\n    enabled-plugins: [spark]\n';
const withEcho = 'tasks:\n  task-plugins:\n    enabled-plugins:\n      - container\n      - echo\n';

test('tasks that cannot run are broken and exit 1: enabled-plugins [spark] leaves python-task and container with no plugin', async () => {
  const { cwd, path } = config(sparkOnly);
  const run = await runCli(['check', path, ...catalog, '-o', 'json'], { cwd });
  assert.equal(run.code, 1);
  const [finding] = (JSON.parse(run.stdout) as CheckRun).reports[0]?.findings ?? [];
  assert.equal(finding?.rule, 'task-type-without-plugin');
  assert.equal(finding?.severity, 'broken');
  assert.deepEqual(finding?.taskTypes.slice(0, 3), ['python-task', 'container', 'sidecar']);
  assert.deepEqual(finding?.location, { file: 'values.yaml', line: 3, column: 5 });
  const lenient = await runCli(['check', path, ...catalog, '--fail-on', 'fatal'], { cwd });
  assert.equal(lenient.code, 0, lenient.stdout);
  assert.match(lenient.stdout, /^propeller starts, but some tasks cannot run: 0 fatal problems, 1 broken, 0 silent, 0 to check$/m);
});

test('--fail-on check fails on a note; --ignore and an inline comment accept it', async () => {
  const { cwd, path } = config(withEcho);
  assert.equal((await runCli(['check', path, ...catalog], { cwd })).code, 0);
  assert.equal((await runCli(['check', path, ...catalog, '--fail-on', 'check'], { cwd })).code, 1);
  const ignored = await runCli(['check', path, ...catalog, '--fail-on', 'check', '--ignore', 'flagged-plugin-enabled', '-o', 'json'], {
    cwd,
  });
  assert.equal(ignored.code, 0);
  assert.deepEqual(
    (JSON.parse(ignored.stdout) as CheckRun).reports[0]?.ignored.map((one) => [one.rule, one.ignoredBy]),
    [['flagged-plugin-enabled', 'option']],
  );
  for (const text of [
    withEcho.replace('- echo', '- echo  # flyte-plugin-catalog: ignore flagged-plugin-enabled'),
    withEcho.replace('      - echo', '      # flyte-plugin-catalog: ignore duplicate-name, flagged-plugin-enabled\n      - echo'),
  ]) {
    const inline = config(text);
    const run = await runCli(['check', inline.path, ...catalog, '--fail-on', 'check'], { cwd: inline.cwd });
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /0 to check, 1 ignored$/m);
  }
  const other = config(withEcho.replace('- echo', '- echo  # flyte-plugin-catalog: ignore unknown-plugin'));
  assert.equal((await runCli(['check', other.path, ...catalog, '--fail-on', 'check'], { cwd: other.cwd })).code, 1, 'another rule named');
  const unknown = await runCli(['check', path, ...catalog, '--ignore', 'no-such-rule'], { cwd });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^error: --ignore no-such-rule: no such rule \(rules: default-not-enabled, /);
});

test('--expect TASK_TYPE=PLUGIN fails when the routing table disagrees, and says why', async () => {
  const { cwd, path } = config('tasks:\n  task-plugins:\n    enabled-plugins: [container, sidecar]\n');
  const run = await runCli(['check', path, ...catalog, '--expect', 'ray=ray', '--expect', 'container=container', '--fail-on', 'none'], {
    cwd,
  });
  assert.equal(run.code, 1, 'an assertion fails whatever --fail-on says');
  assert.match(
    run.stdout,
    /^BROKEN values\.yaml:3:5: ray is expected to run on 'ray' but runs on 'container': 'ray' is not enabled \[unexpected-route\]$/m,
  );
  assert.doesNotMatch(run.stdout, /container is expected/);
  const bad = await runCli(['check', path, ...catalog, '--expect', 'ray'], { cwd });
  assert.equal(bad.code, 2);
});

test('-c - reads standard input; positional configs are each their own report; -c files are layered', async () => {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'a.yaml'), sparkOnly);
  writeFileSync(join(cwd, 'b.yaml'), withEcho);
  const piped = await runCli(['check', '-c', '-', ...catalog, '-o', 'json'], { cwd, input: `---\nkind: Namespace\n---\n${withEcho}` });
  assert.equal(piped.code, 0, piped.stderr);
  assert.deepEqual((JSON.parse(piped.stdout) as CheckRun).reports[0]?.findings[0]?.location, { file: '-', line: 8, column: 9 });
  const both = await runCli(['check', 'a.yaml', 'b.yaml', ...catalog, '-o', 'json'], { cwd });
  const reports = (JSON.parse(both.stdout) as CheckRun).reports;
  assert.deepEqual(
    reports.map((report) => [report.input, report.failed]),
    [
      [['a.yaml'], true],
      [['b.yaml'], false],
    ],
  );
  assert.equal(both.code, 1);
  const layered = await runCli(['check', '-c', 'a.yaml', '-c', 'b.yaml', ...catalog, '-o', 'json'], { cwd });
  assert.deepEqual((JSON.parse(layered.stdout) as CheckRun).reports[0]?.input, ['a.yaml', 'b.yaml']);
  const twice = await runCli(['check', '-c', '-', '-', ...catalog], { cwd, input: '' });
  assert.equal(twice.code, 2);
});

test('-o is the output format on every command; discover writes a file only with --out', async () => {
  const cwd = tempDir();
  const discover = await runCli(['discover', '--source', fixture('scan', 'all-shapes'), '-o', 'json'], { cwd });
  assert.equal(discover.code, 0, discover.stderr);
  assert.equal(JSON.parse(discover.stdout).schemaVersion, CATALOG_SCHEMA_VERSION);
  assert.equal(existsSync(join(cwd, 'json')), false, 'no file named json');
  const yaml = await runCli(['discover', '--source', fixture('scan', 'all-shapes'), '-o', 'yaml'], { cwd });
  assert.match(yaml.stdout, new RegExp(`^schemaVersion: ${CATALOG_SCHEMA_VERSION}$`, 'm'));
  const show = await runCli(['show', 'spark', ...catalog, '-o', 'json']);
  assert.equal(JSON.parse(show.stdout).plugins[0].id, 'spark');
  assert.match((await runCli(['show', 'spark', ...catalog, '-o', 'yaml'])).stdout, /^ {2}- id: spark$/m);
  const tags = await runCli(['tags', '-o', 'yaml']);
  assert.match(tags.stdout, /^- version: /m);
  assert.match((await runCli(['list', ...catalog, '-o', 'yaml'])).stdout, /^- id: /m);
  assert.equal((await runCli(['check', '-c', 'x.yaml', ...catalog, '-o', 'xml'])).code, 2);
});
