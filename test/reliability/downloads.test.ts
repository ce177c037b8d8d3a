import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { CacheStore } from '../../src/cache/store.js';
import { discover, type DiscoverOptions } from '../../src/discover.js';
import { RequestError } from '@octokit/request-error';
import { SourceError, UsageError } from '../../src/errors.js';
import { describeGitHubError, RateLimitError } from '../../src/source/github/octokit.js';
import { githubSettingsFromEnv, type GitHubSettings } from '../../src/source/github/settings.js';
import { ArchiveRefusedError, DownloadLimitError } from '../../src/source/github/tarball.js';
import { FakeGitHub } from '../github-server.js';
import { fixture, git, gitRepoFromFixture, runCli, tempDir } from '../helpers.js';
import { joinedRegExp } from '../regexp.js';
import { fixtureEntries, lazyTar, serveBytes, serveLazy, serveStall, tarGzOf, type TarEntry } from './archives.js';
import { LoggingProxy, silentHost } from './servers.js';

const MB = 1024 * 1024;
const GB = 1024 * MB;
const SHA = 'c0ffee'.padEnd(40, '1');
const TOP = `acme-plugins-${SHA.slice(0, 7)}`;

let github: FakeGitHub;
let plugins: string;
let cacheDir: string;

before(async () => {
  plugins = gitRepoFromFixture('scan', 'all-shapes');
  git(plugins, 'tag', 'v0.5.25');
  github = await new FakeGitHub({ 'flyteorg/flyteplugins': plugins, 'acme/plugins': plugins }).start();
});

after(() => github.close());

beforeEach(() => {
  github.reset();
  cacheDir = tempDir('fpc-cache-');
});

function options(settings: Partial<GitHubSettings> = {}, extra: Partial<DiscoverOptions> = {}): DiscoverOptions {
  return { cacheDir, repo: 'acme/plugins', tag: 'v1.0.0', github: { apiUrl: github.apiUrl, retryDelay: () => 0, ...settings }, ...extra };
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) => statSync(join(dir, path)).isFile());
}

/** The all-shapes fixture as GitHub would send it for acme/plugins at SHA, plus any extra entries. */
function goodArchive(extra: TarEntry[] = [], top = TOP, commit = SHA): Buffer {
  return tarGzOf([{ path: `${top}/`, type: 'Directory' }, ...fixtureEntries(fixture('scan', 'all-shapes'), top), ...extra], commit);
}

async function rejectsWith(
  promise: Promise<unknown>,
  kind: new (...args: never[]) => Error,
  message: RegExp,
  hint?: RegExp,
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof kind, String(error));
    assert.match(error.message, message);
    if (hint) assert.match((error as { hint?: string }).hint ?? '', hint);
    return true;
  });
}

// 9. Unbounded memory: every cap stops the download with one line naming the limit and how to raise it.

