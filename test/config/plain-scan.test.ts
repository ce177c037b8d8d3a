import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isAlias, isCollection, isMap, isPair, isScalar, parseAllDocuments, visit } from 'yaml';
import { parseConfigText, parseWhole, type ConfigFile, type PluginsBlock } from '../../src/config/locate.js';
import { duplicateKey, PARSE_OPTIONS } from '../../src/config/parse.js';
import { scanPlain } from '../../src/config/plain-scan.js';
import { fixture, random, sharedConfigs } from '../helpers.js';

/** A node as the planners and locations read it: values, styles and the start and end of every range. */
function dump(node: unknown): unknown {
  if (isPair(node)) return { key: dump(node.key), value: dump(node.value) };
  // A merge key's value is a symbol, one per parse: compared by its name.
  if (isScalar(node)) return [typeof node.value === 'symbol' ? String(node.value) : node.value, node.type, node.range?.slice(0, 2)];
  if (isCollection(node)) return { range: node.range?.slice(0, 2), flow: Boolean(node.flow), items: node.items.map(dump) };
  return node === null || node === undefined ? node : String(node);
}

function shape(block: PluginsBlock): unknown {
  const { enabled, defaults } = block;
  return {
    where: [block.kind, block.label, block.path, block.documentIndex, Boolean(block.embedded), block.shared],
    pair: dump(block.pair),
    map: block.map && dump(block.map),
    enabled: enabled && [dump(enabled.pair), enabled.names, enabled.items.map((item) => [dump(item.node), item.alias, item.shared])],
    defaults: defaults && [dump(defaults.pair), defaults.form, defaults.entries.map((entry) => [dump(entry.node), entry.shared])],
  };
}

/** The paths of keys, through maps, of every map in a document (what `mapAt` is asked), and a few that are none. */
function mapPaths(node: unknown, path: string[] = [], paths: string[][] = [[], ['nothing'], ['tasks', 'nothing']]): string[][] {
  if (!isMap(node)) return paths;
  if (path.length > 0) paths.push(path);
  for (const pair of node.items) if (isScalar(pair.key)) mapPaths(pair.value, [...path, String(pair.key.value)], paths);
  return paths;
}

/** What reading a text gives: its blocks and legacy lists and every map `mapAt` finds, or the error it is refused with. */
function outcome(read: (path: string, text: string) => ConfigFile, text: string): unknown {
  try {
    const file = read('values.yaml', text);
    const paths = mapPaths(parseWhole('values.yaml', text).documents[0]?.contents);
    return { blocks: file.blocks.map(shape), legacy: file.legacy, maps: paths.map((keys) => [keys, dump(file.mapAt(keys))]) };
  } catch (error) {
    return String(error);
  }
}

const fixtures = readdirSync(fixture('config'))
  .filter((name) => existsSync(fixture('config', name, 'input.yaml')))
  .map((name) => fixture('config', name, 'input.yaml'));
const shared = existsSync(sharedConfigs)
  ? readdirSync(sharedConfigs)
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => join(sharedConfigs, name))
  : [];
const texts = [...fixtures, ...shared].map((path) => readFileSync(path, 'utf8'));

test('a plain file is read from its blocks’ lines alone, and gives exactly what a parse of the whole file gives', () => {
  for (const text of texts) assert.deepEqual(outcome(parseConfigText, text), outcome(parseWhole, text));
  const plain = ['propeller-config', 'flyte-core-commented-item', 'umbrella-chart', 'flyte-binary-inline', 'indentless-at-end'];
  for (const name of plain)
    assert.equal(parseConfigText('input.yaml', readFileSync(fixture('config', name, 'input.yaml'), 'utf8')).plain, true);
  const values = join(sharedConfigs, 'flyte-v1.16.8__charts_flyte-core_values.yaml');
  if (existsSync(values)) assert.equal(parseConfigText('values.yaml', readFileSync(values, 'utf8')).plain, true);
});

