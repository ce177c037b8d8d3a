import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadCatalogs } from '../../src/load-catalog.js';
import { githubSettingsFromEnv } from '../../src/source/github/settings.js';
import { FakeGitHub } from '../github-server.js';
import { fixture, git, runCli, tempDir } from '../helpers.js';

// Six module tags newer than the bundled index, on a monorepo the test builds: `history --with` fetches them
// through the cache, a few at a time.
const NEWER = ['v9.0.0', 'v9.1.0', 'v9.2.0', 'v9.3.0', 'v9.4.0', 'v9.5.0'];
let github: FakeGitHub;

before(async () => {
  const monorepo = tempDir();
  cpSync(fixture('scan', 'all-shapes'), join(monorepo, 'flyteplugins'), { recursive: true });
  git(monorepo, 'init', '-q', '-b', 'master');
  for (const [n, tag] of NEWER.entries()) {
    writeFileSync(join(monorepo, 'README.md'), `release ${n}\n`);
    git(monorepo, 'add', '-A');
    git(monorepo, 'commit', '-q', '-m', tag);
    git(monorepo, 'tag', `flyteplugins/${tag}`);
  }
  github = await new FakeGitHub({ 'flyteorg/flyte': monorepo }).start();
});

after(() => github.close());

test('history --with: versions newer than the bundle are fetched at most 4 at a time, through the cache, and join the spans', async () => {
  const cacheDir = tempDir('fpc-cache-');
  const args = ['history', 'query-engine', 'echo', ...NEWER.flatMap((tag) => ['--with', tag])];
  const flags = ['--api-url', github.apiUrl, '--cache-dir', cacheDir, '-o', 'json'];
  github.reset();
  github.latencyMs = 100;
  const cold = await runCli([...args, ...flags]);
  assert.equal(cold.code, 0, cold.stderr);
  const tarballs = github.restRequests.filter((request) => request.path.includes('/tarball/'));
  assert.equal(tarballs.length, NEWER.length);
  assert.ok(github.maxInFlight >= 2 && github.maxInFlight <= 4, `${github.maxInFlight} requests at once`);

  const { ids } = JSON.parse(cold.stdout) as { ids: { id: string; spans: { repo: string; from: string; to: string }[] }[] };
  const byId = new Map(ids.map((report) => [report.id, report.spans]));
  // An ID only the test's monorepo registers: one span over the six versions added.
  assert.deepEqual(byId.get('query-engine'), [
    { ...byId.get('query-engine')?.[0], repo: 'flyteorg/flyte', from: 'flyteplugins/v9.0.0', to: 'flyteplugins/v9.5.0' },
  ]);
  // echo, bundled from flyteplugins/v1.10.6 on, runs on into the added versions.
  const echo = byId.get('echo')?.at(-1);
  assert.equal(echo?.to, 'flyteplugins/v9.5.0');

  github.reset();
  const warm = await runCli([...args, ...flags]);
  assert.equal(warm.code, 0, warm.stderr);
  assert.equal(warm.stdout, cold.stdout);
  assert.deepEqual(github.requests, [], 'the second run is answered from the cache');

  const unknown = await runCli(['history', 'no-such-id', '--with', 'v9.0.0', ...flags]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^error: 'no-such-id' is registered in no bundled version nor any version given with --with/);
});

test('history --with an unknown version fails as --tag would, with one line', async () => {
  const run = await runCli(['history', '--with', 'v0.0.1', '--offline', '--cache-dir', tempDir('fpc-cache-')]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^error: unknown version 'v0\.0\.1'/);
  assert.equal(run.stderr.trim().split('\n').length, 1);
});

test('versions loaded together: once one fails, those still waiting for a turn are not fetched', async () => {
  github.reset();
  const options = { cacheDir: tempDir('fpc-cache-'), github: githubSettingsFromEnv({}, github.apiUrl) };
  const choices = [{ catalog: join(tempDir(), 'missing.json') }, ...NEWER.slice(0, 3).map((tag) => ({ tag }))];
  await assert.rejects(
    loadCatalogs(choices, options, () => {}, 1),
    /cannot read catalog/,
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(github.requests, [], 'no download starts after the failure');
});