test('a 2 GB body stops at the download limit: bounded bytes read, the env var named, nothing cached', async () => {
  let sent = 0;
  github.failNext(/tarball/, {
    kind: 'handler',
    handle: serveLazy(() => lazyTar(TOP, SHA, 'data/blob.bin', 2 * GB), { level: 0, onSent: (n) => (sent = n) }),
  });
  await rejectsWith(
    discover(options({ limits: { compressedBytes: 1 * MB } })),
    DownloadLimitError,
    /^the download of acme\/plugins@v1\.0\.0 is over the 1 MB limit/,
    /FLYTE_PLUGIN_CATALOG_MAX_DOWNLOAD_MB/,
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(sent < 64 * MB, `${sent} bytes made for a client that stopped at 1 MB`);
  assert.deepEqual(files(cacheDir), []);
});

test('a 2 GB body at the default limits streams at full speed to the 100 MB cap (no pause per chunk)', async () => {
  github.failNext(/tarball/, { kind: 'handler', handle: serveLazy(() => lazyTar(TOP, SHA, 'data/blob.bin', 2 * GB), { level: 0 }) });
  const started = Date.now();
  await rejectsWith(discover(options()), DownloadLimitError, /over the 100 MB limit/);
  assert.ok(Date.now() - started < 15_000, `${Date.now() - started} ms for 100 MB`);
});

test('a Content-Length over the download limit is refused before the body is read', async () => {
  github.failNext(/tarball/, {
    kind: 'handler',
    handle: (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-gzip', 'content-length': String(2 * GB) });
      response.write(Buffer.alloc(1024));
    },
  });
  await rejectsWith(discover(options({ limits: { compressedBytes: 1 * MB } })), DownloadLimitError, /over the 1 MB limit/);
});

test('a small gzip holding a 2 GB Go file stops at the per-file limit when the file would be kept', async () => {
  github.failNext(/tarball/, {
    kind: 'handler',
    handle: serveLazy(() => lazyTar(TOP, SHA, 'go/tasks/plugins/big/big.go', 2 * GB), { level: 1 }),
  });
  await rejectsWith(
    discover(options({ limits: { fileBytes: 1 * MB } })),
    DownloadLimitError,
    /^the file go\/tasks\/plugins\/big\/big\.go of acme\/plugins@v1\.0\.0 is over the 1 MB limit/,
    /FLYTE_PLUGIN_CATALOG_MAX_FILE_MB/,
  );
});

test('a small gzip expanding to 2 GB stops at the expanded limit', async () => {
  github.failNext(/tarball/, { kind: 'handler', handle: serveLazy(() => lazyTar(TOP, SHA, 'assets/big.bin', 2 * GB), { level: 1 }) });
  await rejectsWith(
    discover(options({ limits: { expandedBytes: 8 * MB } })),
    DownloadLimitError,
    /^the unpacked archive of acme\/plugins@v1\.0\.0 is over the 8 MB limit/,
    /FLYTE_PLUGIN_CATALOG_MAX_EXPANDED_MB/,
  );
  assert.deepEqual(files(cacheDir), []);
});

test('a Content-Encoding: gzip bomb counts the decoded bytes against the download limit', async () => {
  github.failNext(/tarball/, {
    kind: 'handler',
    handle: serveLazy(() => lazyTar(TOP, SHA, 'assets/big.bin', 2 * GB), { level: 0, encoded: true }),
  });
  await rejectsWith(
    discover(options({ limits: { compressedBytes: 2 * MB } })),
    DownloadLimitError,
    /^the download of .* is over the 2 MB limit/,
  );
});

test('a legitimate Content-Encoding: gzip archive is scanned and cached (Content-Length counts the encoded bytes)', async () => {
  const encoded = gzipSync(goodArchive());
  github.failNext(/tarball/, { kind: 'handler', handle: serveBytes(encoded, { 'content-encoding': 'gzip' }) });
  const { catalog } = await discover(options());
  assert.equal(catalog.plugins.length, 13);
  assert.equal(catalog.source.commit, SHA);
  assert.ok(files(cacheDir).includes(join('archives', 'acme', 'plugins', `${SHA}.tar.gz`)), files(cacheDir).join());
});

test('the limits are read from the environment, in MB', async () => {
  github.failNext(/tarball/, { kind: 'handler', handle: serveBytes(goodArchive()) });
  const env = { FLYTE_PLUGIN_CATALOG_MAX_DOWNLOAD_MB: '0.001' };
  const run = await runCli(['discover', '--repo', 'acme/plugins', '--tag', 'v1.0.0', '--cache-dir', cacheDir, '--api-url', github.apiUrl], {
    env,
  });
  assert.equal(run.code, 2);
  assert.match(
    run.stderr,
    joinedRegExp([
      /^error: the download of acme\/plugins@v1\.0\.0 is over the 0\.0+1 MB limit; stopped, nothing was cached /,
      /\(set FLYTE_PLUGIN_CATALOG_MAX_DOWNLOAD_MB to a larger number of MB to allow it\)\n$/,
    ]),
  );
  const bad = await runCli(['discover', '--repo', 'acme/plugins', '--tag', 'v1.0.0', '--cache-dir', cacheDir, '--api-url', github.apiUrl], {
    env: { FLYTE_PLUGIN_CATALOG_MAX_FILE_MB: 'lots' },
  });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /FLYTE_PLUGIN_CATALOG_MAX_FILE_MB must be a positive number/);
});

