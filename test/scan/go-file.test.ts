import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GoFile } from '../../src/scan/go-file.js';
import { loadGoEngine } from '../../src/scan/go-parser.js';
import { engines } from '../golden-scenarios.js';

const SOURCE = `package demo

// taskType names the plugin.
const taskType = "demo"

func entry() string {
\treturn taskType
}

func (p *plugin) Type() string {
\t// The closing brace below is indented: the function goes on.
\treturn taskType
}

func oneLine() string { return taskType }; var other = taskType + "-other"

func taskTypes() []string {
\treturn []string{taskType}
}
`;

for (const engine of engines) {
  test(`with the ${engine} engine, a look-up parses no function that only uses the name, and every other chunk that mentions it`, async () => {
    const file = new GoFile('demo/plugin.go', SOURCE, await loadGoEngine(engine));
    assert.equal(file.declaration('taskType')?.kind, 'const');
    assert.equal(file.declarations.has('entry'), false, 'a gofmt-shaped function that uses the name is not parsed');
    assert.equal(file.declarations.has('taskTypes'), false);
    assert.equal(file.declarations.has('other'), true, 'a chunk of another shape is parsed whole: it can declare more');
    assert.equal(file.declaration('taskTypes')?.kind, 'func', 'a function is parsed for its own name');
    assert.equal(file.declaration('other')?.kind, 'var');
    assert.equal(file.parses, 2);
  });
}
