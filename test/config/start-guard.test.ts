import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, runCli, tempDir } from '../helpers.js';
import { joinedRegExp } from '../regexp.js';

const catalog = fixture('config', 'catalog.json');

// flyte-binary: the inline config is merged over the chart's enabled_plugins (maps merge, lists replace), so the
// default that the chart's block writes still applies when the inline list no longer enables spark.
const FLYTE_BINARY = [
  'configuration:',
  '  inline:',
  '    tasks:',
  '      task-plugins:',
  '        enabled-plugins:',
  '          - container',
  '          - spark',
  'enabled_plugins:',
  '  tasks:',
  '    task-plugins:',
  '      enabled-plugins:',
  '        - container',
  '        - spark',
  '      default-for-task-types:',
  '        spark: spark',
  '',
].join('\n');

test('disable refuses an edit that another block of the file would turn into a start-up failure, --yes or not', async () => {
  const config = join(tempDir(), 'values.yaml');
  writeFileSync(config, FLYTE_BINARY);
  for (const extra of [[], ['--yes'], ['--dry-run', '--yes']]) {
    const run = await runCli(['disable', 'spark', '-c', config, '--catalog', catalog, ...extra]);
    assert.equal(run.code, 1, extra.join(' '));
    assert.match(
      run.stderr,
      joinedRegExp([
        /^error: this edit of configuration\.inline\.tasks\.task-plugins would stop propeller from starting: /,
        /\S+values\.yaml:15:9: default-for-task-types maps spark to 'spark', which is not an enabled plugin/,
      ]),
    );
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.equal(readFileSync(config, 'utf8'), FLYTE_BINARY);
  }
});

test('an edit that leaves the other block consistent is written as before', async () => {
  const config = join(tempDir(), 'values.yaml');
  const text = FLYTE_BINARY.replace('      default-for-task-types:\n        spark: spark\n', '');
  writeFileSync(config, text);
  const run = await runCli(['disable', 'spark', '-c', config, '--catalog', catalog]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(readFileSync(config, 'utf8'), text.replace('          - spark\n', ''));
});

test('a flow list or defaults map with comments between its items is refused, not rewritten without them', async () => {
  const cases = [
    ['tasks:\n  task-plugins:\n    enabled-plugins: [container, # the default\n      spark, ray]\n', ['disable', 'ray']],
    [
      'tasks:\n  task-plugins:\n    enabled-plugins: [container, spark]\n' +
        '    default-for-task-types: {spark: spark, # why\n      container: container}\n',
      ['disable', 'spark', '--yes'],
    ],
  ] as const;
  for (const [text, args] of cases) {
    const config = join(tempDir(), 'config.yaml');
    writeFileSync(config, text);
    const run = await runCli([...args, '-c', config, '--catalog', catalog]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      /^error: (the flow list at )?\S+ holds comments that rewriting it would lose; nothing written \(edit it by hand\)$/m,
    );
    assert.equal(readFileSync(config, 'utf8'), text);
  }
  const trailing = join(tempDir(), 'config.yaml');
  writeFileSync(trailing, 'tasks:\n  task-plugins:\n    enabled-plugins: [container, spark, ray]  # a comment after the list stays\n');
  const run = await runCli(['disable', 'ray', '-c', trailing, '--catalog', catalog]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(readFileSync(trailing, 'utf8'), /enabled-plugins: \[container, spark\] {2}# a comment after the list stays\n$/);
});