test('only the Go files the scan reads are kept: a huge Go file outside the plugin folder costs nothing', async () => {
  const top = 'acme-mono-c0ffee1';
  const entries = [
    ...fixtureEntries(fixture('scan', 'monorepo-linked'), top),
    { path: `${top}/flyteidl/gen/huge.go`, body: Buffer.alloc(2 * MB, 'a') },
  ];
  github.failNext(/tarball/, { kind: 'handler', handle: serveBytes(tarGzOf(entries, SHA)) });
  const { catalog } = await discover(options({ limits: { fileBytes: 1 * MB } }, { repo: 'acme/mono', path: 'flyteplugins' }));
  assert.deepEqual(
    catalog.plugins.map((plugin) => [plugin.id, plugin.linked]),
    [
      ['alpha', true],
      ['beta', false],
    ],
  );

  const inside = [...entries, { path: `${top}/flyteplugins/go/tasks/plugins/alpha/huge.go`, body: Buffer.alloc(2 * MB, 'a') }];
  github.failNext(/tarball/, { kind: 'handler', handle: serveBytes(tarGzOf(inside, SHA)) });
  await rejectsWith(
    discover(options({ limits: { fileBytes: 1 * MB } }, { repo: 'acme/mono2', path: 'flyteplugins' })),
    DownloadLimitError,
    /huge\.go/,
  );
});

