import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { fixture, runCli } from '../helpers.js';
import { joinedRegExp } from '../regexp.js';

const catalog = fixture('config', 'catalog.json');

test('list prints the IDs of a version as a table, JSON or YAML', async () => {
  const table = await runCli(['list', '--catalog', catalog]);
  assert.equal(table.code, 0);
  assert.match(table.stdout, /^agent-service\s+remote\s+\(run time\)/m);
  const json = JSON.parse((await runCli(['list', '--catalog', catalog, '-o', 'json'])).stdout) as { id: string }[];
  const yaml = parse((await runCli(['list', '--catalog', catalog, '-o', 'yaml'])).stdout) as { id: string }[];
  assert.deepEqual(
    json.map((p) => p.id),
    yaml.map((p) => p.id),
  );
  assert.equal(json.length, 12);
});

test('list works offline from a bundled catalog', async () => {
  const run = await runCli(['list', '--tag', 'v0.5.25']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^qubole-hive-executor\s+core\s+hive/m);
});

test('show tells kind, task types, defaults and where it is registered', async () => {
  const run = await runCli(['show', 'SPARK', '--catalog', catalog]);
  assert.equal(run.code, 0);
  assert.match(
    run.stdout,
    joinedRegExp([
      /^spark\n {2}kind: {10}k8s\n {2}task types: {4}spark\n/,
      / {2}default for: {3}spark\n {2}is default: {4}no\n/,
      / {2}registered at: go\/tasks\/plugins\/k8s\/spark\/plugin\.go:10 in init\(\)/,
    ]),
  );
  const runtime = await runCli(['show', 'agent-service', '--catalog', catalog]);
  assert.match(
    runtime.stdout,
    /task types: {4}configured at run time \(cfg\.SupportedTaskTypes, read at go\/tasks\/plugins\/webapi\/agent\/[\w.]+:\d+\)/,
  );
  const unknown = await runCli(['show', 'sprak', '--catalog', catalog]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /did you mean 'spark'/);
});
