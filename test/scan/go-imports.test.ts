import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GoFile } from '../../src/scan/go-file.js';
import { readImportSpecs } from '../../src/scan/go-imports.js';
import { loadGoEngine } from '../../src/scan/go-parser.js';
import { engines } from '../golden-scenarios.js';

const specs = (header: string): string[] | undefined =>
  readImportSpecs(header)?.map((spec) => `${spec.name ?? '-'} ${spec.path} @${header.slice(spec.at, spec.at + 3)}`);

test('reads single and grouped imports, aliases, raw strings, and semicolons, skipping comments', () => {
  const header = [
    '// Package demo: import "not/this" is prose.',
    '/* import (',
    '\t"nor/this"',
    ') */',
    'package demo',
    '',
    'import "fmt"',
    'import k8s "example.com/k8s" // import "no"',
    'import (',
    '\t_ "example.com/side"',
    '\t. "example.com/dot"; "example.com/semi"',
    '\tplugins `example.com/raw`',
    '\tπ "example.com/pi"',
    ')',
    '',
  ].join('\n');
  assert.deepEqual(specs(header), [
    '- fmt @"fm',
    'k8s example.com/k8s @k8s',
    '_ example.com/side @_ "',
    '. example.com/dot @. "',
    '- example.com/semi @"ex',
    'plugins example.com/raw @plu',
    'π example.com/pi @π "',
  ]);
  assert.deepEqual(specs('package demo\n'), []);
});

test('gives undefined for a header it does not vouch for, so that tree-sitter reads it', () => {
  // A block comment the header cuts (its end lies after a column-0 declaration), as flyteplugins once had.
  assert.equal(readImportSpecs('package demo\n\n/*\nimport (\n\t"fmt"\n)\n\n'), undefined);
  assert.equal(readImportSpecs('package demo; import "fmt"; var x = fmt.Sprint()\n'), undefined);
  assert.equal(readImportSpecs('import "fmt"\n'), undefined, 'no package clause');
  assert.equal(readImportSpecs('package demo\nimport (\n\t"fmt"\n'), undefined, 'a group that never closes');
  assert.equal(readImportSpecs('package demo\nimport "fmt\n'), undefined, 'a string that never closes');
  assert.equal(readImportSpecs('package demo\nimport k8s\n'), undefined, 'an alias without a path');
});

for (const engine of engines) {
  test(`with the ${engine} engine, a header the tokenizer refuses is parsed, and gives the same imports`, async () => {
    const text = 'package demo; import (k8s "example.com/k8s"; "strings"); var x = k8s.Name + strings.ToLower("A")\n';
    const file = new GoFile('demo/one-line.go', text, await loadGoEngine(engine));
    assert.deepEqual(
      [...file.imports],
      [
        ['k8s', 'example.com/k8s'],
        ['strings', 'strings'],
      ],
    );
    assert.deepEqual([...file.importLines.values()], [1, 1]);
    assert.equal(file.parses, 1);
  });
}