test('the download goes to the cache file as it arrives, which takes its name only once the archive is whole', async () => {
  const archive = goodArchive([{ path: `${TOP}/data/noise.bin`, body: randomBytes(256 * 1024) }]);
  const half = Math.floor(archive.length / 2);
  let sendRest = (): void => undefined;
  github.failNext(/tarball/, {
    kind: 'handler',
    handle: (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-gzip', 'content-length': String(archive.length) });
      response.write(archive.subarray(0, half));
      sendRest = () => response.end(archive.subarray(half));
    },
  });
  const run = discover(options());
  const folder = join(cacheDir, 'archives', 'acme', 'plugins');
  // The first half is on disk while the second has not been sent: it is not held until the end.
  for (let tries = 0; !files(cacheDir).some((path) => statSync(join(cacheDir, path)).size >= half); tries++) {
    assert.ok(tries < 500, `no file of ${half} bytes or more in the cache: ${files(cacheDir).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.match(files(folder).join(), /^\.entry\.flyte-plugin-catalog\.\d+\.[0-9a-f]{8}\.tmp$/);
  sendRest();
  assert.equal((await run).servedFrom, 'scan');
  assert.deepEqual(files(folder), [`${SHA}.tar.gz`]);
  assert.deepEqual(await new CacheStore(cacheDir).read(['archives', 'acme', 'plugins', `${SHA}.tar.gz`]), archive);
});

// 10. A connection dropped mid-body is retried like one dropped before the headers.

test('a body cut off once is retried and the scan succeeds', async () => {
  github.failNext(/codeload/, { kind: 'cut' });
  const { catalog, servedFrom } = await discover(options({}, { repo: undefined, tag: 'v0.5.25' }));
  assert.equal(servedFrom, 'scan');
  assert.equal(catalog.plugins.length, 13);
  assert.equal(github.requests.filter((request) => request.path.startsWith('/codeload/')).length, 2);
});

test('a body cut off on every attempt ends in the bundled answer (exit 0) after the retry budget', async () => {
  github.failNext(/codeload/, { kind: 'cut' }, 10);
  const notices: string[] = [];
  const { servedFrom } = await discover(options({}, { repo: undefined, tag: 'v0.5.25', onNotice: (m) => notices.push(m) }));
  assert.equal(servedFrom, 'bundled');
  assert.match(
    notices[0] ?? '',
    /^cannot reach GitHub at \S+ \(connection lost: [^)]*\): served from the bundled catalog flyteorg\/flyteplugins v0\.5\.25/,
  );
  assert.equal(github.requests.filter((request) => request.path.startsWith('/codeload/')).length, 4);
  assert.deepEqual(files(cacheDir), []);
});

// 12. The archive is checked, not trusted.

test('an archive whose folder names another commit than its pax comment is refused; nothing is cached', async () => {
  github.failNext(/tarball/, { kind: 'handler', handle: serveBytes(goodArchive([], 'acme-plugins-deadbee')) });
  const run = await runCli(['discover', '--repo', 'acme/plugins', '--tag', 'v1.0.0', '--cache-dir', cacheDir, '--api-url', github.apiUrl]);
  assert.equal(run.code, 2);
  assert.match(
    run.stderr,
    joinedRegExp([
      /^error: the archive of acme\/plugins@v1\.0\.0 says commit c0ffee1+ but its folder is 'acme-plugins-deadbee'; /,
      /refused, nothing was cached \([^\n]+\)\n$/,
    ]),
  );
  assert.deepEqual(files(cacheDir), []);
});

test("the scanner loads during the download: a refused archive is still the error, a scanner that cannot load is the scan's", async () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown): void => {
    unhandled.push(reason);
  };
  process.on('unhandledRejection', record);
  try {
    // An engine setting that names no engine fails the scanner's load, which starts before the archive is read.
    github.failNext(/tarball/, { kind: 'handler', handle: serveBytes(goodArchive([], 'acme-plugins-deadbee')) });
    await rejectsWith(discover(options({}, { engine: 'rust' })), ArchiveRefusedError, /says commit c0ffee1+ but its folder/);
    github.failNext(/tarball/, { kind: 'handler', handle: serveBytes(goodArchive()) });
    await rejectsWith(discover(options({}, { engine: 'rust' })), UsageError, /^FLYTE_PLUGIN_CATALOG_ENGINE=rust names no engine$/);
    // The archive and the tag's commit are cached (written while the scan ran) by the time the scan's error is.
    assert.deepEqual(files(cacheDir).sort(), [`archives/acme/plugins/${SHA}.tar.gz`, 'refs/acme/plugins/v1.0.0']);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', record);
  }
});

for (const [name, path] of [
  ['a path with ..', `${TOP}/../../evil/plugin.go`],
  ['an absolute path', '/etc/evil/plugin.go'],
  ['a path outside its one top folder', 'another-folder/go/tasks/plugins/evil/plugin.go'],
] as const) {
  test(`an archive holding ${name} is refused`, async () => {
    github.failNext(/tarball/, { kind: 'handler', handle: serveBytes(goodArchive([{ path, body: 'package evil\n' }])) });
    await rejectsWith(discover(options()), ArchiveRefusedError, new RegExp(`holds ${name.replace('.', '\\.')}`));
    assert.deepEqual(files(cacheDir), []);
  });
}

test('symlinks and hard links in an archive are ignored, not followed', async () => {
  const links: TarEntry[] = [
    { path: `${TOP}/go/tasks/plugins/sneaky/plugin.go`, type: 'SymbolicLink', linkpath: '/etc/passwd' },
    { path: `${TOP}/go/tasks/plugins/hard/plugin.go`, type: 'Link', linkpath: `${TOP}/go/tasks/plugins/concat/plugin.go` },
  ];
  github.failNext(/tarball/, { kind: 'handler', handle: serveBytes(goodArchive(links)) });
  const { catalog } = await discover(options());
  assert.equal(catalog.plugins.length, 13);
  assert.ok(catalog.plugins.every((plugin) => !/sneaky|hard/.test(plugin.file)));
});

// 13. --repo and refs never reach a request path unchecked.

test('--repo is OWNER/NAME as GitHub spells them; anything else is a usage error before any request', async () => {
  for (const repo of [
    'a/b/../../c',
    '../..',
    '-acme/plugins',
    'acme-/plugins',
    'ac--me/plugins',
    'acme/..',
    'acme/.',
    'acme/plu gins',
    'acme',
    `${'a'.repeat(40)}/b`,
  ]) {
    await assert.rejects(discover(options({}, { repo })), UsageError, repo);
  }
  for (const tag of ['..', '../../x', 'a/../b', 'v1..2', '.hidden', 'x/', 'a b', 'x.lock']) {
    await assert.rejects(discover(options({}, { tag })), UsageError, tag);
  }
  assert.equal(github.requests.length, 0);
  const run = await runCli(['discover', '--repo', '../..', '--tag', 'main', '--cache-dir', cacheDir, '--api-url', github.apiUrl]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^error: --repo takes OWNER\/NAME as GitHub spells them, not '\.\.\/\.\.'/);
});

test('a ref with / is sent as one encoded path segment', async () => {
  github.failNext(/tarball/, { kind: 'status', status: 404 });
  await assert.rejects(discover(options({}, { repo: 'acme/plugins', tag: 'flyteplugins/v1.16.8' })));
  assert.equal(github.requests[0]?.rawPath, '/repos/acme/plugins/tarball/flyteplugins%2Fv1.16.8');
});

// 11. An unresponsive host is given up on quickly; a slow body that keeps sending is not.

test('a host that accepts and never answers: the bundled answer after the header limit, not 30 s', async () => {
  const host = await silentHost();
  try {
    const started = Date.now();
    const notices: string[] = [];
    const result = await discover({
      cacheDir,
      tag: 'v0.5.25',
      github: { apiUrl: host.url, timeoutMs: 200, retryDelay: () => 0 },
      onNotice: (m) => notices.push(m),
    });
    assert.equal(result.servedFrom, 'bundled');
    assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
    assert.match(notices[0] ?? '', /^cannot reach GitHub at \S+ \(no response within 200 ms\): served from the bundled catalog/);
  } finally {
    await host.close();
  }
});

test('a body that stops sending is given up on after the idle limit, then answered offline', async () => {
  github.failNext(/codeload/, { kind: 'handler', handle: serveStall(goodArchive()) });
  const started = Date.now();
  const notices: string[] = [];
  const result = await discover(options({ idleTimeoutMs: 200 }, { repo: undefined, tag: 'v0.5.25', onNotice: (m) => notices.push(m) }));
  assert.equal(result.servedFrom, 'bundled');
  assert.ok(Date.now() - started < 3000);
  assert.match(notices[0] ?? '', /\(no data for 200 ms\)/);
});

test('a body slower than the header limit succeeds while bytes keep arriving', async () => {
  const body = goodArchive();
  github.failNext(/tarball/, {
    kind: 'handler',
    handle: (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-gzip', 'content-length': String(body.length) });
      const step = Math.ceil(body.length / 6);
      let at = 0;
      const timer = setInterval(() => {
        response.write(body.subarray(at, at + step));
        at += step;
        if (at >= body.length) {
          clearInterval(timer);
          response.end();
        }
      }, 100);
    },
  });
  const { catalog } = await discover(options({ timeoutMs: 250, idleTimeoutMs: 250 }));
  assert.equal(catalog.plugins.length, 13);
});

// 14. Proxies from the environment, for every request; NO_PROXY bypasses them.

test('HTTP_PROXY carries every request (API and the download it redirects to); NO_PROXY bypasses it', async () => {
  const proxy = await new LoggingProxy().start();
  try {
    const { catalog } = await discover(
      options(githubSettingsFromEnv({ http_proxy: proxy.url }, github.apiUrl), { repo: undefined, tag: 'v0.5.25' }),
    );
    assert.equal(catalog.plugins.length, 13);
    const port = new URL(github.apiUrl).port;
    assert.ok(proxy.log.length >= 1, 'the proxy saw nothing');
    assert.ok(
      proxy.log.every((line) => line === `CONNECT 127.0.0.1:${port}` || line.startsWith(`GET http://127.0.0.1:${port}/`)),
      proxy.log.join('\n'),
    );
    assert.equal(github.requests.length, 3, 'the commit request, the API request and the download');

    proxy.log.length = 0;
    const bypass = githubSettingsFromEnv(
      { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: 'example.com,127.0.0.1' },
      github.apiUrl,
    );
    await discover(options(bypass, { repo: undefined, tag: 'v0.5.25', cacheDir: tempDir('fpc-cache-') }));
    assert.deepEqual(proxy.log, []);
  } finally {
    await proxy.close();
  }
});

