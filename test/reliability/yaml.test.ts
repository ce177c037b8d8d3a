import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { joinedRegExp } from '../regexp.js';
import { checkText, configFile, edit, editName, fatal, read } from './yaml-helpers.js';

// Issue 7, "YAML as people write it": anchors, aliases and merge keys; folded double-quoted ConfigMap strings;
// names that YAML 1.1 readers (viper/go-yaml, PyYAML) would read as something else unless quoted.

// ---- 6. Aliases and merge keys are read as YAML 1.1 reads them, and no edit goes through them ----

const aliasOfList = `lists:
  base: &p
    - container
    - sidecar
tasks:
  task-plugins:
    enabled-plugins: *p
`;

test('6a. enabled-plugins: *p is read as the anchored list, and an edit through the alias is refused naming &p', async () => {
  const { code, reports } = await checkText(aliasOfList);
  assert.equal(code, 0, JSON.stringify(reports));
  assert.deepEqual(reports[0]?.enabled, ['container', 'sidecar']);
  assert.deepEqual(fatal(reports[0]), []);
  const config = configFile(aliasOfList);
  for (const args of [
    ['disable', 'container', '--yes'],
    ['enable', 'ray'],
  ]) {
    const run = await edit(config, args);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /^error: cannot edit tasks\.task-plugins\.enabled-plugins: it is the alias \*p of &p \(line 2\)/);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.equal(read(config), aliasOfList);
  }
  const already = await edit(config, ['enable', 'sidecar']);
  assert.equal(already.code, 0, already.stderr);
  assert.match(already.stdout, /^No changes/);
});

test('6b. an alias item (- *c) is seen: disable removes the item and says the anchor is unchanged', async () => {
  const text = `names:\n  c: &c container\ntasks:\n  task-plugins:\n    enabled-plugins:\n      - *c\n      - sidecar\n`;
  const { reports } = await checkText(text);
  assert.deepEqual(reports[0]?.enabled, ['container', 'sidecar']);
  const config = configFile(text);
  const run = await edit(config, ['disable', 'container']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /disabled container \(removed the alias item \*c; &c itself is unchanged\)/);
  assert.equal(read(config), `names:\n  c: &c container\ntasks:\n  task-plugins:\n    enabled-plugins:\n      - sidecar\n`);
});

test('6c. removing an item that defines an anchor used elsewhere is refused', async () => {
  const text = `tasks:\n  task-plugins:\n    enabled-plugins:\n      - &c container\n      - sidecar\nother: *c\n`;
  const config = configFile(text);
  const run = await edit(config, ['disable', 'container']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /cannot edit tasks\.task-plugins\.enabled-plugins: it is anchored &c \(line 4\) and 1 alias elsewhere use it/);
  assert.equal(read(config), text);
});

const mergedList = `base: &b
  enabled-plugins: [container, sidecar]
tasks:
  task-plugins:
    <<: *b
    default-for-task-types:
      container: container
`;

test('6d. a merge key supplying enabled-plugins is read, and editing through it is refused naming &b', async () => {
  const { code, reports } = await checkText(mergedList);
  assert.equal(code, 0);
  assert.deepEqual(reports[0]?.enabled, ['container', 'sidecar']);
  const config = configFile(mergedList);
  for (const args of [
    ['disable', 'sidecar'],
    ['enable', 'ray'],
  ]) {
    const run = await edit(config, args);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^error: cannot edit tasks\.task-plugins\.enabled-plugins: it comes from the merge key <<: \*b \(&b, line 1\)/,
    );
    assert.equal(read(config), mergedList);
  }
  // The defaults are written in the map itself: they can still be edited.
  const run = await edit(config, ['enable', 'sidecar', '--default-for', 'sidecar']);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(parse(read(config), { merge: true }).tasks['task-plugins']['default-for-task-types'], {
    container: 'container',
    sidecar: 'sidecar',
  });
});

