import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { promisify } from 'node:util';
import { CacheStore } from '../../src/cache/store.js';
import { discover, type DiscoverOptions } from '../../src/discover.js';
import { SourceError } from '../../src/errors.js';
import { RateLimitError } from '../../src/source/github/octokit.js';
import { FakeGitHub } from '../github-server.js';
import { fixture, git, gitRepoFromFixture, projectRoot, runCli, tempDir } from '../helpers.js';
import { joinedRegExp } from '../regexp.js';

let plugins: string;
let monorepo: string;
let github: FakeGitHub;
let cacheDir: string;

before(async () => {
  plugins = gitRepoFromFixture('scan', 'all-shapes');
  git(plugins, 'tag', 'v0.5.25');
  git(plugins, 'tag', 'v0.5.24');
  monorepo = tempDir();
  cpSync(fixture('scan', 'all-shapes'), join(monorepo, 'flyteplugins'), { recursive: true });
  writeFileSync(join(monorepo, 'README.md'), 'a monorepo\n');
  git(monorepo, 'init', '-q', '-b', 'master');
  git(monorepo, 'add', '-A');
  git(monorepo, 'commit', '-q', '-m', 'monorepo');
  git(monorepo, 'tag', 'flyteplugins/v1.16.8');
  github = await new FakeGitHub({ 'flyteorg/flyteplugins': plugins, 'flyteorg/flyte': monorepo, 'acme/plugins': plugins }).start();
});

after(() => github.close());

beforeEach(() => {
  github.reset();
  cacheDir = tempDir('fpc-cache-');
});

function options(extra: Partial<DiscoverOptions> = {}): DiscoverOptions {
  return { cacheDir, github: { apiUrl: github.apiUrl, retryDelay: () => 0 }, ...extra };
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) => statSync(join(dir, path)).isFile());
}

test(
  'a cold scan of a bundled flyteplugins tag on another commit takes the commit request and the tarball; ' + 'the next takes none',
  async () => {
    const cold = await discover(options({ tag: 'v0.5.25' }));
    assert.equal(cold.servedFrom, 'scan');
    assert.equal(cold.catalog.source.repo, 'flyteorg/flyteplugins');
    assert.equal(cold.catalog.source.commit, git(plugins, 'rev-parse', 'v0.5.25').trim());
    assert.equal(cold.catalog.plugins.length, 13);
    // The package bundles v0.5.25 at another commit: GitHub is asked which commit the tag names, then that commit is downloaded.
    assert.deepEqual(
      github.restRequests.map((r) => r.path),
      ['/repos/flyteorg/flyteplugins/commits/v0.5.25', `/repos/flyteorg/flyteplugins/tarball/${cold.catalog.source.commit}`],
    );
    assert.ok(github.bytesSent <= 1.2 * github.tarballBytes, `${github.bytesSent} bytes for a ${github.tarballBytes}-byte tarball`);

    github.reset();
    const warm = await discover(options({ tag: 'v0.5.25' }));
    assert.equal(github.requests.length, 0);
    assert.equal(warm.servedFrom, 'user-cache');
    assert.deepEqual(warm.catalog, cold.catalog);
  },
);

test('a monorepo module tag resolves to flyteorg/flyte and its flyteplugins folder within 4 requests', async () => {
  const { catalog } = await discover(options({ tag: 'v1.16.8' }));
  assert.equal(catalog.source.repo, 'flyteorg/flyte');
  assert.equal(catalog.source.tag, 'flyteplugins/v1.16.8');
  assert.equal(catalog.source.path, 'flyteplugins');
  assert.ok(github.restRequests.length <= 4);
  github.reset();
  await discover(options({ tag: 'flyteplugins/v1.16.8' }));
  assert.equal(github.requests.length, 0);
});

test('a branch of any repository costs one small request once its commit is cached', async () => {
  await discover(options({ repo: 'acme/plugins', tag: 'main' }));
  assert.deepEqual(
    github.restRequests.map((r) => r.path),
    ['/repos/acme/plugins/commits/main', `/repos/acme/plugins/tarball/${git(plugins, 'rev-parse', 'main').trim()}`],
  );
  assert.match(github.restRequests[0]?.accept ?? '', /application\/vnd\.github\.(v3\.)?sha/);
  github.reset();
  await discover(options({ repo: 'acme/plugins', tag: 'main' }));
  assert.deepEqual(
    github.requests.map((r) => r.path),
    ['/repos/acme/plugins/commits/main'],
  );
});

