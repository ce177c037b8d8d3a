import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { CatalogSchema } from '../../src/catalog/schema.js';
import { fixture, projectRoot, runCli, tempDir } from '../helpers.js';

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

test('--flyte-version of a release cut on its module tag is answered offline from the bundled catalog', async () => {
  const run = await runCli(['discover', '--flyte-version', 'v1.16.8', '--offline', '--json', '--cache-dir', tempDir()]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^offline: served from the bundled catalog flyteorg\/flyte flyteplugins\/v1\.16\.8 \(51877f899c9f\)\n$/);
  assert.equal(CatalogSchema.parse(JSON.parse(run.stdout)).source.path, 'flyteplugins');
});
