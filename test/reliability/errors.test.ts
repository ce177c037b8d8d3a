// The error contract (issue 7, "The error contract"): every failure is one line on stderr and the exit code
// of its class; a closed stdout pipe ends quietly; --debug adds a stack that names the TypeScript files;
// cache entries are checked, not trusted; nothing from a scanned repository reaches the terminal raw.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { CacheStore } from '../../src/cache/store.js';
import { CATALOG_SCHEMA_VERSION } from '../../src/catalog/version.js';
import { main } from '../../src/cli/main.js';
import { fixture, projectRoot, runCli, tempDir } from '../helpers.js';
import { joinedRegExp } from '../regexp.js';

const bin = join(projectRoot, 'bin', 'flyte-plugin-catalog.js');

function runBin(
  args: string[],
  options: { shell?: string; env?: NodeJS.ProcessEnv } = {},
): { code: number | null; stdout: string; stderr: string } {
  const command = options.shell ?? '';
  const result = command
    ? spawnSync(
        'bash',
        ['--norc', '--noprofile', '-c', command.replaceAll('CLI', `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)}`)],
        { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: tempDir(), ...options.env } },
      )
    : spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, ...options.env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function assertOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.split('\n').filter((line) => line && !/^offline: served from/.test(line));
  assert.equal(lines.length, 1, `one line on stderr, got:\n${stderr}`);
  assert.match(lines[0] ?? '', /^error: /);
  assert.match(lines[0] ?? '', pattern);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace without --debug');
}

test('an --out that is a folder, or in a missing folder, is one line and exit 2', () => {
  const dir = tempDir();
  for (const out of [dir, join(dir, 'missing', 'x.json')]) {
    const run = runBin(['discover', '--tag', 'v0.5.25', '--offline', '--out', out]);
    assert.equal(run.code, 2, run.stderr);
    assertOneLine(run.stderr, /.+/);
  }
});

test('a reader that closes the pipe early ends the program quietly', () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash expansion, not a template
  const run = runBin([], { shell: 'CLI tags -o json | head -c 10 >/dev/null; echo "status=${PIPESTATUS[0]}" >&2' });
  assert.match(run.stderr, /^status=0\n$/, run.stderr);
});

test('a full disk on standard output is one line and exit 2', { skip: !existsSync('/dev/full') }, () => {
  const run = runBin([], { shell: 'CLI tags > /dev/full' });
  assert.equal(run.code, 2);
  assert.equal(run.stderr, 'error: cannot write to standard output (ENOSPC)\n');
});

test('an error nobody foresaw is one line and exit 2; --debug adds its stack', async () => {
  const failing = (): PassThrough => {
    const stream = new PassThrough();
    stream.write = () => {
      throw new TypeError('boom');
    };
    return stream;
  };
  for (const debug of [false, true]) {
    const stderr = new PassThrough();
    const chunks: Buffer[] = [];
    stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const args = ['list', '--catalog', fixture('config', 'catalog.json'), ...(debug ? ['--debug'] : [])];
    const code = await main(args, { stdout: failing(), stderr, env: {}, cwd: projectRoot });
    const text = Buffer.concat(chunks).toString('utf8');
    assert.equal(code, 2);
    assert.match(text.split('\n')[0] ?? '', /^error: unexpected failure: boom \(run again with --debug for the stack, and report it\)$/);
    if (debug) assert.match(text, /\n\s+at /);
    else assert.equal(text.split('\n').filter(Boolean).length, 1);
  }
});

test("--debug prints a stack that names the TypeScript source, through the bundle's source map", () => {
  const run = runBin(['discover', '--tag', 'v0.5.25', '--offline', '--out', tempDir(), '--debug']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^error: /m);
  assert.match(run.stderr, /src\/[\w/-]+\.ts:\d+/);
});

test('check without a config says what it needs, and hints at nothing it does not take', async () => {
  const run = await runCli(['check', '--catalog', fixture('config', 'catalog.json')]);
  assert.equal(run.code, 2);
  assert.equal(run.stderr, 'error: check needs a config file (check -c values.yaml [-c values-eks.yaml], or check a.yaml b.yaml)\n');
  const empty = join(tempDir(), 'values.yaml');
  writeFileSync(empty, 'replicaCount: 1\n');
  const none = await runCli(['check', '-c', empty, '--catalog', fixture('config', 'catalog.json')]);
  assert.equal(none.code, 2);
  assertOneLine(none.stderr, /values\.yaml has no task-plugins section/);
  assert.doesNotMatch(none.stderr, /--yaml-path/);
});