test('6e. merge-key precedence: explicit keys win over merged ones, earlier merged maps over later ones', async () => {
  const explicit = `a: &a\n  enabled-plugins: [container, sidecar]\ntasks:\n  task-plugins:\n    <<: *a\n    enabled-plugins: [ray]\n`;
  assert.deepEqual((await checkText(explicit)).reports[0]?.enabled, ['ray']);
  const order =
    `a: &a\n  enabled-plugins: [ray]\nb: &b\n  enabled-plugins: [container, pod]\n  default-for-task-types: {ray: ray}\n` +
    `tasks:\n  task-plugins:\n    <<: [*a, *b]\n`;
  const { code, reports } = await checkText(order);
  assert.equal(code, 1, 'ray alone leaves python-task tasks with no plugin');
  assert.deepEqual(
    reports[0]?.findings.map((finding) => finding.rule),
    ['task-type-without-plugin'],
  );
  assert.deepEqual(reports[0]?.enabled, ['ray']);
  assert.deepEqual(
    reports[0]?.routes.find((route) => route.taskType === 'ray'),
    { taskType: 'ray', plugin: 'ray', why: 'default-for-task-types' },
  );
});

test('6f. a merge key supplying the whole task-plugins map, or tasks, is read and refused for edits', async () => {
  const wholeMap = `templates:\n  plugins: &t\n    task-plugins:\n      enabled-plugins: [container, sidecar]\ntasks:\n  <<: *t\n`;
  const whole = await checkText(wholeMap);
  assert.deepEqual(
    whole.reports.map((report) => report.enabled),
    [['container', 'sidecar']],
  );
  const config = configFile(wholeMap);
  const run = await edit(config, ['disable', 'container']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /cannot edit tasks\.task-plugins\.enabled-plugins: it comes from the merge key <<: \*t \(&t, line 2\)/);
  const tasks = `x-defaults: &d\n  tasks:\n    task-plugins:\n      enabled-plugins: [container, sidecar]\n<<: *d\n`;
  const both = await checkText(tasks);
  assert.deepEqual(
    both.reports.map((report) => [report.config, report.enabled]),
    [
      ['x-defaults.tasks.task-plugins', ['container', 'sidecar']],
      ['tasks.task-plugins', ['container', 'sidecar']],
    ],
  );
  const refused = await edit(configFile(tasks), ['enable', 'ray', '--yaml-path', 'tasks.task-plugins']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /it comes from the merge key <<: \*d \(&d, line 1\)/);
});

test('6g. an anchored list used elsewhere (backup: *p) is not edited; an anchor nothing uses is', async () => {
  const shared = `tasks:\n  task-plugins:\n    enabled-plugins: &p\n      - container\n      - sidecar\nbackup: *p\n`;
  const config = configFile(shared);
  for (const args of [
    ['disable', 'container'],
    ['enable', 'ray'],
  ]) {
    const run = await edit(config, args);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      joinedRegExp([
        /^error: cannot edit tasks\.task-plugins\.enabled-plugins: it is anchored &p \(line 3\) and 1 alias elsewhere use it: /,
        /the edit would change them too \(/,
      ]),
    );
    assert.equal(read(config), shared);
  }
  const alone = configFile(`tasks:\n  task-plugins:\n    enabled-plugins: &p [container, sidecar]\n`);
  const run = await edit(alone, ['enable', 'ray']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(read(alone), `tasks:\n  task-plugins:\n    enabled-plugins: &p [container, sidecar, ray]\n`);
});

test('6h. defaults through merge keys and aliases: read resolved; a merged default is not removed in place', async () => {
  const text =
    `d: &d\n  ray: ray\ntasks:\n  task-plugins:\n    enabled-plugins: [container, ray]\n` +
    `    default-for-task-types:\n      <<: *d\n      container: container\n`;
  const { reports } = await checkText(text);
  assert.deepEqual(reports[0]?.routes.find((route) => route.taskType === 'ray')?.why, 'default-for-task-types');
  const config = configFile(text);
  const run = await edit(config, ['disable', 'ray', '--yes']);
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /cannot edit tasks\.task-plugins\.default-for-task-types\.ray: it comes from the merge key <<: \*d \(&d, line 1\)/,
  );
  assert.equal(read(config), text);
});

