import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { diffArrays } from 'diff';
import { cleanName } from '../../src/catalog/names.js';
import { chooseBlock, readConfigFile } from '../../src/config/read.js';
import { runCli, sharedConfigs, tempDir } from '../helpers.js';

const files = existsSync(sharedConfigs)
  ? readdirSync(sharedConfigs)
      .filter((name) => name.endsWith('.yaml'))
      .sort()
  : [];
const skip = files.length === 0 ? `no real configs at ${sharedConfigs}: skipped` : false;
const tag = ['--tag', 'flyteplugins/v1.16.8'];
/** The real configs whose only task-plugins block is one the flyte-core chart never renders: edits refuse them. */
const UNRENDERED_ONLY = new Set(['flyte-v0.17.0__charts_flyte-core_values-gcp.yaml']);

if (skip) test('enable, disable and check over the real configs of ../shared/fixtures/configs', { skip }, () => undefined);

for (const name of files) {
  test(`real config ${name}: enable and disable ray touch only their own lines, check runs`, async () => {
    const config = join(tempDir(), name);
    copyFileSync(join(sharedConfigs, name), config);
    chmodSync(config, 0o644); // the shared fixtures are read-only (0444), and edits refuse a read-only file
    const original = readFileSync(config, 'utf8');
    const parsed = await readConfigFile(config);

    const checked = await runCli(['check', '-c', config, ...tag]);
    if (parsed.blocks.length === 0) {
      assert.equal(checked.code, 2);
      assert.match(checked.stderr, /pre-v0\.2 schema .* out of scope/);
      const refused = await runCli(['enable', 'ray', '-c', config, ...tag]);
      assert.equal(refused.code, 2);
      assert.equal(readFileSync(config, 'utf8'), original);
      return;
    }
    assert.ok(checked.code === 0 || checked.code === 1, checked.stderr);
    assert.match(checked.stdout, /propeller (will not start|starts)/);

    if (UNRENDERED_ONLY.has(name)) {
      assert.throws(() => chooseBlock(parsed, undefined), /is never rendered by the flyte-core chart/);
      const refused = await runCli(['enable', 'ray', '-c', config, ...tag]);
      assert.equal(refused.code, 2, 'a file whose only block is never rendered is refused');
      assert.match(refused.stderr, /is never rendered by the flyte-core chart/);
      assert.equal(readFileSync(config, 'utf8'), original);
      return;
    }
    const block = chooseBlock(parsed, undefined);
    const before = block.enabled?.names ?? [];
    const enabled = await runCli(['enable', 'ray', '-c', config, '--yes', ...tag]);
    if (before.length === 0) {
      // Writing one name into an open list turns every other plugin off; its defaults then point at disabled plugins.
      assert.equal(enabled.code, 1, enabled.stderr);
      assert.equal(readFileSync(config, 'utf8'), original);
      return;
    }
    assert.equal(enabled.code, 0, enabled.stderr);
    const edited = readFileSync(config, 'utf8');
    const changes = diffArrays(original.split('\n'), edited.split('\n'));
    assert.deepEqual(
      changes.filter((part) => part.removed),
      [],
      'no original line is removed or altered',
    );
    assert.deepEqual(
      changes
        .filter((part) => part.added)
        .flatMap((part) => part.value)
        .map((line) => line.trim().replace(/^- /, '')),
      ['ray'],
    );
    const after = chooseBlock(await readConfigFile(config), undefined).enabled?.names.map(cleanName);
    assert.deepEqual(after, [...before.map(cleanName), 'ray']);

    const disabled = await runCli(['disable', 'ray', '-c', config, ...tag]);
    assert.equal(disabled.code, 0, disabled.stderr);
    assert.equal(readFileSync(config, 'utf8'), original, 'enable then disable gives back the file byte for byte');
  });
}
