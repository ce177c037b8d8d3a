import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Catalog, CatalogPlugin } from '../../src/catalog/schema.js';
import { layerFiles } from '../../src/config/layered.js';
import { parseConfigText } from '../../src/config/locate.js';
import { upgradeInput } from '../../src/config/upgrade-run.js';
import { upgradeContext } from '../../src/config/upgrade.js';
import { plugin } from '../registrations.js';

const MODULE = 'github.com/flyteorg/flyteplugins';

function catalog(tag: string, plugins: CatalogPlugin[]): Catalog {
  const source = { repo: 'flyteorg/flyteplugins', tag, commit: null, path: '', module: MODULE };
  return { schemaVersion: 2, generator: { name: 'test', version: '0' }, source, plugins, unresolved: [] };
}

const container = plugin('container', 'k8s/container', { taskTypes: ['container', 'python-task'], isDefault: true });
const sidecar = plugin('sidecar', 'k8s/sidecar');
const grpc = plugin('external-plugin-service', 'webapi/grpc', {
  kind: 'remote',
  taskTypes: null,
  file: 'go/tasks/plugins/webapi/grpc/plugin.go',
});
const agent = plugin('agent-service', 'webapi/agent', {
  kind: 'remote',
  taskTypes: null,
  file: 'go/tasks/plugins/webapi/agent/plugin.go',
});
const hive = plugin('qubole-hive-executor', 'hive', { kind: 'core', taskTypes: ['hive'] });
const athena = plugin('athena', 'webapi/athena', { kind: 'remote', taskTypes: ['hive', 'presto'] });

const before = catalog('v1.0.63', [container, sidecar, grpc, hive, athena]);
const after = catalog('v1.0.64', [container, sidecar, agent, athena]);

function config(enabled: string[], defaults: Record<string, string> = {}): string {
  const lines = ['tasks:', '  task-plugins:', '    enabled-plugins:', ...enabled.map((name) => `      - ${name}`)];
  if (Object.keys(defaults).length > 0)
    lines.push('    default-for-task-types:', ...Object.entries(defaults).map(([key, value]) => `      ${key}: ${value}`));
  return `${lines.join('\n')}\n`;
}

const options = { failOn: 'silent' as const, ignore: [], expect: [] };

function upgrade(yaml: string, from = before, to = after) {
  const input = layerFiles([parseConfigText('config.yaml', yaml)]);
  const plans = upgradeInput(input, upgradeContext({ current: from, target: to }), options);
  assert.equal(plans.length, 1);
  return plans[0] as (typeof plans)[number];
}

test('a renamed ID: findings that appear, the run-time route that moves, enable the new ID with its defaults, disable the old', () => {
  const yaml = config(['container', 'external-plugin-service'], { bigquery_query_job_task: 'external-plugin-service' });
  const { upgrade: result, edit, target } = upgrade(yaml);
  assert.deepEqual(
    result.appeared.map((finding) => [finding.rule, finding.severity, finding.plugins[0]]),
    [
      ['unknown-plugin', 'silent', 'external-plugin-service'],
      ['default-not-enabled', 'fatal', 'external-plugin-service'],
    ],
  );
  assert.deepEqual(result.disappeared, []);
  assert.equal(target.failed, true);
  assert.deepEqual(result.routes, [
    // Today default-for-task-types gives it to external-plugin-service (if its own config lists it).
    {
      taskType: 'bigquery_query_job_task',
      before: 'external-plugin-service',
      after: 'container',
      why: 'no plugin of v1.0.64 registers it: default plugin (IsDefault)',
      unless: ['agent-service'],
    },
    {
      taskType: '(configured at run time)',
      before: 'external-plugin-service',
      after: 'container',
      why: "'external-plugin-service' is no plugin of v1.0.64: its task types fall back to the default plugin",
      unless: ['agent-service'],
    },
  ]);
  assert.deepEqual(
    edit.steps.map((step) => [step.command, step.ids, step.defaultFor, step.removeDefaults]),
    [
      ['enable', ['agent-service'], ['bigquery_query_job_task'], false],
      ['disable', ['external-plugin-service'], [], false],
    ],
  );
  assert.deepEqual(edit.notes, []);
  assert.equal(edit.file, 'config.yaml');
  assert.equal(
    edit.after,
    config(['container', 'agent-service'], { bigquery_query_job_task: 'agent-service' }),
    'the new ID is written, the old one and its default moved',
  );
});

test('a removed ID: disabled with its defaults (--yes), a note, and its task type routed to the plugin left', () => {
  const { upgrade: result, edit } = upgrade(config(['container', 'qubole-hive-executor'], { hive: 'qubole-hive-executor' }));
  assert.deepEqual(
    result.routes.map((change) => [change.taskType, change.before, change.after, change.unless]),
    [['hive', 'qubole-hive-executor', 'container', ['athena']]],
  );
  assert.deepEqual(
    edit.steps.map((step) => [step.command, step.ids, step.removeDefaults]),
    [['disable', ['qubole-hive-executor'], true]],
  );
  assert.match(edit.notes[0] ?? '', /^'qubole-hive-executor' is no plugin of v1\.0\.64 and nothing replaces it: .*its defaults \(hive\)/);
  assert.match(edit.notes[0] ?? '', /hive → container/);
  // As `disable --yes` leaves it: the entry goes, its key stays.
  assert.equal(edit.after, `${config(['container'])}    default-for-task-types:\n`);
});

