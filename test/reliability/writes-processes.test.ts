// Issue 7, "Writes": concurrent edits and interrupted writes, with real processes of the CLI.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fixture, projectRoot, tempDir } from '../helpers.js';

const bin = join(projectRoot, 'bin', 'flyte-plugin-catalog.js');
const catalog = ['--catalog', fixture('config', 'catalog.json'), '--allow-flagged'];
const BASE = 'tasks:\n  task-plugins:\n    enabled-plugins:\n      - sidecar\n';
/** Eight plugins that can all be enabled together beside sidecar (no shared task type). */
const PLUGINS = ['agent-service', 'aws_array', 'echo', 'presto', 'ray', 'spark', 'service-a', 'container'];

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function startCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): { pid: number; exit: Promise<Exit>; kill: (signal: NodeJS.Signals) => void } {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit = new Promise<Exit>((done) => child.on('close', (code, signal) => done({ code, signal, stderr })));
  return { pid: child.pid ?? 0, exit, kill: (signal) => child.kill(signal) };
}

function config(): string {
  const path = join(tempDir(), 'config.yaml');
  writeFileSync(path, BASE);
  return path;
}

function listed(path: string, plugin: string): boolean {
  return readFileSync(path, 'utf8').includes(`      - ${plugin}\n`);
}

/** The names this tool leaves beside a file: temp files and locks. */
function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.includes('flyte-plugin-catalog'));
}

const eightWritersTitle =
  '8 processes enabling 8 plugins on one file, 6 rounds: every plugin listed, ' + 'or its process says why (never exit 0 with it missing)';

test(eightWritersTitle, async () => {
  let lost = 0;
  for (let round = 0; round < 6; round += 1) {
    const path = config();
    const runs = PLUGINS.map((plugin) => ({ plugin, run: startCli(['enable', plugin, '-c', path, ...catalog]) }));
    for (const { plugin, run } of runs) {
      const exit = await run.exit;
      if (listed(path, plugin)) continue;
      lost += 1;
      assert.notEqual(exit.code, 0, `round ${round}: ${plugin} missing but its process exited 0`);
      assert.match(exit.stderr, /^error: [^\n]*\n$/);
    }
    assert.deepEqual(leftovers(dirname(path)), []);
  }
  assert.equal(lost, 0, 'with the lock, every edit gets in');
});

async function waitForTemp(dir: string): Promise<string> {
  for (let waited = 0; waited < 20000; waited += 10) {
    const temp = leftovers(dir).find((name) => name.endsWith('.tmp'));
    if (temp) return temp;
    await new Promise((done) => setTimeout(done, 10));
  }
  throw new Error('the write window never opened');
}

const PAUSE = { FPC_TEST_PAUSE_BEFORE_RENAME_MS: '20000' };

for (const [signal, code] of [
  ['SIGTERM', 143],
  ['SIGINT', 130],
] as const) {
  test(`${signal} in the write window: temp file and lock removed, the original intact, exit ${code}`, async () => {
    for (let trial = 0; trial < 3; trial += 1) {
      const path = config();
      const run = startCli(['enable', 'ray', '-c', path, ...catalog], PAUSE);
      await waitForTemp(dirname(path));
      run.kill(signal);
      const exit = await run.exit;
      assert.equal(exit.code, code, exit.stderr);
      assert.deepEqual(leftovers(dirname(path)), []);
      assert.equal(readFileSync(path, 'utf8'), BASE);
    }
  });
}

test('SIGKILL in the write window leaves a temp file and a lock; the next run removes both and edits', async () => {
  const path = config();
  const run = startCli(['enable', 'ray', '-c', path, ...catalog], PAUSE);
  const temp = await waitForTemp(dirname(path));
  run.kill('SIGKILL');
  await run.exit;
  assert.deepEqual(leftovers(dirname(path)).sort(), ['.config.yaml.flyte-plugin-catalog.lock', temp].sort());
  assert.equal(readFileSync(path, 'utf8'), BASE);
  const next = await startCli(['enable', 'spark', '-c', path, ...catalog]).exit;
  assert.equal(next.code, 0, next.stderr);
  assert.deepEqual(leftovers(dirname(path)), []);
  assert.ok(listed(path, 'spark'));
});

test('a stale temp file of a dead pid is removed by the next run; a live pid keeps its own', async () => {
  const path = config();
  const dead = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
  const stale = `.config.yaml.flyte-plugin-catalog.${dead}.0123abcd.tmp`;
  const alive = `.config.yaml.flyte-plugin-catalog.${process.pid}.0123abcd.tmp`;
  writeFileSync(join(dirname(path), stale), 'half');
  writeFileSync(join(dirname(path), alive), 'mine');
  const run = await startCli(['enable', 'ray', '-c', path, ...catalog]).exit;
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(leftovers(dirname(path)), [alive]);
});

test('a file changed by another writer (no lock) during the write window: the edit is redone on the new text', async () => {
  const path = config();
  const run = startCli(['enable', 'ray', '-c', path, ...catalog], { FPC_TEST_PAUSE_BEFORE_RENAME_MS: '300' });
  await waitForTemp(dirname(path));
  writeFileSync(path, `# edited by hand\n${BASE}      - spark\n`);
  const exit = await run.exit;
  assert.equal(exit.code, 0, exit.stderr);
  assert.equal(readFileSync(path, 'utf8'), `# edited by hand\n${BASE}      - spark\n      - ray\n`);
  assert.deepEqual(leftovers(dirname(path)), []);
});

test('a run that cannot get the lock in time fails with one line naming the holder, file unchanged', async () => {
  const path = config();
  const holder = startCli(['enable', 'ray', '-c', path, ...catalog], PAUSE);
  await waitForTemp(dirname(path));
  const waiter = await startCli(['enable', 'spark', '-c', path, ...catalog], { FPC_TEST_LOCK_TIMEOUT_MS: '300' }).exit;
  holder.kill('SIGTERM');
  await holder.exit;
  assert.equal(waiter.code, 2);
  assert.match(
    waiter.stderr,
    new RegExp(
      `^error: [^\\n]*config\\.yaml is being edited by another flyte-plugin-catalog run \\(pid ${holder.pid} on [^)]+\\); ` +
        'it is unchanged \\(run again when it is done, or remove [^\\n]*\\.lock if that process is gone\\)\\n$',
    ),
  );
  assert.equal(readFileSync(path, 'utf8'), BASE);
});