test('sends the token from GITHUB_TOKEN, and every request goes through the API base URL (GitHub Enterprise)', async () => {
  const enterprise = await new FakeGitHub({ 'flyteorg/flyteplugins': plugins }, '/api/v3').start();
  try {
    const run = await runCli(['discover', '--tag', 'v0.5.25', '--json', '--cache-dir', cacheDir], {
      env: { GITHUB_TOKEN: 's3cret', GITHUB_API_URL: enterprise.apiUrl },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      enterprise.restRequests.map((r) => [r.path, r.authorization]),
      [
        ['/api/v3/repos/flyteorg/flyteplugins/commits/v0.5.25', 'token s3cret'],
        [`/api/v3/repos/flyteorg/flyteplugins/tarball/${git(plugins, 'rev-parse', 'v0.5.25').trim()}`, 'token s3cret'],
      ],
    );
  } finally {
    await enterprise.close();
  }
});

test('a rate limit ends with one line saying when it resets and that a token raises it', async () => {
  github.failNext(/tarball/, { kind: 'rate-limit' });
  const run = await runCli(['discover', '--tag', 'v0.5.25', '--cache-dir', cacheDir, '--api-url', github.apiUrl]);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '');
  assert.match(
    run.stderr,
    joinedRegExp([
      /^error: GitHub API rate limit reached \(60 requests an hour\); it resets at \d\d:\d\d UTC \(in \d+ min\) /,
      /\(set GITHUB_TOKEN to raise the limit to 5,000 an hour, or use --offline\)\n$/,
    ]),
  );
  assert.equal(github.requests.length, 2, 'the commit request, then the tarball: a rate limit is not retried');
});

test('a rate limit with retry-after is reported as a RateLimitError', async () => {
  github.failNext(/tarball/, { kind: 'rate-limit' });
  await assert.rejects(discover(options({ tag: 'v0.5.25' })), RateLimitError);
});

test('retries two 500s with backoff, then succeeds', async () => {
  github.failNext(/tarball/, { kind: 'status', status: 500 }, 2);
  const { catalog } = await discover(options({ tag: 'v0.5.25' }));
  assert.equal(catalog.plugins.length, 13);
  assert.equal(github.restRequests.length, 4, 'the commit request, then the tarball three times');
});

test('gives up after a bounded number of 502s', async () => {
  github.failNext(/tarball/, { kind: 'status', status: 502 }, 10);
  await assert.rejects(discover(options({ tag: 'v0.5.25' })), /GitHub answered 502/);
  assert.equal(github.restRequests.length, 5, 'the commit request, then the tarball four times');
});

test('a tarball cut off half-way every time is retried, then answered offline; nothing is cached; the next run succeeds', async () => {
  github.failNext(/codeload/, { kind: 'cut' }, 10);
  const notices: string[] = [];
  const { servedFrom } = await discover(options({ tag: 'v0.5.25', onNotice: (message) => notices.push(message) }));
  assert.equal(servedFrom, 'bundled');
  assert.match(notices[0] ?? '', /^cannot reach GitHub at \S+ \(connection lost: .*\): served from the bundled catalog/);
  assert.equal(github.requests.filter((r) => r.path.startsWith('/codeload/')).length, 4);
  assert.deepEqual(files(cacheDir), []);
  github.reset();
  const { catalog } = await discover(options({ tag: 'v0.5.25' }));
  assert.equal(catalog.plugins.length, 13);
});

test('an unknown tag of a repository lists its nearest tags (through the paginated tags endpoint)', async () => {
  await assert.rejects(discover(options({ repo: 'acme/plugins', tag: 'v0.5.26' })), (error: unknown) => {
    assert.ok(error instanceof SourceError);
    assert.match(error.message, /no tag, branch or commit 'v0\.5\.26' in acme\/plugins on GitHub/);
    assert.match(error.hint ?? '', /v0\.5\.24, v0\.5\.25/);
    return true;
  });
});

test('an unknown flyteplugins version lists the nearest known versions without a request', async () => {
  await assert.rejects(discover(options({ tag: 'v0.5.99' })), /unknown version 'v0\.5\.99'/);
  assert.equal(github.requests.length, 0);
});

test('connection refused: answers from the bundled catalog with a notice naming it', async () => {
  const closed = await new FakeGitHub({}).start();
  const apiUrl = closed.apiUrl;
  await closed.close();
  const run = await runCli(['discover', '--tag', 'v0.5.25', '--json', '--cache-dir', cacheDir, '--api-url', apiUrl]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stderr,
    joinedRegExp([
      /^cannot reach GitHub at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): /,
      /served from the bundled catalog flyteorg\/flyteplugins v0\.5\.25 \([0-9a-f]{12}\)\n$/,
    ]),
  );
  const catalog = JSON.parse(run.stdout) as { source: { repo: string; tag: string }; plugins: { id: string }[] };
  assert.equal(catalog.source.tag, 'v0.5.25');
  assert.ok(catalog.plugins.some((plugin) => plugin.id === 'spark'));
});