test('a plain file still has its documents, parsed when first asked for, and its maps, parsed alone', () => {
  const text = 'image:\n  tag: v1\ntasks:\n  task-plugins:\n    enabled-plugins:\n      - container\n';
  const file = parseConfigText('values.yaml', text);
  assert.equal(file.plain, true);
  assert.equal(file.mapAt(['image'])?.get('tag'), 'v1');
  assert.deepEqual(file.mapAt(['tasks', 'task-plugins'])?.toJSON(), { 'enabled-plugins': ['container'] });
  assert.equal(file.mapAt(['image', 'tag']), undefined);
  assert.equal(file.documents.length, 1);
  assert.equal(file.documents[0]?.getIn(['image', 'tag']), 'v1');
  assert.equal(file.documents, file.documents);
});

const BLOCK = 'tasks:\n  task-plugins:\n    enabled-plugins:\n      - container\n';
/** Texts the scan does not vouch for: each is parsed whole, and an error anywhere in it is reported as before. */
const NOT_PLAIN: [string, RegExp | undefined][] = [
  [`a: 1\n${BLOCK}a: 2\n`, /line 6\): the key 'a' appears twice/],
  [`${BLOCK}other: a: b\n`, /is not valid YAML \(line 5\)/],
  [`${BLOCK}other: "a\\q"\n`, /is not valid YAML \(line 5\)/],
  [`${BLOCK}other: |\n    \n  text\n`, /is not valid YAML/],
  [`${BLOCK}other: *x\n`, /an alias has no anchor/],
  [`x: &x 1\n${BLOCK}other: *x\n`, undefined],
  [`${BLOCK}other: one\n  two\n`, undefined],
  [`${BLOCK}other: [a, b]\n`, undefined],
  [`${BLOCK}\tother: 1\n`, /is not valid YAML/],
  [`${BLOCK}other: a\tb\r\n`, undefined],
  [`%YAML 1.1\n---\n${BLOCK}`, undefined],
  [`${BLOCK}---\nother: 1\n`, undefined],
  [`${BLOCK}1: a\n1.0: b\n`, /the key '1' appears twice/],
  [`${BLOCK}true: a\nTrue: b\n`, /the key 'true' appears twice/],
  [`kind: ConfigMap\ndata:\n  config.yaml: |\n    ${BLOCK.replaceAll('\n', '\n    ')}\n`, undefined],
  ['tasks:\n  task-plugins:\n  - container\n', undefined],
  ['- a\n- b\n', undefined],
];

test('what the scan does not vouch for is parsed whole: an error anywhere in the file is still reported, with its line', () => {
  for (const [text, error] of NOT_PLAIN) {
    assert.equal(scanPlain(text), undefined, text);
    if (error) assert.throws(() => parseConfigText('values.yaml', text), error, text);
    else assert.equal(parseConfigText('values.yaml', text).plain, false, text);
  }
});

/** Shapes near the edge of what the scan vouches for: keys, values and block scalars that read differently alone or in 1.1. */
const EDGES = [
  'yes: 1\nYes: 2\non: a\n',
  'a: a#b\nb: x:\u00a0y\nc: x]\nd: x,y\ne: <<\nf: -x\ng: --\n',
  'a: # c\n  b: 1\n"": 2\n_: 3\nk.v/w-: 4\n',
  'a: |+\n  x\n\n     \n  y\n',
  'flytepropeller:\n  image:\n    tag: |+\n      v1.2.3\n\n    \n  x: {}\n  # c\n',
  'tasks:\n  task-plugins:\n    enabled-plugins:\n    - |\n     container\n    - >-\n     x\n\n     y\n',
  'tasks:\n  task-plugins:\n    default-for-task-types:\n      - container: |\n         c\n  other: 1\n',
  "tasks:\n  task-plugins:\n    enabled-plugins:\n      - <<\n      - \"a\\\"b\"\n      - 'it''s'\n      -\n# c\n  ",
  '  x: 1\n  tasks:\n    task-plugins: {}\n  # c\n  y: 2',
  'tasks:\n task-plugins:\n       enabled-plugins:\n        - container\n',
];

