import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GoFile, rangesMentioning } from '../../src/scan/go-file.js';
import { loadGoEngine } from '../../src/scan/go-parser.js';
import { engines } from '../golden-scenarios.js';
import { random } from '../helpers.js';

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
  test(`with the ${engine} engine, a look-up parses every chunk that mentions the name but the functions that only use it`, async () => {
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

test('the chunks that mention a name are those where /\\bname\\b/ matches the chunk text, for any text and name', () => {
  const next = random(20250612);
  const pick = (alphabet: string, length: number): string =>
    Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  for (let round = 0; round < 2000; round++) {
    const text = pick('ab_1.( \nπ', 1 + Math.floor(next() * 40));
    const cuts = [...new Set([0, text.length, ...Array.from({ length: 4 }, () => Math.floor(next() * text.length))])].sort((a, b) => a - b);
    const ranges = cuts.slice(1).map((end, i) => ({ start: cuts[i] ?? 0, end }));
    const header = Math.floor(next() * 3);
    const chunks = ranges.slice(Math.min(header, ranges.length - 1));
    const name = pick('ab_1.π', 1 + Math.floor(next() * 3));
    const word = new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
    const expected = chunks.filter((chunk) => word.test(text.slice(chunk.start, chunk.end)));
    assert.deepEqual(rangesMentioning(text, chunks, name), expected, JSON.stringify({ text, chunks, name }));
  }
});
