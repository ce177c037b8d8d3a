import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../src/errors.js';
import { GoFile } from '../../src/scan/go-file.js';
import { loadGoEngine, parseEngineChoice } from '../../src/scan/go-parser.js';
import { runCli, fixture } from '../helpers.js';
import { engines } from '../golden-scenarios.js';

const SOURCE = `package demo

import (
\tk8s "example.com/k8s"
)

const name = "demo-" + suffix

func unrelated() int { return 1 }

func init() {
\tregistry.RegisterK8sPlugin(k8s.PluginEntry{ID: name})
}

const suffix = "plugin"
`;

test('FLYTE_PLUGIN_CATALOG_ENGINE chooses native, wasm or auto, and refuses anything else', () => {
  assert.equal(parseEngineChoice(undefined), 'auto');
  assert.equal(parseEngineChoice(''), 'auto');
  assert.equal(parseEngineChoice(' WASM '), 'wasm');
  assert.equal(parseEngineChoice('native'), 'native');
  assert.throws(() => parseEngineChoice('rust'), UsageError);
});

test('a bad FLYTE_PLUGIN_CATALOG_ENGINE does not matter to a command that does not scan', async () => {
  const run = await runCli(['list', '--tag', 'v1.1.33', '-o', 'json'], { env: { FLYTE_PLUGIN_CATALOG_ENGINE: 'rust' } });
  assert.equal(run.code, 0, run.stderr);
  const scan = await runCli(['discover', '--source', fixture('scan', 'all-shapes')], { env: { FLYTE_PLUGIN_CATALOG_ENGINE: 'rust' } });
  assert.equal(scan.code, 2);
  assert.match(scan.stderr, /^error: FLYTE_PLUGIN_CATALOG_ENGINE=rust names no engine \(use native, wasm or auto\)$/m);
});

test('auto picks the native engine where it loads, else the WASM one', async () => {
  const nativeLoads = await loadGoEngine('native').then(
    () => true,
    () => false,
  );
  assert.equal((await loadGoEngine('auto')).name, nativeLoads ? 'native' : 'wasm');
});

for (const engine of engines) {
  test(`the ${engine} engine parses only the chunks a question needs, positions those of the whole file`, async () => {
    const file = new GoFile('demo/plugin.go', SOURCE, await loadGoEngine(engine));
    assert.deepEqual([...file.imports], [['k8s', 'example.com/k8s']]);
    const [call] = file.declarationsMatching(/RegisterK8sPlugin/);
    assert.equal(call?.type, 'function_declaration');
    assert.equal(call?.startPosition.row, 10);
    const matches = file.engine.query('registrations').matches(call as NonNullable<typeof call>);
    assert.deepEqual(
      matches.flatMap((match) => match.captures.map((capture) => `${capture.name}=${capture.node.text}`)),
      ['call=registry.RegisterK8sPlugin(k8s.PluginEntry{ID: name})', 'method=RegisterK8sPlugin', 'arguments=(k8s.PluginEntry{ID: name})'],
    );
    assert.equal(file.declaration('suffix')?.kind, 'const');
    assert.equal(file.declarations.has('unrelated'), false, 'a chunk that mentions neither name is not parsed');
    assert.equal(file.parses, 2, 'the header is read without a parse');
  });
}

test('--debug says which engine scanned, on stderr', async () => {
  const run = await runCli(['discover', '--source', fixture('scan', 'all-shapes'), '--json', '--debug'], {
    env: { FLYTE_PLUGIN_CATALOG_ENGINE: 'wasm' },
  });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^debug: scanned with web-tree-sitter [\d.]+ \+ tree-sitter-go\.wasm \(ABI \d+\): 22 Go files/m);
  assert.doesNotMatch(run.stdout, /debug/);
});