test('6i. layered check (several -c) still resolves aliases and merge keys', async () => {
  const { runCli } = await import('../helpers.js');
  const { catalog } = await import('./yaml-helpers.js');
  const run = await runCli(['check', '-c', configFile(mergedList), '-c', configFile('other: 1\n'), '--catalog', catalog, '-o', 'json']);
  assert.equal(run.code, 0, run.stdout);
  assert.deepEqual((JSON.parse(run.stdout) as { reports: { enabled: string[] }[] }).reports[0]?.enabled, ['container', 'sidecar']);
});

// ---- 8. Names written into YAML are quoted when a YAML 1.1 reader would read them as something else ----

const oddIds = [
  'true',
  'no',
  'null',
  'on',
  'y',
  '~',
  'Off',
  '1.0',
  '0x1f',
  '012',
  '1:20',
  '2001-12-14',
  '.inf',
  '1e3',
  'a: b',
  'a #b',
  'a,b',
  '*star',
  '&amp',
  '!bang',
  '%pct',
  '@at',
  '`tick',
  '-dash',
  '?q',
  '[br',
  '{br',
  '<<',
  '=',
  "it's",
  '"dq',
  'tab\there',
  'bell\u0007',
  'ls\u2028x',
  'nel\u0085x',
  'bom\ufeffx',
  'plain-ok',
];

