import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createTwoFilesPatch } from 'diff';
import { CheckRunSchema, type CheckRun } from '../../src/config/report-schema.js';
import { projectRoot, runCli, sharedConfigs, tempDir } from '../helpers.js';
import { joinedRegExp } from '../regexp.js';

const OFFLINE = { env: { XDG_CACHE_HOME: '/nonexistent' } };

/** A v1.0-era propeller config: the gRPC plugin (renamed agent-service at v1.0.64) as the default of a task type. */
const EXTERNAL = `tasks:
  task-plugins:
    # the gRPC plugin serves BigQuery
    enabled-plugins:
      - container
      - sidecar
      - k8s-array
      - external-plugin-service
    default-for-task-types:
      container: container
      container_array: k8s-array
      bigquery_query_job_task: external-plugin-service
`;

/** flyte-core values of the v1.9 era with plugins that Flyte v1.16.8 no longer has. */
const SAGEMAKER = `configmap:
  enabled_plugins:
    tasks:
      task-plugins:
        enabled-plugins:
          - container
          - sidecar
          - k8s-array
          - sagemaker_training
          - qubole-hive-executor
        default-for-task-types:
          container: container
          sidecar: sidecar
          container_array: k8s-array
          sagemaker_training_job_task: sagemaker_training
          hive: qubole-hive-executor
`;

function configFile(text: string, name = 'config.yaml'): { dir: string; path: string } {
  const dir = tempDir();
  const path = join(dir, name);
  writeFileSync(path, text);
  return { dir, path };
}

/** The words of a suggested command (no quoting needed in these tests), without the program name. */
function words(command: string): string[] {
  return command.split(' ').slice(1);
}

test('--upgrade-to across a rename: what goes silent, the route that moves, the commands and their diff; nothing written', async () => {
  const { dir, path } = configFile(EXTERNAL);
  const run = await runCli(['check', '-c', 'config.yaml', '--tag', 'v1.0.63', '--upgrade-to', 'v1.0.64'], { ...OFFLINE, cwd: dir });
  assert.equal(run.code, 1, 'propeller of v1.0.64 would not start');
  assert.equal(readFileSync(path, 'utf8'), EXTERNAL, 'the file is unchanged');
  assert.match(run.stdout, /^tasks\.task-plugins — upgrade from v1\.0\.63 to v1\.0\.64\n/);
  assert.match(run.stdout, /\n {2}renamed: external-plugin-service \(enabled here\) → agent-service\n/);
  assert.match(
    run.stdout,
    /\n {2}new {3}SILENT config\.yaml:8:9: 'external-plugin-service' matches no plugin of v1\.0\.64: .*\[unknown-plugin\]\n/,
  );
  assert.match(
    run.stdout,
    /\n {2}new {3}FATAL {2}config\.yaml:12:7: default-for-task-types maps bigquery_query_job_task to 'external-plugin-service'/,
  );
  assert.match(
    run.stdout,
    joinedRegExp([
      /\n {2}task types configured at run time run on 'external-plugin-service' today; after the upgrade on 'container': /,
      /'external-plugin-service' is no plugin of v1\.0\.64: its task types fall back to the default plugin /,
      /\(unless 'agent-service' is enabled\)\n/,
    ]),
  );
  const commands = [
    'flyte-plugin-catalog enable agent-service -c config.yaml --tag v1.0.64 --default-for bigquery_query_job_task',
    'flyte-plugin-catalog disable external-plugin-service -c config.yaml --tag v1.0.64',
  ];
  assert.match(run.stdout, new RegExp(`\\n {2}\\$ ${commands[0]}\\n {2}\\$ ${commands[1]}\\n`));
  assert.match(run.stdout, /\n- {6}- external-plugin-service\n\+ {6}- agent-service\n/);
  assert.match(run.stdout, /\n- {6}bigquery_query_job_task: external-plugin-service\n\+ {6}bigquery_query_job_task: agent-service\n/);
  assert.match(run.stdout, /\nafter \(flyteorg\/flyteplugins v1\.0\.64\): propeller will not start: 1 fatal problem, 0 broken, 1 silent/);

  // The commands, run as suggested, give the diff shown, and the config then runs on v1.0.64 as it does today.
  for (const command of commands) assert.equal((await runCli(words(command), { ...OFFLINE, cwd: dir })).code, 0);
  const edited = readFileSync(path, 'utf8');
  assert.equal(
    edited,
    EXTERNAL.replace('      - external-plugin-service\n', '      - agent-service\n').replace(
      'task: external-plugin-service',
      'task: agent-service',
    ),
  );
  const shown = /\n(Index: config\.yaml\n[\s\S]*?)\n\ntoday /.exec(run.stdout)?.[1];
  assert.equal(shown, createTwoFilesPatch('config.yaml', 'config.yaml', EXTERNAL, edited, '', '', { context: 3 }).trimEnd());
  const again = await runCli(['check', '-c', 'config.yaml', '--tag', 'v1.0.64', '--upgrade-to', 'v1.0.64'], { ...OFFLINE, cwd: dir });
  assert.equal(again.code, 0, again.stdout);
  assert.match(again.stdout, /nothing to change/);
});

