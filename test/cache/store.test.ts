import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CacheStore, defaultCacheDir } from '../../src/cache/store.js';
import { runCli, tempDir } from '../helpers.js';

test('reads back what it wrote, under keys with slashes and dots', async () => {
  const store = new CacheStore(tempDir());
  await store.write(['refs', 'flyteorg', 'flyte', 'flyteplugins/v1.16.8'], '{"commit":"abc"}');
  await store.write(['..', 'x'], 'y');
  assert.deepEqual(await store.readJson(['refs', 'flyteorg', 'flyte', 'flyteplugins/v1.16.8'], (value) => value), { commit: 'abc' });
  assert.equal((await store.read(['..', 'x']))?.toString(), 'y');
  assert.ok(existsSync(join(store.root, '%2E%2E', 'x')), 'a key segment never climbs out of the cache');
});

test('a truncated or altered entry reads as missing and is deleted', async () => {
  const store = new CacheStore(tempDir());
  await store.write(['a'], 'hello world');
  const path = join(store.root, 'a');
  writeFileSync(path, '{"sha256":"00","size":11}\nhello world');
  assert.equal(await store.read(['a']), undefined);
  assert.equal(existsSync(path), false);
});

test('an unwritable cache reports and does not throw', async () => {
  const file = join(tempDir(), 'not-a-folder');
  writeFileSync(file, '');
  const messages: string[] = [];
  const store = new CacheStore(join(file, 'cache'), (message) => messages.push(message));
  await store.write(['a'], 'x');
  assert.match(messages[0] ?? '', /^cache not written/);
});

test('the cache folder follows XDG_CACHE_HOME, then HOME', () => {
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' }), '/x/cache/flyte-plugin-catalog');
  assert.equal(defaultCacheDir({ HOME: '/home/op' }), '/home/op/.cache/flyte-plugin-catalog');
  // A relative one would put the cache in whatever folder the command runs from: ignored, as the XDG spec says.
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: 'rel', HOME: '/home/op' }), '/home/op/.cache/flyte-plugin-catalog');
  assert.equal(defaultCacheDir({ HOME: 'rel' }), undefined);
});

test('with no home at all there is no cache folder, and a bundled version still checks', async () => {
  const config = join(tempDir(), 'values.yaml');
  writeFileSync(config, 'tasks:\n  task-plugins:\n    enabled-plugins: [container]\n');
  const run = await runCli(['check', '-c', config, '--tag', 'v1.1.33'], { env: { HOME: 'not-absolute' } });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /propeller starts as written/);
});

test('an entry with a valid checksum but no JSON, or JSON of the wrong shape, is deleted and said once', async () => {
  const notices: string[] = [];
  const store = new CacheStore(tempDir(), (message) => notices.push(message));
  const shape = (value: unknown): { commit: string } => {
    if (typeof value !== 'object' || value === null || !('commit' in value) || typeof value.commit !== 'string')
      throw new Error('no commit');
    return { commit: value.commit };
  };
  await store.write(['refs', 'not-json'], 'hello {');
  await store.write(['refs', 'wrong-shape'], '{"commit": 42}');
  assert.equal(await store.readJson(['refs', 'not-json'], shape), undefined);
  assert.equal(await store.readJson(['refs', 'wrong-shape'], shape), undefined);
  assert.equal(existsSync(join(store.root, 'refs', 'not-json')), false);
  assert.equal(existsSync(join(store.root, 'refs', 'wrong-shape')), false);
  assert.deepEqual(notices, [
    'cache entry refs/not-json was unusable (not JSON); deleted, it will be fetched again',
    'cache entry refs/wrong-shape was unusable (unexpected shape: no commit); deleted, it will be fetched again',
  ]);
  assert.equal(await store.readJson(['refs', 'not-json'], shape), undefined);
  assert.equal(notices.length, 2, 'a deleted entry is reported once, then simply missing');
});

test('an entry someone made unreadable is rewritten with a normal mode, not with mode 000', async () => {
  const { chmodSync, statSync } = await import('node:fs');
  const store = new CacheStore(tempDir());
  await store.write(['a'], 'one');
  chmodSync(join(store.root, 'a'), 0o000);
  await store.write(['a'], 'two');
  const mode = statSync(join(store.root, 'a')).mode & 0o777;
  assert.notEqual(mode & 0o600, 0, `mode ${mode.toString(8)}`);
  assert.equal((await store.read(['a']))?.toString(), 'two');
});

test('an entry written as it arrives is read back once committed, and a discarded one leaves nothing', async () => {
  const store = new CacheStore(tempDir());
  const folder = join(store.root, 'archives', 'acme');
  const entry = store.openEntry(['archives', 'acme']);
  for (const chunk of ['hello ', 'streamed ', 'world']) entry.write(Buffer.from(chunk));
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(await store.read(['archives', 'acme', 'a.tar.gz']), undefined, 'not readable before its commit');
  await entry.commit('a.tar.gz');
  assert.equal((await store.read(['archives', 'acme', 'a.tar.gz']))?.toString(), 'hello streamed world');
  assert.deepEqual(readdirSync(folder), ['a.tar.gz']);

  const dropped = store.openEntry(['archives', 'acme']);
  dropped.write(Buffer.from('half of something'));
  await dropped.discard();
  assert.deepEqual(readdirSync(folder), ['a.tar.gz']);
});

test('an entry written as it arrives into an unwritable cache reports at its commit and does not throw', async () => {
  const file = join(tempDir(), 'not-a-folder');
  writeFileSync(file, '');
  const messages: string[] = [];
  const entry = new CacheStore(join(file, 'cache'), (message) => messages.push(message)).openEntry(['archives']);
  entry.write(Buffer.from('x'));
  await entry.commit('a.tar.gz');
  assert.match(messages.join('\n'), /^cache not written \(ENOTDIR/);
});
