import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { chooseBlock } from '../../src/config/read.js';
import { planDisable, planEnable, planRemoveDefault, planSetDefault } from '../../src/config/edit.js';
import { parseConfigText, type PluginsBlock } from '../../src/config/locate.js';
import { canReread, rereadBlock } from '../../src/config/reread.js';
import { applyLineEdits, type LineEdit } from '../../src/config/text.js';
import { fixture, random } from '../helpers.js';

/** What the planners read from a block: names, defaults and the offsets of every node they splice at. */
function shape(block: PluginsBlock): unknown {
  return {
    label: block.label,
    text: block.text,
    map: block.map?.range,
    enabled: block.enabled && {
      key: block.enabled.pair.key && (block.enabled.pair.key as { range?: unknown }).range,
      seq: block.enabled.seq?.range,
      flow: Boolean(block.enabled.seq?.flow),
      items: block.enabled.items.map((item) => [item.name, item.node.range, item.alias, item.shared]),
      shared: block.enabled.shared,
    },
    defaults: block.defaults && {
      form: block.defaults.form,
      entries: block.defaults.entries.map((entry) => [entry.taskType, entry.plugin, (entry.pair.value as { range?: unknown }).range]),
      shared: block.defaults.shared,
    },
  };
}

type Step = (block: PluginsBlock) => LineEdit[];

const STEPS: Step[] = [
  (block) => planEnable(block, 'ray'),
  (block) => planEnable(block, 'spark'),
  (block) => planSetDefault(block, 'spark', 'spark'),
  (block) => planSetDefault(block, 'ray', 'ray'),
  (block) => planDisable(block, 'ray'),
  (block) => planRemoveDefault(block, 'spark'),
  (block) => planDisable(block, 'container'),
];

const shapes = readdirSync(fixture('config')).filter(
  (name) => existsSync(fixture('config', name, 'input.yaml')) && !name.startsWith('manifest-'),
);

for (const name of shapes) {
  test(`a block re-read alone after each edit is the block a parse of the whole file gives (${name})`, () => {
    let text = readFileSync(fixture('config', name, 'input.yaml'), 'utf8');
    const file = parseConfigText('input.yaml', text);
    let block = chooseBlock(file, undefined);
    const reread = canReread(file, block);
    let reads = 0;
    for (const step of STEPS) {
      let edits: LineEdit[];
      try {
        edits = step(block);
      } catch {
        continue; // a refusal (a flow map to write into, say) is the planners' business, not this test's
      }
      if (edits.length === 0) continue;
      const after = applyLineEdits(text, edits);
      const whole = parseConfigText('input.yaml', after).blocks.find((candidate) => candidate.label === block.label);
      assert.ok(whole);
      const alone = reread ? rereadBlock(block, text, after, edits) : undefined;
      if (alone) {
        reads++;
        assert.deepEqual(shape(alone), shape(whole));
      }
      text = after;
      block = whole;
    }
    if (reread && !['flow-list', 'empty-flow-list'].includes(name)) assert.ok(reads > 0, 'the block was never re-read alone');
  });
}

const VALUES =
  'configmap:\n  enabled_plugins:\n    tasks:\n      task-plugins:\n        enabled-plugins:\n          - container\n  other: 1\n';

function firstBlock(text: string): PluginsBlock {
  const block = parseConfigText('values.yaml', text).blocks[0];
  assert.ok(block);
  return block;
}

function rereadable(text: string): boolean {
  const file = parseConfigText('values.yaml', text);
  const block = file.blocks[0];
  assert.ok(block);
  return canReread(file, block);
}