test('offline: the user cache answers before the bundled catalogs', async () => {
  await discover(options({ tag: 'v0.5.25' }));
  const notices: string[] = [];
  const { servedFrom, catalog } = await discover(options({ tag: 'v0.5.25', offline: true, onNotice: (m) => notices.push(m) }));
  assert.equal(servedFrom, 'user-cache');
  assert.equal(catalog.plugins.length, 13);
  assert.match(notices[0] ?? '', /^offline: served from the user cache: flyteorg\/flyteplugins v0\.5\.25/);
});

test('offline with nothing cached or bundled says so, with the nearest bundled tags and what works for every command', async () => {
  await assert.rejects(
    discover(options({ repo: 'acme/plugins', tag: 'v9.9.9', offline: true })),
    /no cached or bundled catalog exists for acme\/plugins v9\.9\.9/,
  );
  const config = join(tempDir(), 'config.yaml');
  writeFileSync(config, 'tasks:\n  task-plugins:\n    enabled-plugins: [container]\n');
  const run = await runCli(['enable', 'spark', '--tag', 'v0.1.5', '-c', config, '--offline', '--cache-dir', cacheDir]);
  assert.equal(run.code, 2);
  assert.match(
    run.stderr,
    /\(nearest bundled: v0\.2\.0, v0\.2\.1, v0\.2\.2, v0\.2\.3; or scan a local clone: discover --source DIR --out catalog\.json/,
  );
});

test('a corrupt cache entry is discarded and fetched again', async () => {
  await discover(options({ tag: 'v0.5.25' }));
  for (const path of files(cacheDir).filter((file) => !file.startsWith('refs'))) writeFileSync(join(cacheDir, path), 'garbage');
  github.reset();
  const { catalog } = await discover(options({ tag: 'v0.5.25' }));
  assert.equal(catalog.plugins.length, 13);
  assert.equal(github.restRequests.length, 1);
  const store = new CacheStore(cacheDir);
  for (const path of files(cacheDir)) assert.ok(await store.read(path.split('/').map(decodeURIComponent)), path);
});

test('two processes filling one cache at once both succeed', async () => {
  const bin = join(projectRoot, 'bin', 'flyte-plugin-catalog.js');
  const args = [bin, 'discover', '--tag', 'v1.16.8', '--json', '--cache-dir', cacheDir, '--api-url', github.apiUrl];
  const [a, b] = await Promise.all([promisify(execFile)(process.execPath, args), promisify(execFile)(process.execPath, args)]);
  assert.equal(a.stdout, b.stdout);
  github.reset();
  const { servedFrom } = await discover(options({ tag: 'v1.16.8' }));
  assert.equal(servedFrom, 'user-cache');
  assert.equal(github.requests.length, 0);
  assert.equal(
    files(cacheDir).some((file) => file.endsWith('.tmp')),
    false,
  );
});

test('shows a download progress line on a terminal, and nothing when stderr is not one or with --json', async () => {
  const args = ['discover', '--tag', 'v0.5.25', '--cache-dir', cacheDir, '--api-url', github.apiUrl];
  const tty = await runCli(args, { stderrIsTTY: true });
  assert.equal(tty.code, 0);
  assert.match(tty.stderr, /\r\x1b\[2Kdownloading v0\.5\.25: \d+\.\d \/ \d+\.\d MB/);
  for (const [extra, stderrIsTTY, env] of [
    [[], false, {}],
    [['--json'], true, {}],
    [[], true, { CI: 'true' }],
  ] as const) {
    const quiet = await runCli([...args, '--cache-dir', tempDir('fpc-cache-'), ...extra], { stderrIsTTY, env });
    assert.equal(quiet.code, 0);
    assert.equal(quiet.stderr, '');
  }
});

test('--rescan skips the bundled catalog and the commit request: the tarball is downloaded and scanned', async () => {
  const { servedFrom } = await discover(options({ tag: 'v0.5.25', rescan: true }));
  assert.equal(servedFrom, 'scan');
  assert.deepEqual(
    github.restRequests.map((r) => r.path),
    ['/repos/flyteorg/flyteplugins/tarball/v0.5.25'],
  );
});