const oddShapes: { name: string; text: string; style: RegExp; path: (doc: Record<string, unknown>) => unknown }[] = [
  {
    name: 'block list, plain',
    text: 'tasks:\n  task-plugins:\n    enabled-plugins:\n      - container\n',
    style: /^ {6}- (?!\s)/m,
    path: innerList,
  },
  {
    name: 'block list, single-quoted',
    text: "tasks:\n  task-plugins:\n    enabled-plugins:\n      - 'container'\n",
    style: /^ {6}- ['"]/m,
    path: innerList,
  },
  {
    name: 'block list, double-quoted',
    text: 'tasks:\n  task-plugins:\n    enabled-plugins:\n      - "container"\n',
    style: /^ {6}- "/m,
    path: innerList,
  },
  { name: 'flow list', text: 'tasks:\n  task-plugins:\n    enabled-plugins: [container]\n', style: /\[container, /, path: innerList },
];

function innerList(doc: Record<string, unknown>): unknown {
  return ((doc.tasks as Record<string, unknown>)['task-plugins'] as Record<string, unknown>)['enabled-plugins'];
}

function parse11(text: string): Record<string, unknown> {
  return parse(text, { version: '1.1' }) as Record<string, unknown>;
}

const oddIdsTitle =
  `8a. ${oddIds.length} odd IDs in ${oddShapes.length} list shapes: ` +
  "each is written so YAML 1.1 reads it back exactly, in the list's quoting style";

test(oddIdsTitle, async () => {
  const { oddCatalog } = await import('./yaml-helpers.js');
  const odd = oddCatalog(oddIds.map((id) => ({ id, taskTypes: [`${id}-type`] })));
  for (const shape of oddShapes) {
    for (const id of oddIds) {
      const config = configFile(shape.text);
      const run = await editName(config, 'enable', id, [], odd);
      assert.equal(run.code, 0, `${shape.name} ${JSON.stringify(id)}: ${run.stderr}`);
      const text = read(config);
      assert.deepEqual(shape.path(parse11(text)), ['container', id], `${shape.name} ${JSON.stringify(id)}:\n${text}`);
      assert.match(text, shape.style, `${shape.name} ${JSON.stringify(id)}`);
      if (shape.name.includes('single') && !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/u.test(id)) assert.match(text, /^ {6}- '.*'$/m);
      const again = await editName(config, 'disable', id, [], odd);
      assert.equal(again.code, 0, `${shape.name} ${JSON.stringify(id)}: ${again.stderr}`);
      assert.deepEqual(shape.path(parse11(read(config))), ['container']);
    }
  }
});

test('8b. odd task types and IDs in default-for-task-types, map and list forms, block and flow', async () => {
  const { oddCatalog } = await import('./yaml-helpers.js');
  const odd = oddCatalog(oddIds.map((id) => ({ id, taskTypes: [id] })));
  const head = 'tasks:\n  task-plugins:\n    enabled-plugins:\n      - container\n    default-for-task-types:\n';
  const shapes: [string, (doc: Record<string, unknown>) => Record<string, unknown>][] = [
    [`${head}      container: container\n`, (doc) => defaultsOf(doc) as Record<string, unknown>],
    [`${head}      - container: container\n`, (doc) => Object.assign({}, ...(defaultsOf(doc) as Record<string, unknown>[]))],
    [`${head}      {container: container}\n`, (doc) => defaultsOf(doc) as Record<string, unknown>],
    [`${head}      [{container: container}]\n`, (doc) => Object.assign({}, ...(defaultsOf(doc) as Record<string, unknown>[]))],
  ];
  for (const [text, read11] of shapes) {
    for (const id of oddIds) {
      const config = configFile(text);
      const run = await editName(config, 'enable', id, [`--default-for=${id}`], odd);
      assert.equal(run.code, 0, `${JSON.stringify(id)}: ${run.stderr}`);
      const doc = parse11(read(config));
      assert.deepEqual(
        new Map(Object.entries(read11(doc))),
        new Map([
          ['container', 'container'],
          [id, id],
        ]),
        `${JSON.stringify(id)}:\n${read(config)}`,
      );
      const back = await editName(config, 'disable', id, ['--yes'], odd);
      assert.equal(back.code, 0, `${JSON.stringify(id)}: ${back.stderr}`);
      assert.deepEqual(new Map(Object.entries(read11(parse11(read(config))))), new Map([['container', 'container']]));
    }
  }
});

function defaultsOf(doc: Record<string, unknown>): unknown {
  return ((doc.tasks as Record<string, unknown>)['task-plugins'] as Record<string, unknown>)['default-for-task-types'];
}

test('8c. odd IDs inside embedded configs (block literal, one-line and folded double-quoted strings) read back exactly', async () => {
  const { oddCatalog } = await import('./yaml-helpers.js');
  const odd = oddCatalog(oddIds.map((id) => ({ id, taskTypes: [`${id}-type`] })));
  const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flyte-propeller-config\ndata:\n';
  const shapes = [
    `${head}  config.yaml: |\n    tasks:\n      task-plugins:\n        enabled-plugins:\n          - container\n`,
    `${head}  config.yaml: "tasks:\\n  task-plugins:\\n    enabled-plugins:\\n      - container\\n"\n`,
    `${head}  config.yaml: "tasks:\\n  task-plugins:\\n\\\n    \\    enabled-plugins:\\n      - container\\n"\n`,
  ];
  for (const text of shapes) {
    for (const id of oddIds) {
      const config = configFile(text);
      const run = await editName(config, 'enable', id, [], odd);
      assert.equal(run.code, 0, `${JSON.stringify(id)}: ${run.stderr}`);
      const outer = parse11(read(config));
      const inner = parse11((outer.data as Record<string, string>)['config.yaml'] ?? '');
      assert.deepEqual(innerList(inner), ['container', id], `${JSON.stringify(id)}:\n${read(config)}`);
    }
  }
});

// ---- 7. A propeller config in a double-quoted ConfigMap string folded over several lines ----

/** The outer scalar's lines before the first one that differs must be byte-identical; returns that index. */
function firstChangedLine(before: string, after: string): number {
  const a = before.split('\n');
  const b = after.split('\n');
  let index = 0;
  while (index < a.length && a[index] === b[index]) index++;
  return index;
}

function embeddedValue(text: string, key: string): string {
  return (parse(text) as { data: Record<string, string> }).data[key] ?? '';
}

for (const name of ['manifest-folded-pyyaml', 'manifest-folded-pyyaml-80']) {
  const title = `7a. ${name}: a PyYAML-folded string (escaped breaks, \\ before a leading space) is edited into what PyYAML itself writes`;
  test(title, async () => {
    const { copyFileSync } = await import('node:fs');
    const { fixture } = await import('../helpers.js');
    const config = configFile('');
    copyFileSync(fixture('config', name, 'input.yaml'), config);
    const run = await edit(config, ['enable', 'spark', '--default-for', 'spark']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(read(config), read(fixture('config', name, 'expected.yaml')));
    const back = await edit(config, ['disable', 'spark', '--yes']);
    assert.equal(back.code, 0, back.stderr);
    assert.equal(read(config), read(fixture('config', name, 'input.yaml')));
  });
}

test('7b. a libyaml-folded string (a break is a space, \\ keeps leading spaces) keeps its style and its unchanged lines', async () => {
  const { fixture } = await import('../helpers.js');
  const input = read(fixture('config', 'manifest-folded-libyaml', 'input.yaml'));
  const config = configFile(input);
  const run = await edit(config, ['enable', 'ray', 'spark']);
  assert.equal(run.code, 0, run.stderr);
  const output = read(config);
  const inner = embeddedValue(input, 'config.yaml').replace('      - sidecar\n', '      - sidecar\n      - ray\n      - spark\n');
  assert.equal(embeddedValue(output, 'config.yaml'), inner);
  assert.equal(embeddedValue(output, 'other.yaml'), 'x: 1');
  const changed = firstChangedLine(input, output);
  assert.ok(changed >= 8, `the first changed line is ${changed + 1}:\n${output}`);
  const scalarLines = output.split('\n').slice(5, -2);
  assert.ok(
    scalarLines.every((line) => !/\\$/.test(line)),
    `no escaped line breaks in libyaml style:\n${output}`,
  );
  assert.ok(
    scalarLines.slice(1).every((line) => line.startsWith('    ') && !line.startsWith('     ')),
    output,
  );
});

test('7c. escapes (\\", \\t, \\u00E9, \\\\) and CRLF line ends survive; only the tail from the changed line is re-encoded', async () => {
  const inner =
    'tasks:\n  # say "h\u00e9llo"\ttab \\ backslash\n  task-plugins:\n    enabled-plugins:\n      - container\n      - sidecar\n';
  const lines = [
    'kind: ConfigMap',
    'metadata: {name: propeller}',
    'data:',
    '  config.yaml: "tasks:\\n  # say \\"h\\u00E9llo\\"\\ttab \\\\ backslash\\n\\',
    '    \\  task-plugins:\\n    enabled-plugins:\\n      - container\\n      - sidecar\\n"',
    '',
  ];
  const input = lines.join('\r\n');
  assert.equal(embeddedValue(input, 'config.yaml'), inner);
  const config = configFile(input);
  const run = await edit(config, ['enable', 'ray']);
  assert.equal(run.code, 0, run.stderr);
  const output = read(config);
  assert.equal(embeddedValue(output, 'config.yaml'), `${inner}      - ray\n`);
  assert.ok(firstChangedLine(input, output) >= 4, output);
  assert.ok(!/[^\r]\n/.test(output), `CRLF kept:\n${JSON.stringify(output)}`);
});

test('7d. a folded string in a style no emitter reproduces (blank lines for breaks) is still edited and read back exactly', async () => {
  const { stringify } = await import('yaml');
  const inner =
    'tasks:\n  task-plugins:\n    enabled-plugins:\n      - container\n      - sidecar\n' +
    '    default-for-task-types:\n      container: container\n';
  const input = stringify(
    { kind: 'ConfigMap', metadata: { name: 'p' }, data: { 'config.yaml': inner } },
    { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 40 },
  );
  assert.match(input, /\n\n/, 'the yaml library folds line breaks into blank lines');
  const config = configFile(input);
  for (const [args, expected] of [
    [['enable', 'ray', '--default-for', 'ray'], `${inner.replace('      - sidecar\n', '      - sidecar\n      - ray\n')}      ray: ray\n`],
    [['disable', 'sidecar'], `${inner.replace('      - sidecar\n', '      - ray\n')}      ray: ray\n`],
  ] as const) {
    const before = read(config);
    const run = await edit(config, args);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(embeddedValue(read(config), 'config.yaml'), expected);
    assert.ok(firstChangedLine(before, read(config)) >= 5, read(config));
  }
});

test('7e. a one-line double-quoted string stays on one line, with its own escapes', async () => {
  const input =
    'kind: ConfigMap\nmetadata: {name: p}\ndata:\n' +
    '  config.yaml: "tasks:\\n  task-plugins:\\n    enabled-plugins:\\n      - container\\n"\n';
  const config = configFile(input);
  const run = await edit(config, ['enable', 'ray']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(read(config), input.replace('container\\n"', 'container\\n      - ray\\n"'));
});