test('edge shapes read plain give what a whole parse gives', () => {
  for (const edge of EDGES) {
    const text = edge.includes('tasks:') ? edge : `${edge}\n${BLOCK}`;
    assert.ok(scanPlain(text), text);
    assert.deepEqual(outcome(parseConfigText, text), outcome(parseWhole, text), text);
  }
});

/** Small changes to a line of a real config, most near its task-plugins block: keys, values, indentation, characters. */
function mutate(text: string, next: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const lines = text.split('\n');
  const near = lines.flatMap((line, index) => (/task-plugins|enabled-plugins|default-for|tasks:|container/.test(line) ? [index] : []));
  for (let count = 1 + Math.floor(next() * 3); count > 0; count--) {
    const around = near.length > 0 && next() < 0.8 ? pick(near) + Math.floor(next() * 5) - 2 : Math.floor(next() * lines.length);
    const index = Math.max(0, Math.min(lines.length - 1, around));
    const line = lines[index] ?? '';
    const value = pick(['x', 'a: b', 'a:', '"x"', '"x\\q"', "'x'", '[]', '{}', '[a]', '|', '|-', '-', '- x', '-x', '&a x', '*a', '']);
    const key = pick(['tasks', 'task-plugins', 'enabled-plugins', 'plugins', 'kind', '"a"', "'task-plugins'", 'true', '1', '<<']);
    const char = pick([' ', ':', '#', '-', '"', "'", '|', '&', '*', '[', '{', '\\', '\t', ' #', ': ']);
    const at = Math.floor(next() * (line.length + 1));
    const edits = [
      () => lines.splice(index, 1, ` ${line}`),
      () => lines.splice(index, 1, line.replace(/^ {1,2}/, '')),
      () => lines.splice(index, 1, line.replace(/: .*$/, `: ${value}`)),
      () => lines.splice(index, 1, line.replace(/^(\s*(?:- )?)[^:\s]+:/, `$1${key}:`)),
      () => lines.splice(index, 0, line),
      () => lines.splice(index, 1),
      () => lines.splice(index, 0, `${/^\s*/.exec(line)?.[0]}${pick(['- x', '# c', '', '  ', 'a: 1', 'task-plugins:', 'b: |'])}`),
      () => lines.splice(index, 1, line.slice(0, at) + char + line.slice(at)),
    ];
    pick(edits)();
  }
  return lines.join('\n');
}

/** The scan's promise: what it accepts parses without errors, keys twice, anchors, aliases, tags or merge keys. */
function assertClean(text: string): void {
  const documents = parseAllDocuments(text, PARSE_OPTIONS);
  assert.ok(Array.isArray(documents) && documents.length === 1, text);
  const [document] = documents;
  assert.ok(document && document.errors.length === 0 && !duplicateKey(document), text);
  visit(document, {
    Node: (_, node) => assert.ok(!isAlias(node) && !node.anchor && !node.tag, text),
    Pair: (_, pair) => assert.ok(!isScalar(pair.key) || typeof pair.key.value !== 'symbol', text),
  });
}

for (const seed of [1, 2, 3]) {
  test(`changed real configs read plain give what a whole parse gives, or are parsed whole (seed ${seed})`, () => {
    const next = random(seed);
    let plain = 0;
    for (let round = 0; round < 400; round++) {
      const text = mutate(texts[Math.floor(next() * texts.length)] ?? '', next);
      if (scanPlain(text)) {
        plain++;
        assertClean(text);
      }
      assert.deepEqual(outcome(parseConfigText, text), outcome(parseWhole, text), text);
    }
    assert.ok(plain > 50, `only ${plain} changed configs were read plain`);
  });
}
