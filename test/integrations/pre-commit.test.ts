import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { git, projectRoot, removeDir, tempDir } from '../helpers.js';

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

const skip = onPath('pre-commit') ? false : 'pre-commit is not on PATH (apt-get install -y pre-commit): skipped';

test('the hook manifest is valid for pre-commit itself', { skip }, () => {
  execFileSync('pre-commit', ['validate-manifest', join(projectRoot, '.pre-commit-hooks.yaml')], { stdio: 'pipe' });
  const [hook] = parse(readFileSync(join(projectRoot, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; files: string }[];
  assert.equal(hook?.id, 'flyte-plugin-check');
  const files = new RegExp(hook?.files ?? '');
  assert.ok(
    ['values.yaml', 'charts/flyte-core/values-eks.yaml', 'propeller-config.yaml', 'x/enabled_plugins.yml'].every((f) => files.test(f)),
  );
  assert.ok(!files.test('deployment.yaml'));
});

test('pre-commit try-repo runs the hook on the staged values files of a throw-away repository', { skip, timeout: 300_000 }, () => {
  const repo = tempDir('fpc-pre-commit-');
  const home = tempDir('fpc-pre-commit-home-');
  try {
    git(repo, 'init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'values.yaml'), 'tasks:\n  task-plugins:\n    enabled-plugins: [container, sidecar, k8s-array]\n');
    writeFileSync(join(repo, 'values-bad.yaml'), 'tasks:\n  task-plugins:\n    enabled-plugins: [container, sprak]\n');
    writeFileSync(join(repo, 'values-other.yaml'), 'replicas: 2\n');
    git(repo, 'add', '-A');
    const env = {
      ...process.env,
      PRE_COMMIT_HOME: home,
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    };
    const run = (files: string[]) =>
      spawnSync('pre-commit', ['try-repo', projectRoot, 'flyte-plugin-check', '--files', ...files, '--verbose'], {
        cwd: repo,
        env,
        encoding: 'utf8',
      });
    const good = run(['values.yaml', 'values-other.yaml']);
    assert.equal(good.status, 0, good.stdout + good.stderr);
    assert.match(good.stdout, /flyte plugin config check\.+Passed/);
    assert.match(good.stdout, /values-other\.yaml: no task-plugins section, skipped/);
    const bad = run(['values-bad.yaml']);
    assert.equal(bad.status, 1, bad.stdout + bad.stderr);
    assert.match(bad.stdout, /flyte plugin config check\.+Failed/);
    assert.match(bad.stdout, /^SILENT values-bad\.yaml:3:34: 'sprak' matches no plugin of .* \[unknown-plugin\]$/m);
  } finally {
    removeDir(repo);
    removeDir(home);
  }
});

test('the composite action installs the tool and prints annotations with -o github', () => {
  const action = parse(readFileSync(join(projectRoot, 'action.yml'), 'utf8')) as {
    inputs: Record<string, unknown>;
    runs: { using: string; steps: { run: string; env?: Record<string, string> }[] };
  };
  assert.equal(action.runs.using, 'composite');
  assert.deepEqual(Object.keys(action.inputs), ['config-files', 'version', 'flyte-version', 'fail-on']);
  const script = action.runs.steps.map((step) => step.run).join('\n');
  assert.match(script, /-o github/);
  assert.doesNotMatch(script, /\$\{\{/, 'inputs reach the shell through env, never pasted into the script');
});
