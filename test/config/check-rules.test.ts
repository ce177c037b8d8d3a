import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CheckReport, CheckRun } from '../../src/config/report-schema.js';
import { fixture, runCli, tempDir } from '../helpers.js';
import { flyte2CatalogFile } from '../config-scenarios.js';
import { joinedRegExp } from '../regexp.js';

const catalog = fixture('config', 'catalog.json');

async function check(yaml: string, ...extra: string[]): Promise<{ code: number; report: CheckReport; stderr: string }> {
  const config = join(tempDir(), 'config.yaml');
  writeFileSync(config, yaml);
  const run = await runCli(['check', '--config', config, '--catalog', catalog, '-o', 'json', ...extra]);
  const reports = run.stdout ? (JSON.parse(run.stdout) as CheckRun).reports : [];
  return { code: run.code, report: reports[0] as CheckReport, stderr: run.stderr };
}

function plugins(enabled: string[], defaults: Record<string, string> = {}): string {
  const lines = ['tasks:', '  task-plugins:', '    enabled-plugins:', ...enabled.map((name) => `      - ${name}`)];
  if (Object.keys(defaults).length > 0)
    lines.push('    default-for-task-types:', ...Object.entries(defaults).map(([k, v]) => `      ${k}: ${v}`));
  return `${lines.join('\n')}\n`;
}

function messages(report: CheckReport, severity: string): string[] {
  return report.findings.filter((finding) => finding.severity === severity).map((finding) => finding.message);
}

test('layered Helm values: the trap of flyte#3905 is fatal (lists replace, maps merge)', async () => {
  const dir = fixture('config', 'check-layered');
  const run = await runCli(['check', '-c', join(dir, 'values.yaml'), '-c', join(dir, 'values-eks.yaml'), '--catalog', catalog]);
  assert.equal(run.code, 1);
  assert.match(
    run.stdout,
    joinedRegExp(
      [
        /^FATAL {2}\S*values\.yaml:15:11: default-for-task-types maps bigquery_query_job_task to 'agent-service', /,
        /which is not an enabled plugin: propeller refuses to start.* \[default-not-enabled\]$/,
      ],
      'm',
    ),
  );
  assert.match(run.stdout, /^propeller will not start: 1 fatal problem, 0 broken, 0 silent, 0 to check$/m);
  const alone = await runCli(['check', '-c', join(dir, 'values.yaml'), '--catalog', catalog]);
  assert.equal(alone.code, 0, alone.stdout);
});

test('a clean config exits 0 and routes every task type, saying which ones fall back to the default plugin', async () => {
  const { code, report } = await check(plugins(['container', 'sidecar', 'k8s-array'], { container_array: 'k8s-array' }));
  assert.equal(code, 0);
  assert.deepEqual(report.findings, []);
  assert.deepEqual(report.routes, [
    { taskType: 'container', plugin: 'container', why: 'sole plugin registering it' },
    { taskType: 'container_array', plugin: 'k8s-array', why: 'default-for-task-types' },
    { taskType: 'python-task', plugin: 'container', why: 'sole plugin registering it' },
    { taskType: 'sidecar', plugin: 'sidecar', why: 'sole plugin registering it' },
    { taskType: 'ray', plugin: 'container', why: "'ray' would run it but is not enabled: falls back to the default plugin" },
    { taskType: 'spark', plugin: 'container', why: "'spark' would run it but is not enabled: falls back to the default plugin" },
    { taskType: '(any other)', plugin: 'container', why: 'default plugin (IsDefault)' },
  ]);
});

test('a default naming a plugin whose task types are set at run time routes there on that condition, never guessed', async () => {
  const { code, report } = await check(plugins(['container', 'agent-service'], { ray: 'agent-service', sensor: 'agent-service' }));
  assert.equal(code, 0);
  const route = (taskType: string) => report.routes.find((candidate) => candidate.taskType === taskType);
  const why =
    "default-for-task-types, if agent-service's own config lists it (supportedTaskTypes); else on the default plugin " + "'container'";
  assert.deepEqual(route('ray'), { taskType: 'ray', plugin: 'agent-service', why });
  assert.deepEqual(route('sensor'), { taskType: 'sensor', plugin: 'agent-service', why });
  assert.deepEqual(route('spark'), {
    taskType: 'spark',
    plugin: 'container',
    why: "'spark' would run it but is not enabled: falls back to the default plugin",
  });
  assert.equal(report.routes.filter((candidate) => candidate.taskType === 'ray').length, 1);
});

test('two enabled plugins registering one task type with no default is fatal', async () => {
  const { code, report } = await check(plugins(['container', 'pod']));
  assert.equal(code, 1);
  assert.match(messages(report, 'fatal')[0] ?? '', /several enabled plugins register task type container \(container, pod\)/);
  assert.match(messages(report, 'check').join('\n'), /several enabled plugins set IsDefault \(container, pod\)/);
});

