// What a command loads before it can answer is paid on every run: `check` and an `enable` that changes nothing
// load none of the Node builtins that cost 1-3 ms each and that they do not use.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot, tempDir } from '../helpers.js';

/** The public builtins a process of the bin loaded (that a bare `node` does not), read at its exit. */
function builtinsLoaded(args: string[], home: string): string[] {
  const dir = tempDir();
  const probe = join(dir, 'probe.cjs');
  const out = join(dir, 'loaded.json');
  writeFileSync(
    probe,
    `const before = new Set(process.moduleLoadList);
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(
  process.moduleLoadList.filter((name) => !before.has(name) && /^NativeModule [a-z_]+$/.test(name)).map((name) => name.slice(13)))));`,
  );
  const run = spawnSync(process.execPath, ['-r', probe, join(projectRoot, 'bin', 'flyte-plugin-catalog.js'), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: join(home, 'cache') },
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(readFileSync(out, 'utf8')) as string[];
}

// (node:module is not among them: its public face re-exports the CommonJS loader Node has already loaded.)
test('check and a no-op enable load no crypto, os, v8 or child_process', () => {
  const config = join(tempDir(), 'values.yaml');
  writeFileSync(config, 'tasks:\n  task-plugins:\n    enabled-plugins: [container, sidecar]\n');
  for (const args of [
    ['check', '-c', config, '--tag', 'flyteplugins/v1.16.8'],
    ['enable', 'container', '-c', config, '--tag', 'flyteplugins/v1.16.8'],
  ]) {
    const home = tempDir();
    for (const round of ['first run', 'from the code cache']) {
      const loaded = builtinsLoaded(args, home);
      assert.ok(loaded.includes('vm'), `${args[0]}, ${round}: the probe saw the bundle load (${loaded.join(' ')})`);
      for (const costly of ['crypto', 'os', 'v8', 'child_process']) {
        assert.ok(!loaded.includes(costly), `${args[0]}, ${round}: loaded ${costly}`);
      }
    }
  }
});

test('a bundle that cannot load, or a main() that throws after all, is one line and exit 2: never a stack and exit 1', () => {
  const root = tempDir();
  mkdirSync(join(root, 'bin'));
  mkdirSync(join(root, 'dist', 'bundle'), { recursive: true });
  for (const name of ['flyte-plugin-catalog.js', 'package.json']) copyFileSync(join(projectRoot, 'bin', name), join(root, 'bin', name));
  for (const name of ['boot.cjs', 'manifest.json']) {
    copyFileSync(join(projectRoot, 'dist', 'bundle', name), join(root, 'dist', 'bundle', name));
  }
  const main = join(root, 'dist', 'bundle', 'main.cjs');
  for (const [body, message] of [
    [undefined, /ENOENT/],
    ["throw new Error('damaged');", /damaged/],
    ['exports.main = async () => {', /SyntaxError|Unexpected/],
    ["exports.main = async () => { throw new Error('broke its promise'); };", /broke its promise/],
  ] as const) {
    if (body === undefined) rmSync(main, { force: true });
    else writeFileSync(main, body);
    const run = spawnSync(process.execPath, [join(root, 'bin', 'flyte-plugin-catalog.js'), 'check'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: root, XDG_CACHE_HOME: join(root, 'cache') },
    });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /^error: flyte-plugin-catalog cannot run: .*\n$/);
    assert.match(run.stderr, message);
  }
});

test("the V8 flag the bin sets for downloads is one this Node's V8 knows (else V8 prints an error line on each run)", () => {
  const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
  assert.match(options, /^\s*--liftoff-only\b/m);
  assert.match(readFileSync(join(projectRoot, 'bin', 'flyte-plugin-catalog.js'), 'utf8'), /setFlagsFromString\('--liftoff-only'\)/);
});
