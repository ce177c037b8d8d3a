import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { Catalog } from '../../src/catalog/schema.js';
import { planDisableChange, planEnableChange, type ChangeRequest } from '../../src/config/change.js';
import { parseConfigText } from '../../src/config/locate.js';
import { canReread, rereadBlock } from '../../src/config/reread.js';
import { applyLineEdits, type LineEdit } from '../../src/config/text.js';
import { ChangeRefusedError, ConfigError } from '../../src/errors.js';
import { fixture } from '../helpers.js';

const catalog = JSON.parse(readFileSync(fixture('config', 'catalog.json'), 'utf8')) as Catalog;

function request(text: string, names: string[], extra: Partial<ChangeRequest> = {}): ChangeRequest {
  const file = parseConfigText('config.yaml', text);
  const block = file.blocks[0];
  assert.ok(block);
  return { file, block, catalog, names, ...extra };
}

/** Every document of `text` as plain data, aliases resolved (throws on an alias without its anchor). */
function data(text: string): unknown[] {
  return parseAllDocuments(text).map((document) => document.toJS());
}

test('removing an item from a flow list keeps the anchors and tags of the items that stay', () => {
  const text = 'tasks:\n  task-plugins:\n    enabled-plugins: [ray, &s spark, !!str sidecar]\nother: *s\n';
  const after = planDisableChange(request(text, ['ray'])).after;
  assert.equal(after, 'tasks:\n  task-plugins:\n    enabled-plugins: [&s spark, !!str sidecar]\nother: *s\n');
  assert.deepEqual(data(after)[0], { tasks: { 'task-plugins': { 'enabled-plugins': ['spark', 'sidecar'] } }, other: 'spark' });
});

test('removing a default from a flow map keeps the anchor of a key that stays', () => {
  const text =
    'tasks:\n  task-plugins:\n    enabled-plugins: [spark, ray]\n' + '    default-for-task-types: {&k spark: spark, ray: ray}\nother: *k\n';
  const after = planDisableChange(request(text, ['ray'], { removeDefaults: true })).after;
  assert.match(after, /default-for-task-types: \{&k spark: spark\}\nother: \*k\n$/);
  assert.equal((data(after)[0] as { other: string }).other, 'spark');
});

test('an edit that would leave an alias without its anchor is not written', () => {
  // A file whose alias has no anchor is no YAML go-yaml reads; an edit never produces one (nor reads one).
  assert.throws(() => parseConfigText('config.yaml', 'tasks:\n  task-plugins:\n    enabled-plugins: [ray]\nother: *s\n'), ConfigError);
});

test('a block that held an anchor is read back from the whole file, never from its lines alone', () => {
  const text = 'tasks:\n  task-plugins:\n    enabled-plugins:\n      - &s spark\n      - ray\nother: *s\n';
  const file = parseConfigText('config.yaml', text);
  const block = file.blocks[0];
  assert.ok(block && canReread(file, block));
  // An edit that (wrongly) drops the anchor: its lines alone look fine, the file has an alias with no anchor.
  const edits: LineEdit[] = [{ from: 3, to: 4, lines: ['      - spark'] }];
  assert.equal(rereadBlock(block, text, applyLineEdits(text, edits), edits), undefined);
});

test('disabling on an open list refuses, or with --yes removes, a default that points at the disabled plugin', () => {
  const text = 'tasks:\n  task-plugins:\n    enabled-plugins: []\n    default-for-task-types:\n      spark: spark\n';
  assert.throws(() => planDisableChange(request(text, ['spark'])), ChangeRefusedError);
  // The refusal names the plugins the defaults point at, not every plugin disabled.
  assert.throws(() => planDisableChange(request(text, ['ray', 'spark'])), /still points at spark \(spark → spark\): propeller/);
  const after = planDisableChange(request(text, ['spark'], { removeDefaults: true })).after;
  const block = parseConfigText('config.yaml', after).blocks[0];
  assert.equal(block?.defaults?.entries.length, 0);
  assert.ok(block?.enabled?.names.includes('ray') && !block.enabled.names.includes('spark'));
});

test('enabled-plugins holding a value over several lines is refused, not read into the new list', () => {
  // A plain scalar `~ - sidecar` (the dash is no list item here): its second line would join the first new item.
  const text = 'tasks:\n  task-plugins:\n    enabled-plugins: ~\n      - sidecar\n';
  assert.throws(() => planDisableChange(request(text, ['spark'])), /no list but a value over several lines/);
  assert.throws(() => planEnableChange(request(text, ['ray'])), /no list but a value over several lines/);
});

test('an edit whose list reads back with anything more or less than intended is not written', () => {
  // `? key` in a flow list is a one-pair map, not a name; rewritten without its `?` it would become the name `key ray`.
  const text = 'tasks:\n  task-plugins:\n    enabled-plugins: [\n      spark,\n      ? key\n        ray,\n      sidecar,\n    ]\n';
  assert.throws(() => planDisableChange(request(text, ['spark'])), /did not read back as intended; the file was not written/);
});