test('a default chooses between two handlers', async () => {
  const { report } = await check(plugins(['container', 'pod'], { container: 'pod', 'python-task': 'pod' }));
  assert.deepEqual(messages(report, 'fatal'), []);
  assert.deepEqual(
    report.routes.find((route) => route.taskType === 'container'),
    { taskType: 'container', plugin: 'pod', why: 'default-for-task-types' },
  );
});

test('names that match no plugin are silently ignored by propeller: reported with a did-you-mean', async () => {
  const { code, report } = await check(plugins(['container', 'sprak']));
  assert.equal(code, 1);
  assert.deepEqual(messages(report, 'silent'), ["'sprak' matches no plugin of v9.0.0: propeller ignores it (did you mean 'spark'?)"]);
});

test('a default whose plugin does not register the task type is ignored when an enabled plugin runs the type', async () => {
  const { code, report } = await check(plugins(['container', 'ray', 'spark'], { spark: 'ray' }));
  assert.equal(code, 1);
  assert.match(
    messages(report, 'silent')[0] ?? '',
    /maps spark to 'ray', which does not register spark \(it registers ray\): propeller ignores this default$/,
  );
});

test('a default pointing at a plugin that does not register the type, while another would run it, breaks those tasks', async () => {
  const { code, report } = await check(plugins(['container', 'ray'], { spark: 'ray' }));
  assert.equal(code, 1);
  const [broken] = report.findings.filter((finding) => finding.severity === 'broken');
  assert.equal(broken?.rule, 'default-wrong-plugin');
  assert.match(broken?.message ?? '', /so spark tasks run on 'container', the default plugin, instead of on 'spark'$/);
  assert.deepEqual(broken?.plugins, ['ray', 'spark']);
  assert.deepEqual(broken?.taskTypes, ['spark']);
});

test('duplicates after trim and lower-case, and enabled test plugins, are to check', async () => {
  const { code, report } = await check(plugins(['container', '" Container "', 'echo']));
  assert.equal(code, 0);
  assert.match(messages(report, 'check').join('\n'), /' Container ' is listed twice/);
  assert.match(messages(report, 'check').join('\n'), /'echo' is a testing plugin/);
});

test('a task-plugins block the flyte-core chart never renders is silent', async () => {
  const { code, report } = await check('configmap:\n  tasks:\n    task-plugins:\n      enabled-plugins:\n        - container\n');
  assert.equal(code, 1);
  assert.match(messages(report, 'silent')[0] ?? '', /configmap\.tasks\.task-plugins is never rendered by the flyte-core chart/);
});

test('flyte-binary: configuration.inline overrides enabled_plugins, and a list-form default over a map is likely dropped', async () => {
  const yaml = [
    'configuration:',
    '  inline:',
    '    tasks:',
    '      task-plugins:',
    '        enabled-plugins: [container, ray]',
    '        default-for-task-types:',
    '          - ray: ray',
    'enabled_plugins:',
    '  tasks:',
    '    task-plugins:',
    '      enabled-plugins: [container, sidecar]',
    '      default-for-task-types:',
    '        container: container',
    '',
  ].join('\n');
  const { report } = await check(yaml);
  assert.deepEqual(report.enabled, ['container', 'ray']);
  assert.match(messages(report, 'check')[0] ?? '', /is a list while .* is a map: viper skips a value whose type differs/);
});

test('an empty list means every plugin: every linked plugin is routed, and overlapping ones need defaults', async () => {
  const { report } = await check('tasks:\n  task-plugins:\n    enabled-plugins: []\n');
  assert.equal(report.enabled, 'all');
  assert.match(messages(report, 'fatal').join('\n'), /task type container \(container, pod\)/);
});

test('a Flyte 2 catalog is not checked with v1 rules', async () => {
  const path = flyte2CatalogFile();
  const config = join(tempDir(), 'c.yaml');
  writeFileSync(
    config,
    'enabled_plugins:\n  tasks:\n    task-plugins:\n      default-for-task-types:\n        container_array: K8S-ARRAY\n',
  );
  const run = await runCli(['check', '-c', config, '--catalog', path, '-o', 'json']);
  const [report] = (JSON.parse(run.stdout) as CheckRun).reports;
  assert.equal(report?.rules, 'flyte-v2');
  assert.match(
    messages(report as CheckReport, 'silent')[0] ?? '',
    /maps container_array to 'K8S-ARRAY', which is no plugin of v2\.0\.43 \(Flyte 2 matches names exactly/,
  );
});

test('a plugin registered but not linked into this propeller matches nothing at run time', async () => {
  const { code, report } = await check(plugins(['container', 'presto']));
  assert.equal(code, 1);
  assert.deepEqual(messages(report, 'silent'), [
    "'presto' is registered in v9.0.0, but propeller at that commit does not import its package: the name matches nothing at run time",
  ]);
  assert.equal(
    report.routes.some((route) => route.taskType === 'presto'),
    false,
  );
});
