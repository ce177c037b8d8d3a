// The code cache only ever saves a compile: a missing, corrupt, stale or unwritable cache changes nothing a
// bundle does. Each test writes its own tiny bundles; the last ones run the real CLI twice as processes.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { crc32 } from 'node:zlib';
import { CACHED_COMMANDS, cachePurpose, codeCacheDir, readBuilds } from '../../src/boot/code-cache.js';
import { projectRoot, runCli, sharedConfigs, tempDir } from '../helpers.js';

interface Bundles {
  dir: string;
  main: string;
  builds: Record<string, string>;
}

/** main.cjs requires ./dep.cjs (through the loader) and node:path (through Node), and compiles a few functions. */
function bundles(answer: number): Bundles {
  const dir = tempDir();
  writeFileSync(join(dir, 'dep.cjs'), "exports.twice = (n) => n * 2;\nexports.sep = require('node:path').sep;\n");
  const body = Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x + ${i}; }`).join('\n');
  const exported = `exports.answer = () => dep.twice(${answer}) + f0(0);\nexports.sep = dep.sep;\n`;
  writeFileSync(join(dir, 'main.cjs'), `'use strict';\nconst dep = require('./dep.cjs');\n${body}\n${exported}`);
  return { dir, main: join(dir, 'main.cjs'), builds: { 'main.cjs': `build-${answer}`, 'dep.cjs': 'build-dep' } };
}

const LOADER = join(projectRoot, 'dist', 'src', 'boot', 'code-cache.js');

/**
 * Load the bundles in a process of their own, as the CLI does: in one process V8 would answer a second compile of
 * the same source from memory and never look at the cache file.
 */
function run(b: Bundles, cacheDir: string | undefined, purpose = 'check'): { answer: number; described: string } {
  const script = `
    const { BundleLoader } = await import(${JSON.stringify(pathToFileURL(LOADER).href)});
    const { createRequire } = await import('node:module');
    const [main, dir, purpose, builds] = JSON.parse(process.argv[1]);
    const loader = new BundleLoader({ dir: dir ?? undefined, purpose, builds, require: createRequire(main) });
    const exports = loader.load(main);
    const answer = exports.answer();
    loader.save();
    console.log(JSON.stringify({ answer, sep: exports.sep, described: loader.describe() }));`;
  const child = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', script, JSON.stringify([b.main, cacheDir ?? null, purpose, b.builds])],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(child.status, 0, child.stderr);
  const out = JSON.parse(child.stdout) as { answer: number; sep: string; described: string };
  assert.equal(out.sep, '/');
  return out;
}

const cacheFiles = (dir: string): string[] => readdirSync(dir).filter((name) => name.endsWith('.bin'));

test('the first run compiles and saves, the next uses the saved code with the same result', () => {
  const b = bundles(21);
  const cache = join(tempDir(), 'code');
  const first = run(b, cache);
  assert.equal(first.answer, 42);
  assert.match(first.described, /main\.cjs compiled, dep\.cjs compiled/);
  assert.equal(cacheFiles(cache).length, 2);
  const second = run(b, cache);
  assert.equal(second.answer, 42);
  assert.match(second.described, /^code cache \(check\): main\.cjs used, dep\.cjs used in /);
  // Another command keeps a cache of its own.
  assert.match(run(b, cache, 'enable').described, /main\.cjs compiled/);
  assert.equal(cacheFiles(cache).length, 4);
});

test('a corrupt, cut or foreign cache file is never handed over as code: the bundle compiles and the file is replaced', () => {
  const b = bundles(21);
  const cache = join(tempDir(), 'code');
  run(b, cache);
  const file = join(cache, cacheFiles(cache).find((name) => name.includes('.main.cjs.')) ?? '');
  const good = readFileSync(file);
  const flipped = Buffer.from(good);
  flipped[flipped.length - 10] = (flipped[flipped.length - 10] ?? 0) ^ 0xff;
  const checksum = (data: Buffer): Buffer => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(crc32(data));
    return head;
  };
  const foreign = Buffer.from('not V8 code at all, but with a right checksum');
  for (const bad of [flipped, good.subarray(0, good.length - 100), Buffer.alloc(0), Buffer.concat([checksum(foreign), foreign])]) {
    writeFileSync(file, bad);
    const again = run(b, cache);
    assert.equal(again.answer, 42);
    assert.match(again.described, bad.length > 4 && bad.subarray(4).equals(foreign) ? /main\.cjs rejected/ : /main\.cjs compiled/);
    assert.match(run(b, cache).described, /main\.cjs used/, 'the file was written anew');
  }
});

test('a cache file someone else could have written is never run: another owner, or group or world writable', () => {
  const b = bundles(21);
  const cache = join(tempDir(), 'code');
  run(b, cache);
  const file = join(cache, cacheFiles(cache).find((name) => name.includes('.main.cjs.')) ?? '');
  // The code of another bundle of the same length, which V8 would run: a cache file is code.
  const other = bundles(31);
  run(other, cache);
  const planted = readFileSync(join(cache, cacheFiles(cache).find((name) => name.includes('.main.cjs.build-31')) ?? ''));
  writeFileSync(file, planted);
  chmodSync(file, 0o666);
  const open = run(b, cache);
  assert.equal(open.answer, 42);
  assert.match(open.described, /main\.cjs compiled/);
  assert.equal(statSync(file).mode & 0o777, 0o600, 'written anew, 0600');
  if (process.getuid?.() === 0) {
    writeFileSync(file, planted);
    chownSync(file, 4242, 4242);
    assert.equal(run(b, cache).answer, 42, 'a file of another user is not run');
  }
});

test('a changed bundle of the same size never runs the code of the old one', () => {
  const b = bundles(21);
  const cache = join(tempDir(), 'code');
  assert.equal(run(b, cache).answer, 42);
  const before = statSync(b.main);
  // Same length, same mtime: only the build hash of the manifest tells them apart.
  writeFileSync(b.main, readFileSync(b.main, 'utf8').replace('twice(21)', 'twice(22)'));
  utimesSync(b.main, before.atime, before.mtime);
  assert.equal(statSync(b.main).size, before.size);
  const rebuilt = run({ ...b, builds: { ...b.builds, 'main.cjs': 'build-22' } }, cache);
  assert.equal(rebuilt.answer, 44);
  assert.match(rebuilt.described, /main\.cjs compiled/);
  // Same manifest (a hand edit of the bundle): the mtime tells them apart.
  writeFileSync(b.main, readFileSync(b.main, 'utf8').replace('twice(22)', 'twice(23)'));
  utimesSync(b.main, before.atime, new Date(before.mtimeMs + 5000));
  assert.equal(run({ ...b, builds: { ...b.builds, 'main.cjs': 'build-22' } }, cache).answer, 46);
  // Only the newest file of each command and bundle is kept.
  assert.equal(cacheFiles(cache).filter((name) => name.startsWith('check.main.cjs.')).length, 1);
});

test("a temp file a killed writer left goes with the next write; another writer's fresh one stays", () => {
  const b = bundles(21);
  const cache = join(tempDir(), 'code');
  run(b, cache);
  const file = cacheFiles(cache).find((name) => name.startsWith('check.main.cjs.')) ?? '';
  const left = join(cache, `${file}.4242-abc.tmp`);
  const fresh = join(cache, `${file}.4343-def.tmp`);
  writeFileSync(left, 'half a cache');
  utimesSync(left, new Date(2000, 0, 1), new Date(2000, 0, 1));
  writeFileSync(fresh, 'being written');
  rmSync(join(cache, file));
  assert.match(run(b, cache).described, /main\.cjs compiled/);
  assert.equal(existsSync(left), false, 'the leftover was removed');
  assert.equal(existsSync(fresh), true, 'a live writer keeps its temp file');
});

test('no cache folder, an unwritable one, or a bundle the manifest does not name: the same result, nothing thrown', () => {
  const b = bundles(21);
  const off = run(b, undefined);
  assert.equal(off.answer, 42);
  assert.match(off.described, /main\.cjs uncached, dep\.cjs uncached \(off\)$/);
  const blocked = join(tempDir(), 'a-file');
  writeFileSync(blocked, 'not a folder');
  assert.equal(run(b, join(blocked, 'code')).answer, 42);
  const cache = join(tempDir(), 'code');
  const unnamed = run({ ...b, builds: { 'main.cjs': 'build-21' } }, cache);
  assert.match(unnamed.described, /main\.cjs compiled, dep\.cjs uncached/);
  assert.equal(cacheFiles(cache).length, 1);
});

test('a missing or malformed manifest names no build, so nothing is cached', () => {
  const dir = tempDir();
  const manifest = join(dir, 'manifest.json');
  assert.deepEqual(readBuilds(manifest), {});
  for (const text of ['{', '[1]', 'null', '{"main.cjs": 3, "x.cjs": "../../etc"}']) {
    writeFileSync(manifest, text);
    assert.deepEqual(readBuilds(manifest), {}, text);
  }
  writeFileSync(manifest, JSON.stringify({ 'main.cjs': 'ab'.repeat(32), 'bad.cjs': 'xyz' }));
  assert.deepEqual(readBuilds(manifest), { 'main.cjs': 'ab'.repeat(32) });
});

test('the cache folder follows XDG_CACHE_HOME, then HOME; either variable turns it off', () => {
  assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/x/c' }), '/x/c/flyte-plugin-catalog/code');
  assert.equal(codeCacheDir({ HOME: '/home/op' }), '/home/op/.cache/flyte-plugin-catalog/code');
  assert.equal(codeCacheDir({ HOME: '/home/op', FLYTE_PLUGIN_CATALOG_CODE_CACHE: '0' }), undefined);
  assert.equal(codeCacheDir({ HOME: '/home/op', NODE_DISABLE_COMPILE_CACHE: '1' }), undefined);
  // Relative or empty: ignored (a relative one would leave a cache folder in whatever folder the command ran from).
  assert.equal(codeCacheDir({ XDG_CACHE_HOME: 'cache', HOME: '/home/op' }), '/home/op/.cache/flyte-plugin-catalog/code');
  assert.equal(codeCacheDir({ XDG_CACHE_HOME: '', HOME: '/home/op' }), '/home/op/.cache/flyte-plugin-catalog/code');
  assert.equal(codeCacheDir({ XDG_CACHE_HOME: 'cache', HOME: 'op' }), undefined);
});

test('no home at all (HOME unset, a uid without a passwd entry): no cache, and nothing thrown', (t) => {
  t.mock.method(process.getBuiltinModule('node:os'), 'homedir', () => {
    throw new Error('uv_os_homedir returned ENOENT');
  });
  assert.equal(codeCacheDir({}), undefined);
  assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/x/c' }), '/x/c/flyte-plugin-catalog/code');
});

test("each command of the CLI keeps its own cache; anything else shares 'other'", async () => {
  const help = await runCli(['--help']);
  const commands = [...help.stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((match) => match[1]).filter((name) => name !== 'help');
  assert.deepEqual([...commands].sort(), [...CACHED_COMMANDS].sort());
  assert.equal(cachePurpose(['--debug', 'check', '-c', 'x']), 'check');
  assert.equal(cachePurpose(['--version']), 'other');
  assert.equal(cachePurpose(['chek']), 'other');
});

function bin(args: string[], home: string, env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [join(projectRoot, 'bin', 'flyte-plugin-catalog.js'), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: join(home, 'cache'), ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('the CLI answers the same with no cache, a fresh one and a garbled one', () => {
  const config = join(tempDir(), 'values.yaml');
  writeFileSync(config, 'tasks:\n  task-plugins:\n    enabled-plugins: [container, sidecar, sparkk]\n');
  const args = ['check', '-c', config, '--tag', 'flyteplugins/v1.16.8'];
  const home = tempDir();
  const runs = [bin(args, home), bin(args, home)];
  const code = join(home, 'cache', 'flyte-plugin-catalog', 'code');
  const files = cacheFiles(code);
  assert.deepEqual(
    files.map((name) => name.split('.').slice(0, 3).join('.')),
    ['check.main.cjs'],
  );
  for (const name of files) writeFileSync(join(code, name), Buffer.alloc(statSync(join(code, name)).size, 7));
  runs.push(bin(args, home));
  mkdirSync(join(home, 'off'));
  runs.push(bin(args, join(home, 'off')));
  for (const one of runs) {
    assert.equal(one.code, 1, one.stderr);
    assert.equal(one.stdout, runs[0]?.stdout);
    assert.equal(one.stderr, runs[0]?.stderr);
  }
  assert.match(runs[0]?.stdout ?? '', /sparkk/);
});

test('a real values file checks the same through the cache', { skip: !existsSync(sharedConfigs) && 'no ../shared' }, () => {
  const file = join(sharedConfigs, 'flyte-v1.16.8__charts_flyte-core_values.yaml');
  const home = tempDir();
  const first = bin(['check', '-c', file, '--tag', 'flyteplugins/v1.16.8', '-o', 'json'], home);
  const second = bin(['check', '-c', file, '--tag', 'flyteplugins/v1.16.8', '-o', 'json'], home);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(second.stdout, first.stdout);
});

test('a second run reads the cache it wrote, also where WebAssembly is compiled (V8 flags agree on both sides)', () => {
  const home = tempDir();
  const args = ['discover', '--source', join(projectRoot, 'test', 'fixtures', 'scan', 'all-shapes'), '--json'];
  const first = bin(args, home, { FLYTE_PLUGIN_CATALOG_ENGINE: 'wasm' });
  assert.equal(first.code, 0, first.stderr);
  const code = join(home, 'cache', 'flyte-plugin-catalog', 'code');
  const written = new Map(cacheFiles(code).map((name) => [name, statSync(join(code, name)).mtimeMs]));
  assert.ok(written.size > 0);
  const second = bin(args, home, { FLYTE_PLUGIN_CATALOG_ENGINE: 'wasm' });
  assert.equal(second.stdout, first.stdout);
  // A cache V8 rejected would have been written again.
  assert.deepEqual(new Map(cacheFiles(code).map((name) => [name, statSync(join(code, name)).mtimeMs])), written);
});

test('a FIFO or a folder where a cache file should be: no hang, the same result, a real file written in its place', () => {
  const b = bundles(21);
  const cache = join(tempDir(), 'code');
  run(b, cache);
  const file = join(cache, cacheFiles(cache).find((name) => name.includes('.main.cjs.')) ?? '');
  rmSync(file);
  execFileSync('mkfifo', [file]);
  const fifo = run(b, cache);
  assert.equal(fifo.answer, 42);
  assert.match(fifo.described, /main\.cjs compiled/);
  assert.ok(statSync(file).isFile(), 'the FIFO was replaced by a cache file');
  assert.match(run(b, cache).described, /main\.cjs used/);
  rmSync(file);
  mkdirSync(join(file, 'inside'), { recursive: true });
  assert.equal(run(b, cache).answer, 42);
});
