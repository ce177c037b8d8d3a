import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CheckRun, Finding } from '../../src/config/report-schema.js';
import { fixture, runCli, sharedConfigs, tempDir } from '../helpers.js';

const tag = ['--tag', 'flyteplugins/v1.16.8'];
const catalog = ['--catalog', fixture('config', 'catalog.json')];
const real = (name: string): string => join(sharedConfigs, name);
const skip = existsSync(sharedConfigs) ? false : `no real configs at ${sharedConfigs}: skipped`;

async function findings(args: string[], options: { input?: string } = {}): Promise<{ code: number; all: Finding[]; run: CheckRun }> {
  const result = await runCli(['check', ...args, '-o', 'json'], options);
  assert.ok(result.stdout, result.stderr);
  const run = JSON.parse(result.stdout) as CheckRun;
  return { code: result.code, all: run.reports.flatMap((report) => report.findings), run };
}

function only(all: Finding[], rule: string): Finding {
  const matching = all.filter((one) => one.rule === rule);
  assert.equal(matching.length, 1, `${rule} in ${JSON.stringify(all.map((one) => one.rule))}`);
  return matching[0] as Finding;
}

function write(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

/** A real file's text with every line indented and a first line put before it (an umbrella chart, a ConfigMap). */
function wrap(text: string, header: string, indent: string): string {
  return `${header}\n${text
    .split('\n')
    .map((line) => (line ? indent + line : line))
    .join('\n')}`;
}

test('top-level propeller config (real): the test plugin is located on its item, with rule, plugins and task types', { skip }, async () => {
  const file = real('flyte-v1.16.8__flytepropeller_propeller-config.yaml');
  const { code, all } = await findings([file, ...tag]);
  assert.equal(code, 0);
  assert.deepEqual(only(all, 'flagged-plugin-enabled'), {
    rule: 'flagged-plugin-enabled',
    severity: 'check',
    message: "'echo' is a testing plugin (flyteplugins/go/tasks/plugins/testing/echo.go), enabled in this config",
    location: { file, line: 36, column: 9 },
    plugins: ['echo'],
    taskTypes: [],
  });
});

test('layered real values (flyte#3905): the default is located in the file that wrote it, not the one that replaced the list', {
  skip,
}, async () => {
  const values = real('flyte-v1.8.0__charts_flyte-core_values.yaml');
  const eks = real('flyte-v1.8.0__charts_flyte-core_values-eks.yaml');
  const { code, all, run } = await findings(['-c', values, '-c', eks, ...tag]);
  assert.equal(code, 1);
  assert.deepEqual(run.reports[0]?.input, [values, eks]);
  const fatal = only(all, 'default-not-enabled');
  assert.deepEqual(fatal.location, { file: values, line: 726, column: 11 });
  assert.deepEqual([fatal.plugins, fatal.taskTypes], [['agent-service'], ['bigquery_query_job_task']]);
});

test('layered real flyte-binary values: the inline list-form default and the test plugin are in the override file', { skip }, async () => {
  const values = real('flyte-v1.16.8__charts_flyte-binary_values.yaml');
  const production = real('flyte-v1.16.8__charts_flyte-binary_eks-production.yaml');
  const { all } = await findings(['-c', values, '-c', production, ...tag]);
  assert.deepEqual(only(all, 'list-default-dropped').location, { file: production, line: 73, column: 9 });
  assert.deepEqual(only(all, 'flagged-plugin-enabled').location, { file: production, line: 72, column: 13 });
});

test('umbrella prefix (a real flyte-core values file under a subchart key): the same node, one line down and two columns right', {
  skip,
}, async () => {
  const path = write(
    'umbrella.yaml',
    wrap(readFileSync(real('flyte-v1.16.8__charts_flyte-core_values.yaml'), 'utf8'), 'flyte-core:', '  '),
  );
  const direct = await findings([real('flyte-v1.16.8__charts_flyte-core_values.yaml'), ...tag]);
  const nested = await findings([path, ...tag]);
  const before = only(direct.all, 'flagged-plugin-enabled').location;
  assert.ok(before);
  assert.deepEqual(only(nested.all, 'flagged-plugin-enabled').location, { file: path, line: before.line + 1, column: before.column + 2 });
});

test('ConfigMap block literal holding a real propeller config: located in the manifest’s own lines, every document of stdin read', {
  skip,
}, async () => {
  const config = readFileSync(real('flyte-v1.16.8__flytepropeller_propeller-config.yaml'), 'utf8');
  const manifest = wrap(
    config,
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flyte-propeller-config\ndata:\n  config.yaml: |',
    '    ',
  );
  const stream = `---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: flyte\n---\n${manifest}`;
  const { all } = await findings(['-c', '-', ...tag], { input: stream });
  // config line 36 `      - echo` is manifest line 6 (header) + 6 (first document) + 36, four columns further right.
  assert.deepEqual(only(all, 'flagged-plugin-enabled').location, { file: '-', line: 48, column: 13 });
});

test('a real block the chart never renders is located on its task-plugins key', { skip }, async () => {
  const file = real('flyte-v0.17.0__charts_flyte-core_values-gcp.yaml');
  const { all } = await findings([file, ...tag]);
  assert.deepEqual(only(all, 'unrendered-block').location, { file, line: 36, column: 5 });
  assert.ok(all.filter((one) => one.rule === 'ambiguous-task-type').every((one) => one.location?.line === 36));
});

test('a double-quoted ConfigMap string folded over lines: the finding is on the source line and column of the name', async () => {
  const text = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: flyte-propeller-config',
    'data:',
    '  enabled_plugins.yaml: "tasks:\\n  task-plugins:\\n    enabled-plugins:\\n      - container\\n\\',
    '    \\      - sprak\\n"',
    '',
  ].join('\n');
  const path = write('manifest.yaml', text);
  const { all } = await findings([path, ...catalog]);
  // `sprak` starts after the escaped `\ ` and six spaces of line 7.
  assert.deepEqual(only(all, 'unknown-plugin').location, { file: path, line: 7, column: 14 });
  const oneLine = write(
    'one-line.yaml',
    'kind: ConfigMap\nmetadata: {name: p}\ndata:\n  c.yaml: "tasks:\\n  task-plugins:\\n    enabled-plugins: [container, sprak]\\n"\n',
  );
  const flat = await findings([oneLine, ...catalog]);
  assert.deepEqual(only(flat.all, 'unknown-plugin').location, { file: oneLine, line: 4, column: 70 });
});

test('every rule of a small config is located on the node that causes it', async () => {
  const path = write(
    'config.yaml',
    [
      'tasks:',
      '  task-plugins:',
      '    enabled-plugins:',
      '      - container',
      '      - pod',
      '      - ray',
      '      - sprak',
      '      - Container',
      '    default-for-task-types:',
      '      spark: ray',
      '      hive: athena',
      '',
    ].join('\n'),
  );
  const { all } = await findings([path, ...catalog]);
  const where = Object.fromEntries(all.map((one) => [one.rule, `${one.location?.line}:${one.location?.column}`]));
  assert.deepEqual(where, {
    'unknown-plugin': '7:9',
    'duplicate-name': '8:9',
    'default-not-enabled': '11:7',
    'default-wrong-plugin': '10:7',
    'ambiguous-task-type': '5:9',
    'several-default-plugins': '3:5',
  });
});