test('an edit that ends the block early, or breaks it, is not vouched for: the whole file is parsed instead', () => {
  const block = firstBlock(VALUES);
  const dedent: LineEdit[] = [{ from: 6, to: 6, lines: ['      sneaky: 1'] }];
  assert.equal(rereadBlock(block, VALUES, applyLineEdits(VALUES, dedent), dedent), undefined);
  const broken: LineEdit[] = [{ from: 6, to: 6, lines: ['          - [unclosed'] }];
  assert.equal(rereadBlock(block, VALUES, applyLineEdits(VALUES, broken), broken), undefined);
  const outside: LineEdit[] = [{ from: 6, to: 7, lines: ['  other: 2'] }];
  assert.equal(rereadBlock(block, VALUES, applyLineEdits(VALUES, outside), outside), undefined);
  const duplicate: LineEdit[] = [{ from: 6, to: 6, lines: ['        enabled-plugins: []'] }];
  assert.equal(rereadBlock(block, VALUES, applyLineEdits(VALUES, duplicate), duplicate), undefined);
  const anchored: LineEdit[] = [{ from: 6, to: 6, lines: ['          - &a ray'] }];
  assert.equal(rereadBlock(block, VALUES, applyLineEdits(VALUES, anchored), anchored), undefined);
  const fine: LineEdit[] = [{ from: 6, to: 6, lines: ['          - ray'] }];
  assert.deepEqual(rereadBlock(block, VALUES, applyLineEdits(VALUES, fine), fine)?.enabled?.names, ['container', 'ray']);
});

test('a YAML 1.1 document, a block inside a flow map, or a ConfigMap string is never re-read alone', () => {
  const yaml11 = `%YAML 1.1\n---\n${VALUES}`;
  assert.equal(rereadable(yaml11), false);
  const flow = 'tasks: {\n  task-plugins: {enabled-plugins: [container]}\n  }\n';
  assert.equal(rereadable(flow), false);
  const manifest = readFileSync(fixture('config', 'manifest-block-literal', 'input.yaml'), 'utf8');
  const file = parseConfigText('manifest.yaml', manifest);
  const embedded = file.blocks.find((block) => block.embedded);
  assert.ok(embedded);
  assert.equal(canReread(file, embedded), false);
  assert.equal(rereadable(VALUES), true);
});

const NAMES = ['container', 'ray', "'spark'", '"sidecar"', 'k8s-array'];
const COMMENTS = ['# note', '#', '  # - spark', '    # deeper', '', '   ', '#\ttab'];

/** A flyte-core values file with a random list, comments and blank lines anywhere, and what follows the block. */
function randomValues(next: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const lines = ['configmap:', '  enabled_plugins:', '    tasks:', '      task-plugins:'];
  const body = [`        enabled-plugins:${next() < 0.2 ? ' # list' : ''}`];
  const dash = next() < 0.3 ? '        - ' : '          - ';
  for (const name of NAMES.filter(() => next() < 0.6)) body.push(`${dash}${name}${next() < 0.2 ? '  # why' : ''}`);
  if (body.length === 1) body[0] = '        enabled-plugins: []';
  if (next() < 0.5) body.push('        default-for-task-types:', '          container: container');
  for (let index = body.length; index > 0; index--) if (next() < 0.2) body.splice(index, 0, pick(COMMENTS));
  lines.push(...body);
  lines.push(...[pick(['', '      other: 1', '    sibling: {}', '  top: 1', '# end', '---', 'x: 1'])].filter(Boolean));
  let text = lines.join('\n') + (next() < 0.7 ? '\n' : '');
  if (next() < 0.2) text = text.replace(/\n/g, '\r\n');
  return text;
}

for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
  test(`random lists and comment placements: the block re-read alone is the block of the whole file (seed ${seed})`, () => {
    const next = random(seed);
    let reads = 0;
    for (let round = 0; round < 25; round++) {
      let text = randomValues(next);
      let block = firstBlock(text);
      assert.ok(rereadable(text));
      for (const step of STEPS.filter(() => next() < 0.7)) {
        let edits: LineEdit[];
        try {
          edits = step(block);
        } catch {
          continue;
        }
        if (edits.length === 0) continue;
        const after = applyLineEdits(text, edits);
        const whole = firstBlock(after);
        const alone = rereadBlock(block, text, after, edits);
        if (alone) assert.deepEqual(shape(alone), shape(whole), JSON.stringify({ text, after }));
        reads += alone ? 1 : 0;
        text = after;
        block = whole;
      }
    }
    assert.ok(reads > 10, `only ${reads} edits were re-read alone`);
  });
}