// 15. Rate limits and persistent errors say which, when, and what to do.

function githubError(status: number, headers: Record<string, string>, message = 'API rate limit exceeded'): RequestError {
  return new RequestError(message, status, {
    request: { method: 'GET', url: 'https://api.github.com/repos/a/b/tarball/v1', headers: {} },
    response: { status, url: 'https://api.github.com/repos/a/b/tarball/v1', headers, data: { message } },
  });
}

const NOW = new Date('2025-03-01T12:00:00Z');
const SETTINGS: GitHubSettings = { apiUrl: 'https://api.github.com' };

function described(error: RequestError, settings = SETTINGS): Error & { hint?: string } {
  return describeGitHubError(error, 'the archive of a/b@v1', settings, { now: NOW });
}

test('Retry-After as an HTTP date or an absurd number of seconds is read, not a RangeError', () => {
  const date = described(githubError(429, { 'x-ratelimit-remaining': '4000', 'retry-after': 'Sat, 01 Mar 2025 12:05:00 GMT' }));
  assert.ok(date instanceof RateLimitError);
  assert.match(date.message, /secondary rate limit .* while 4000 requests of the hourly limit remain; retry after 5 min \(at 12:05 UTC\)/);
  const huge = described(githubError(403, { 'x-ratelimit-remaining': '10', 'retry-after': '99999999999' }));
  assert.match(huge.message, /retry after 168 h \(at 2025-03-08 12:00 UTC\)/);
  const garbage = described(githubError(429, { 'retry-after': 'soon' }));
  assert.match(garbage.message, /secondary rate limit.*; retry after a minute or more$/);
});

