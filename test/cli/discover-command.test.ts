import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { CatalogSchema } from '../../src/catalog/schema.js';
import { fixture, projectRoot, runCli, tempDir } from '../helpers.js';
import { joinedRegExp } from '../regexp.js';

test('prints a table and a one-line summary', async () => {
  const run = await runCli(['discover', '--source', fixture('scan', 'all-shapes')]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^ID\s+KIND\s+TASK TYPES/m);
  assert.match(run.stdout, /^relay-service\s+remote\s+\(run time\)/m);
  assert.match(run.stdout, /^13 plugin IDs \(13 registrations, 3 flagged\), 2 unresolved/m);
});

test('--json prints only the catalog on stdout', async () => {
  const run = await runCli(['discover', '--source', fixture('scan', 'all-shapes'), '--json']);
  assert.equal(run.code, 0);
  assert.equal(run.stderr, '');
  assert.equal(CatalogSchema.parse(JSON.parse(run.stdout)).plugins.length, 13);
});

test('--out writes the catalog file and leaves no temp file', async () => {
  const dir = tempDir();
  const run = await runCli(['discover', '--source', fixture('scan', 'all-shapes'), '--out', join(dir, 'catalog.json')]);
  assert.equal(run.code, 0);
  assert.equal(CatalogSchema.parse(JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8'))).plugins.length, 13);
  assert.deepEqual(readdirSync(dir), ['catalog.json']);
});

test('bad input: one line on stderr, exit code 2, nothing on stdout', async () => {
  for (const args of [
    ['discover', '--source', fixture('scan', 'no-module')],
    ['discover', '--source', fixture('scan', 'legacy-v1')],
    ['discover', '--source', fixture('scan', 'missing-folder')],
  ]) {
    const run = await runCli(args);
    assert.equal(run.code, 2, args.join(' '));
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^error: [^\n]+\n$/, run.stderr);
  }
});

test('an unknown option is a usage error with exit code 2', async () => {
  const run = await runCli(['discover', '--frobnicate']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /unknown option '--frobnicate'/);
});

test('the installed bin sets the exit code of the process', async () => {
  const bin = join(projectRoot, 'bin', 'flyte-plugin-catalog.js');
  await assert.rejects(
    promisify(execFile)(process.execPath, [bin, 'discover', '--source', fixture('scan', 'no-registrations')]),
    (error: { code?: number; stderr?: string }) => {
      assert.equal(error.code, 2);
      assert.match(error.stderr ?? '', /^error: no plugin registrations/);
      return true;
    },
  );
});

test("--flyte-version of every release the issue names is answered offline, linked from that release's propeller", async () => {
  const expected: Record<string, [string, string, string]> = {
    'v0.18.2': ['flyteorg/flyteplugins', 'v0.9.0', 'v0.16.4'],
    'v1.0.0': ['flyteorg/flyteplugins', 'v1.0.0', 'v1.0.0'],
    'v1.5.0': ['flyteorg/flyteplugins', 'v1.0.45', 'v1.1.76'],
    'v1.8.0': ['flyteorg/flyteplugins', 'v1.1.8', 'v1.1.106'],
    'v1.9.1': ['flyteorg/flyteplugins', 'v1.1.16', 'v1.1.116'],
    'v1.10.0': ['flyteorg/flyte', 'flyteplugins/v1.9.37', 'flytepropeller/v1.9.37'],
    'v1.13.0': ['flyteorg/flyte', 'flyteplugins/v1.13.0', 'flytepropeller/v1.13.0'],
    'v1.16.8': ['flyteorg/flyte', 'flyteplugins/v1.16.8', 'flytepropeller/v1.16.8'],
    'v2.0.0': ['flyteorg/flyte', 'v2.0.0', 'v2.0.0'],
    'v2.0.43': ['flyteorg/flyte', 'v2.0.43', 'v2.0.43'],
  };
  for (const [release, [repo, tag, propeller]] of Object.entries(expected)) {
    const run = await runCli(['discover', '--flyte-version', release, '--offline', '--json', '--cache-dir', tempDir()]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`^offline: served from the bundled catalog Flyte ${release.replace(/\./g, '\\.')} → `));
    const catalog = CatalogSchema.parse(JSON.parse(run.stdout));
    assert.deepEqual(
      [catalog.source.repo, catalog.source.tag, catalog.source.linkedFrom?.ref, catalog.source.release],
      [repo, tag, propeller, release],
    );
    assert.ok(
      catalog.plugins.every((plugin) => plugin.linked !== null),
      `${release}: every plugin says whether propeller links it`,
    );
  }
});

test('v1.8.0 links what propeller v1.1.106 imports: spark and the agent yes, presto and examples no', async () => {
  const run = await runCli(['discover', '--flyte-version', 'v1.8.0', '--offline', '--json', '--cache-dir', tempDir()]);
  const linked = (id: string) => CatalogSchema.parse(JSON.parse(run.stdout)).plugins.find((plugin) => plugin.id === id)?.linked;
  assert.deepEqual(['spark', 'agent-service', 'presto', 'service-a'].map(linked), [true, true, false, false]);
});

test('Flyte 2 before its executor existed says why in one line', async () => {
  const run = await runCli(['discover', '--flyte-version', 'v2.0.0-alpha9', '--offline', '--cache-dir', tempDir()]);
  assert.equal(run.code, 2);
  assert.equal(
    run.stderr,
    'error: Flyte v2.0.0-alpha9 has no plugins to check against: a Flyte 2 pre-release without executor/ (no propeller yet)\n',
  );
});

test('--tag given a Flyte release, and --flyte-version given a flyteplugins tag, say which flag was meant', async () => {
  const release = await runCli(['discover', '--tag', 'v1.8.0', '--offline', '--cache-dir', tempDir()]);
  assert.equal(release.code, 2);
  assert.match(
    release.stderr,
    joinedRegExp([
      /^error: 'v1\.8\.0' is a Flyte release, not a flyteplugins version; /,
      /its propeller runs flyteorg\/flyteplugins v1\.1\.8 \(use --flyte-version v1\.8\.0\)\n$/,
    ]),
  );
  const plugins = await runCli(['discover', '--flyte-version', 'v1.1.8', '--offline', '--cache-dir', tempDir()]);
  assert.equal(plugins.code, 2);
  assert.equal(plugins.stderr, "error: 'v1.1.8' is a flyteplugins version, not a Flyte release (use --tag v1.1.8)\n");
});

test('aliases resolve offline: flyteplugins/1.15.1, and v1.9.2 (the commit of flyteplugins/v1.9.1)', async () => {
  for (const [tag, commit] of [
    ['flyteplugins/1.15.1', 'flyteplugins/v1.15.1'],
    ['v1.9.2', 'flyteplugins/v1.9.1'],
  ] as const) {
    const run = await runCli(['discover', '--tag', tag, '--offline', '--json', '--cache-dir', tempDir()]);
    assert.equal(run.code, 0, run.stderr);
    const other = await runCli(['discover', '--tag', commit, '--offline', '--json', '--cache-dir', tempDir()]);
    assert.equal(CatalogSchema.parse(JSON.parse(run.stdout)).source.commit, CatalogSchema.parse(JSON.parse(other.stdout)).source.commit);
  }
});