test('a config the target version runs the same: no finding appears, no route moves, no step', () => {
  const { upgrade: result, edit } = upgrade(config(['container', 'sidecar', 'athena']));
  assert.deepEqual([result.appeared, result.disappeared, result.routes, edit.steps, edit.notes], [[], [], [], [], []]);
  assert.equal(edit.after, undefined);
});

test('findings are the same across versions when only the version name in the message differs', () => {
  const { upgrade: result } = upgrade(config(['container', 'sprak']));
  assert.deepEqual(result.appeared, []);
  assert.deepEqual(result.disappeared, []);
  assert.match(result.current.findings[0]?.message ?? '', /of v1\.0\.63/);
});

test('a name unknown today that the target version runs: noted as starting to run, not disabled', () => {
  const { upgrade: result, edit } = upgrade(config(['container', 'agent-service']));
  assert.deepEqual(
    result.disappeared.map((finding) => finding.rule),
    ['unknown-plugin'],
  );
  assert.deepEqual(
    result.routes.map((change) => [change.taskType, change.before, change.after]),
    [['(configured at run time)', 'container', 'agent-service']],
  );
  assert.deepEqual(edit.steps, []);
  assert.deepEqual(edit.notes, ["'agent-service' matches nothing on v1.0.63 but runs on v1.0.64: it starts running after the upgrade"]);
});

test('an empty list keeps every plugin: no step; a task type two plugins claimed today runs on the one left', () => {
  const { upgrade: result, edit } = upgrade('tasks:\n  task-plugins:\n    enabled-plugins: []\n');
  assert.deepEqual(edit.steps, []);
  assert.deepEqual(
    result.disappeared.map((finding) => finding.rule),
    ['ambiguous-task-type'],
  );
  const moved = result.routes.map((change) => [change.taskType, change.before, change.after]);
  assert.deepEqual(moved, [
    ['hive', null, 'athena'],
    ['(configured at run time)', 'external-plugin-service', 'container'],
    ['(configured at run time)', 'container', 'agent-service'],
  ]);
});

test('a step that enable/disable refuses becomes a note, and nothing is planned to be written', () => {
  const { edit } = upgrade(config(['qubole-hive-executor']));
  assert.deepEqual(
    edit.steps.map((step) => step.command),
    ['disable'],
  );
  assert.equal(edit.after, undefined);
  assert.match(
    edit.notes.at(-1) ?? '',
    /^the steps cannot be applied as they are: disabling qubole-hive-executor would leave enabled-plugins empty/,
  );
});

test('a plugin the target propeller does not link is disabled like a removed one', () => {
  const unlinked = catalog('v1.0.64', [container, { ...athena, linked: false }]);
  const { upgrade: result, edit } = upgrade(config(['container', 'athena']), before, unlinked);
  assert.deepEqual(
    result.appeared.map((finding) => finding.rule),
    ['plugin-not-linked'],
  );
  assert.deepEqual(
    edit.steps.map((step) => [step.command, step.ids]),
    [['disable', ['athena']]],
  );
  assert.match(edit.notes[0] ?? '', /^propeller of v1\.0\.64 does not link 'athena'/);
});

test('flyte-binary values with configuration.inline above enabled_plugins: the steps edit the inline list, which propeller reads', () => {
  const yaml = [
    'configuration:',
    '  inline:',
    '    tasks:',
    '      task-plugins:',
    '        enabled-plugins:',
    '          - container',
    '          - qubole-hive-executor',
    'enabled_plugins:',
    '  tasks:',
    '    task-plugins:',
    '      enabled-plugins:',
    '        - container',
    '        - sidecar',
    '',
  ].join('\n');
  const { edit } = upgrade(yaml);
  assert.deepEqual(
    edit.steps.map((step) => [step.command, step.ids]),
    [['disable', ['qubole-hive-executor']]],
  );
  assert.equal(edit.yamlPath, undefined, 'the inline block is the one enable/disable choose by default');
  assert.equal(edit.after, yaml.replace('          - qubole-hive-executor\n', ''));
  assert.ok(!edit.notes.some((note) => note.startsWith('the steps cannot be applied')), edit.notes.join('\n'));
});

test('layered values whose list comes from standard input: no file to edit, said so (not an earlier file whose list is replaced)', () => {
  const first = parseConfigText('a.yaml', config(['container', 'qubole-hive-executor']));
  const input = layerFiles([first, parseConfigText('-', config(['container', 'sidecar', 'qubole-hive-executor']))]);
  const [plan] = upgradeInput(input, upgradeContext({ current: before, target: after }), options);
  assert.equal(plan?.edit.file, undefined);
  assert.equal(plan?.edit.after, undefined);
  assert.ok(
    plan?.edit.notes.some((note) => note.startsWith('standard input cannot be edited')),
    plan?.edit.notes.join('\n'),
  );
});

test('a removed ID whose default another layer writes: the note names it, and does not say the commands remove it', () => {
  const first = parseConfigText('a.yaml', config(['container', 'qubole-hive-executor'], { hive: 'qubole-hive-executor' }));
  const input = layerFiles([first, parseConfigText('b.yaml', config(['container', 'sidecar', 'qubole-hive-executor']))]);
  const [plan] = upgradeInput(input, upgradeContext({ current: before, target: after }), options);
  assert.equal(plan?.edit.file, 'b.yaml');
  const notes = plan?.edit.notes.join('\n') ?? '';
  assert.doesNotMatch(notes, /its defaults \(hive\) are removed with it/);
  assert.match(
    notes,
    /\nstill fatal after these commands \(edit it by hand\): a\.yaml:7:7: default-for-task-types maps hive to 'qubole-hive-executor'/,
  );
});