test('the secondary limit is not described as the primary one; the primary says its size and reset', () => {
  const secondary = described(
    githubError(
      403,
      { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4990' },
      'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    ),
  );
  assert.ok(secondary instanceof RateLimitError);
  assert.doesNotMatch(secondary.message, /5000 requests an hour/);
  assert.match(
    secondary.message,
    joinedRegExp([
      /^GitHub's secondary rate limit \(too many requests at once\) was hit while 4990 requests of the hourly limit remain; /,
      /retry after a minute or more$/,
    ]),
  );
  assert.match(secondary.hint ?? '', /wait .* run fewer at once, or use --offline/);
  const reset = String(Math.floor(NOW.getTime() / 1000) + 1800);
  const primary = described(githubError(403, { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }), {
    ...SETTINGS,
    token: 't',
  });
  assert.equal(primary.message, 'GitHub API rate limit reached (5000 requests an hour); it resets at 12:30 UTC (in 30 min)');
  assert.equal(primary.hint, 'wait for the reset, or use --offline');
});

test('persistent 5xx and 403 errors say what to do; a 404 says what is missing in plain words', () => {
  assert.match(described(githubError(503, {}, 'Service Unavailable')).hint ?? '', /githubstatus\.com.*--offline/);
  assert.match(
    described(githubError(403, { 'x-ratelimit-remaining': '50' }, 'Resource not accessible')).hint ?? '',
    /token may lack access.*--offline/,
  );
  const missing = describeGitHubError(githubError(404, {}, 'Not Found'), 'x', SETTINGS, {
    notFound: "GitHub has no tag, branch or commit 'v9' in a/b",
  });
  assert.equal(missing.message, "GitHub has no tag, branch or commit 'v9' in a/b");
});

test('an end-to-end secondary limit: one line, exit 2, no retry', async () => {
  github.failNext(/tarball/, {
    kind: 'handler',
    handle: (_request, response) => {
      response.writeHead(403, {
        'content-type': 'application/json',
        'x-ratelimit-limit': '60',
        'x-ratelimit-remaining': '59',
        'retry-after': '60',
      });
      response.end(JSON.stringify({ message: 'You have exceeded a secondary rate limit.' }));
    },
  });
  const run = await runCli(['discover', '--repo', 'acme/plugins', '--tag', 'v1.0.0', '--cache-dir', cacheDir, '--api-url', github.apiUrl]);
  assert.equal(run.code, 2);
  assert.match(
    run.stderr,
    joinedRegExp([
      /^error: GitHub's secondary rate limit \(too many requests at once\) was hit while 59 requests of the hourly limit remain; /,
      /retry after 60 s \(at \d\d:\d\d UTC\) \(wait that long/,
    ]),
  );
  assert.equal(github.requests.length, 1);
});

test('a 404 for a tag the bundled index knows does not offer that tag as its own nearest tag', async () => {
  github.failNext(/tarball/, { kind: 'status', status: 404 });
  await assert.rejects(discover(options({}, { repo: undefined, tag: 'v0.5.25' })), (error: unknown) => {
    assert.ok(error instanceof SourceError);
    assert.match(error.message, /^no tag, branch or commit 'v0\.5\.25' in flyteorg\/flyteplugins on GitHub$/);
    assert.doesNotMatch(error.hint ?? '', /nearest tags:.*v0\.5\.25/);
    assert.match(error.hint ?? '', /the bundled index knows v0\.5\.25: --offline answers from it/);
    return true;
  });
});