test('--upgrade-to a Flyte release: removed plugins disabled with their defaults, routes named, --flyte-version', async () => {
  const { dir, path } = configFile(SAGEMAKER, 'values.yaml');
  const args = ['check', '-c', 'values.yaml', '--flyte-version', 'v1.9.0', '--upgrade-to', 'v1.16.8'];
  const run = await runCli(args, { ...OFFLINE, cwd: dir });
  assert.equal(run.code, 1);
  assert.equal(run.stderr, '');
  assert.match(run.stdout, /— upgrade from Flyte v1\.9\.0 \(v1\.1\.16\) to Flyte v1\.16\.8 \(flyteplugins\/v1\.16\.8\)\n/);
  assert.match(
    run.stdout,
    /\n {2}removed: qubole-hive-executor \(enabled here\), sagemaker_custom_training, .*sagemaker_training \(enabled here\)\n/,
  );
  assert.match(
    run.stdout,
    joinedRegExp([
      /\n {2}hive runs on 'qubole-hive-executor' today; after the upgrade on 'container': /,
      /'athena' would run it but is not enabled: falls back to the default plugin\n/,
    ]),
  );
  assert.match(
    run.stdout,
    joinedRegExp([
      /\n {2}sagemaker_training_job_task runs on 'sagemaker_training' today; after the upgrade on 'container': /,
      /no plugin of Flyte v1\.16\.8 \(flyteplugins\/v1\.16\.8\) registers it/,
    ]),
  );
  assert.match(
    run.stdout,
    /\n {2}\$ flyte-plugin-catalog disable sagemaker_training qubole-hive-executor -c values\.yaml --flyte-version v1\.16\.8 --yes\n/,
  );
  assert.match(run.stdout, /\n {2}note: 'sagemaker_training' is no plugin of Flyte v1\.16\.8 .* and nothing replaces it/);
  assert.match(run.stdout, /\n- {10}hive: qubole-hive-executor\n/);
  assert.equal(readFileSync(path, 'utf8'), SAGEMAKER);

  const json = await runCli([...args, '-o', 'json'], { ...OFFLINE, cwd: dir });
  const data = JSON.parse(json.stdout) as CheckRun;
  const shipped = JSON.parse(readFileSync(join(projectRoot, 'schema', 'check-report.schema.json'), 'utf8')) as object;
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(shipped);
  assert.equal(validate(data), true, JSON.stringify(validate.errors));
  CheckRunSchema.parse(data);
  assert.equal(data.failed, true);
  assert.match(data.reports[0]?.catalog ?? '', /flyteplugins\/v1\.16\.8$/, 'reports are the target version');
  const upgrade = data.upgrade?.configs[0];
  assert.match(upgrade?.current.catalog ?? '', /v1\.1\.16$/);
  assert.deepEqual(upgrade?.edit.steps[0]?.ids, ['sagemaker_training', 'qubole-hive-executor']);
  assert.match(upgrade?.edit.diff ?? '', /^- {10}- sagemaker_training$/m);

  const sarif = await runCli([...args, '-o', 'sarif'], { ...OFFLINE, cwd: dir });
  assert.equal(sarif.code, 1);
  const results = JSON.parse(sarif.stdout).runs[0].results as { ruleId: string }[];
  assert.ok(
    results.some((result) => result.ruleId === 'default-not-enabled'),
    'CI formats report the target version',
  );
  const quiet = await runCli([...args, '--fail-on', 'none'], { ...OFFLINE, cwd: dir });
  assert.equal(quiet.code, 0);
});

test('--upgrade-to needs the version the config runs today: named, or inferred from the file', async () => {
  const { dir } = configFile(EXTERNAL);
  const run = await runCli(['check', '-c', 'config.yaml', '--upgrade-to', 'v1.16.8'], { ...OFFLINE, cwd: dir });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^error: --upgrade-to compares with the version the config runs today, and the config names none/);
});

