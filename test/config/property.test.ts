import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { cleanName } from '../../src/catalog/names.js';
import type { Catalog } from '../../src/catalog/schema.js';
import { planDisableChange, planEnableChange } from '../../src/config/change.js';
import { parseConfigText } from '../../src/config/locate.js';
import { checkConfig, effectiveConfigs } from '../../src/config/propeller.js';
import { CatalogToolError } from '../../src/errors.js';
import { fixture, random } from '../helpers.js';

const catalog = JSON.parse(readFileSync(fixture('config', 'catalog.json'), 'utf8')) as Catalog;
const names = [...new Set(catalog.plugins.map((plugin) => plugin.id)), 'sprak', 'container_array', 'Spark', 'K8S-ARRAY'];
const taskTypes = [...new Set(catalog.plugins.flatMap((plugin) => plugin.taskTypes ?? []))];

for (const seed of [1, 2, 3, 4, 5]) {
  test(`random enable/disable sequences keep a config propeller accepts (seed ${seed})`, () => {
    const next = random(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    let text = readFileSync(fixture('config', 'propeller-config', 'input.yaml'), 'utf8');
    let applied = 0;
    for (let step = 0; step < 60; step++) {
      const file = parseConfigText('config.yaml', text);
      const block = file.blocks[0];
      assert.ok(block);
      const name = pick(names);
      const enable = next() < 0.6;
      const defaultFor = enable && next() < 0.3 ? [pick(taskTypes)] : [];
      try {
        const change = enable
          ? planEnableChange({ file, block, catalog, names: [name], defaultFor, allowFlagged: next() < 0.2 })
          : planDisableChange({ file, block, catalog, names: [name], removeDefaults: next() < 0.5 });
        text = change.after;
        applied++;
      } catch (error) {
        assert.ok(error instanceof CatalogToolError, String(error));
        continue;
      }
      const after = parseConfigText('config.yaml', text).blocks[0];
      assert.ok(after);
      const listed = (after.enabled?.names ?? []).map(cleanName);
      assert.equal(new Set(listed).size, listed.length, `no duplicates after step ${step}: ${listed.join(', ')}`);
      assert.ok(listed.length > 0, 'the list is never emptied');
      for (const entry of after.defaults?.entries ?? [])
        assert.ok(listed.includes(cleanName(entry.plugin)), `default ${entry.taskType} → ${entry.plugin} is enabled`);
      const [config] = effectiveConfigs([after]);
      assert.ok(config);
      const fatal = checkConfig(config, catalog).findings.filter((finding) => finding.severity === 'fatal');
      assert.deepEqual(fatal, [], `propeller would start after step ${step}`);
    }
    assert.ok(applied > 5, `only ${applied} changes applied`);
  });
}