test('a name holding a newline or escape sequences makes a one-line error', async () => {
  const config = join(tempDir(), 'config.yaml');
  writeFileSync(config, 'tasks:\n  task-plugins:\n    enabled-plugins:\n      - container\n');
  const run = await runCli(['enable', 'spa\nrk\x1b[2J', '-c', config, '--catalog', fixture('config', 'catalog.json')]);
  assert.equal(run.code, 1);
  assertOneLine(run.stderr, /unknown plugin 'spa\\nrk\\x1b\[2J'/);
});

test('IDs, task types and paths from a scanned repository never reach the terminal as control characters', async () => {
  const catalog = JSON.parse(readFileSync(fixture('config', 'catalog.json'), 'utf8')) as {
    plugins: { id: string; taskTypes: string[] | null; file: string }[];
  };
  const evil = 'evil\x1b[2J\x1b]0;pwned\x07\u009b31m\u2028';
  const first = catalog.plugins[0];
  assert.ok(first);
  first.id = evil;
  first.taskTypes = [`${evil}-type`];
  first.file = `go/${evil}.go`;
  const path = join(tempDir(), 'catalog.json');
  writeFileSync(path, JSON.stringify(catalog));
  const config = join(tempDir(), 'config.yaml');
  writeFileSync(config, `tasks:\n  task-plugins:\n    enabled-plugins:\n      - ${JSON.stringify(evil)}\n`);
  const runs = [
    await runCli(['list', '--catalog', path]),
    await runCli(['show', evil, '--catalog', path]),
    await runCli(['check', '-c', config, '--catalog', path]),
    await runCli(['list', '--catalog', path, '-o', 'yaml']),
  ];
  for (const run of runs) {
    // eslint-style ranges: ESC, BEL, C1 CSI and LINE SEPARATOR must all come out escaped.
    assert.doesNotMatch(run.stdout + run.stderr, /[\x07\x1b\u009b\u2028]/, run.stdout + run.stderr);
  }
  assert.match(runs[0]?.stdout ?? '', /evil\\x1b\[2J\\x1b\]0;pwned\\x07\\x9b31m\\u2028/);
});

test('a cached catalog that is not JSON, or not a catalog, is deleted, said once, and the answer still comes', async () => {
  const commit = '275483f1ab73b0337f6cde14c51f0add114c3736';
  for (const payload of ['{"schemaVersion": 1, "plugins": "not a list"}', 'not json at all']) {
    const cacheDir = tempDir();
    const store = new CacheStore(cacheDir);
    await store.write(['refs', 'flyteorg', 'flyteplugins', 'v0.5.25'], JSON.stringify({ commit }));
    const version = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
    const key = ['catalogs', 'flyteorg', 'flyteplugins', commit, '-', `${version}+${CATALOG_SCHEMA_VERSION}.json`];
    await store.write(key, payload);
    const entry = join(cacheDir, ...key.map((part) => encodeURIComponent(part)));
    assert.ok(existsSync(entry), entry);
    const run = await runCli(['discover', '--tag', 'v0.5.25', '--offline', '--cache-dir', cacheDir, '--json']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { source: { commit: string } }).source.commit, commit);
    assert.match(
      run.stderr,
      joinedRegExp([
        /cache entry catalogs\/flyteorg\/flyteplugins\/275483f1ab73b0337f6cde14c51f0add114c3736\/-\/.+ /,
        /was unusable \((not JSON|unexpected shape: .+)\); deleted/,
      ]),
    );
    assert.equal(existsSync(entry), false);
    mkdirSync(join(cacheDir, 'x'), { recursive: true });
  }
});

test('YAML output escapes what a terminal would act on, and still reads back as the same strings', async () => {
  const { parse } = await import('yaml');
  const { toYaml } = await import('../../src/cli/yaml-output.js');
  const value = [{ id: 'a\u009bb\u2028c\x1bd', plain: 'spark', 'k\u2029': 'v' }];
  const text = toYaml(value);
  assert.doesNotMatch(text, /[\x1b\u009b\u2028\u2029]/);
  assert.deepEqual(parse(text), value);
});

test("an edit of ours that no longer parses blames the edit, not the user's file", async () => {
  const { reparse } = await import('../../src/config/change.js');
  assert.throws(
    () => reparse('/x/values.yaml', 'tasks.task-plugins', 'tasks: [\n'),
    (error: Error & { hint?: string }) => {
      assert.match(
        error.message,
        /^the edit of tasks\.task-plugins in \/x\/values\.yaml did not give valid YAML \(.+\); the file was not written$/,
      );
      assert.match(error.hint ?? '', /a bug of flyte-plugin-catalog/);
      return true;
    },
  );
});