const shared = join(sharedConfigs, 'flyte-v1.9.0__charts_flyte-core_values.yaml');
test('the v1.9.0 flyte-core values upgraded to v1.16.8: the version inferred, nothing goes silent, nothing to change', {
  skip: existsSync(shared) ? false : `no ${shared}: skipped`,
}, async () => {
  const run = await runCli(['check', '-c', shared, '--upgrade-to', 'v1.16.8'], OFFLINE);
  assert.equal(run.code, 0, run.stdout);
  assert.match(run.stderr, /^inferred propeller v1\.1\.116 \/ flyteplugins v1\.1\.16/);
  assert.match(run.stdout, /upgrade from Flyte v1\.9\.1 \(v1\.1\.16\) to Flyte v1\.16\.8 \(flyteplugins\/v1\.16\.8\)\n/);
  assert.match(run.stdout, /\n {2}removed: qubole-hive-executor, sagemaker_custom_training/);
  assert.match(run.stdout, /\n {2}nothing to change: no new finding and no task type moves/);
  assert.doesNotMatch(run.stdout, /routing changes|\$ flyte-plugin-catalog/);
});

test('--upgrade-to on standard input: the commands name FILE, no diff; to Flyte 2: no step, a note', async () => {
  const args = ['check', '-c', '-', '--tag', 'v1.0.63', '--upgrade-to', 'v1.0.64'];
  const piped = await runCli(args, { ...OFFLINE, input: EXTERNAL });
  assert.equal(piped.code, 1);
  assert.match(piped.stdout, /\n {2}\$ flyte-plugin-catalog disable external-plugin-service -c FILE --tag v1\.0\.64\n/);
  assert.match(piped.stdout, /\n {2}note: standard input cannot be edited: run the commands on the file \(FILE\)\n/);
  assert.doesNotMatch(piped.stdout, /^Index:/m);
  const flyte2 = await runCli(['check', '-c', '-', '--tag', 'flyteplugins/v1.16.8', '--upgrade-to', 'v2.0.43', '--fail-on', 'fatal'], {
    ...OFFLINE,
    input: 'tasks:\n  task-plugins:\n    enabled-plugins: [container, sidecar]\n',
  });
  assert.equal(flyte2.code, 0, flyte2.stderr);
  assert.match(flyte2.stdout, /\nenabled after: every plugin the executor links \(Flyte 2 has no enabled-plugins\)\n/);
  assert.match(flyte2.stdout, /\n {2}new {3}SILENT -:3:5: enabled-plugins is ignored by Flyte 2 \[flyte2-enabled-ignored\]\n/);
  assert.match(flyte2.stdout, /\n {2}note: Flyte v2\.0\.43 \(v2\.0\.43\) is Flyte 2: it has no enabled-plugins to edit/);
});

test('--upgrade-to -o yaml writes every finding and input in full: no anchor or alias for what the report repeats', async () => {
  const { dir } = configFile(EXTERNAL);
  const run = await runCli(['check', '-c', 'config.yaml', '--tag', 'v1.0.63', '--upgrade-to', 'v1.0.64', '-o', 'yaml'], {
    ...OFFLINE,
    cwd: dir,
  });
  assert.equal(run.code, 1, run.stderr);
  assert.doesNotMatch(run.stdout, /(^|\s)[&*]a\d+\b/m);
  assert.match(run.stdout, /\n {4}- input:\n {8}- config\.yaml\n/);
});

test('--upgrade-to an empty version (an unset variable) is a usage error, not a plain check', async () => {
  const { dir } = configFile(EXTERNAL);
  const run = await runCli(['check', '-c', 'config.yaml', '--tag', 'v1.0.63', '--upgrade-to', ''], { ...OFFLINE, cwd: dir });
  assert.equal(run.code, 2, run.stdout);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^error: --upgrade-to needs a version/);
  assert.equal(run.stderr.trim().split('\n').length, 1);
});

test('a target older than today is called a downgrade; a newer one an upgrade', async () => {
  const config = join(tempDir(), 'config.yaml');
  writeFileSync(config, EXTERNAL);
  const down = await runCli(['check', '-c', config, '--tag', 'v1.0.64', '--upgrade-to', 'v1.0.63'], OFFLINE);
  assert.match(down.stdout, /^tasks\.task-plugins — downgrade \(to an older version\) from v1\.0\.64 to v1\.0\.63\n/);
  const up = await runCli(['check', '-c', config, '--tag', 'v1.0.63', '--upgrade-to', 'v1.0.64'], OFFLINE);
  assert.match(up.stdout, /^tasks\.task-plugins — upgrade from v1\.0\.63 to v1\.0\.64\n/);
});
