import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createTwoFilesPatch } from 'diff';
import { unifiedDiff } from '../../src/cli/unified-diff.js';
import { fixture, random, sharedConfigs } from '../helpers.js';

const texts = [
  ...readdirSync(fixture('config'))
    .filter((name) => existsSync(fixture('config', name, 'input.yaml')))
    .map((name) => fixture('config', name, 'input.yaml')),
  ...(existsSync(sharedConfigs) ? readdirSync(sharedConfigs).map((name) => join(sharedConfigs, name)) : []),
]
  .filter((path) => path.endsWith('.yaml'))
  .map((path) => readFileSync(path, 'utf8'));

/** A few lines inserted, removed or replaced, often next to a copy of themselves (where a diff may align either way). */
function edit(text: string, next: () => number): string {
  const lines = text.split('\n');
  for (let count = 1 + Math.floor(next() * 3); count > 0; count--) {
    const at = Math.floor(next() * lines.length);
    const line = lines[at] ?? '';
    const choice = next();
    if (choice < 0.3) lines.splice(at, 0, line);
    else if (choice < 0.5) lines.splice(at, 1);
    else if (choice < 0.7) lines.splice(at, 1, `${line} # changed`);
    else if (choice < 0.85) lines.splice(at, 0, '  - ray', '  - ray');
    else lines.splice(at < 4 ? 0 : lines.length, 0, 'edge: 1');
  }
  const after = lines.join('\n');
  return next() < 0.1 ? after.replace(/\n$/, '') : after;
}

test('the diff of the changed lines alone is the diff of the whole file', async () => {
  const next = random(7);
  for (let round = 0; round < 300; round++) {
    const before = texts[Math.floor(next() * texts.length)] ?? '';
    const after = edit(before, next);
    const whole = createTwoFilesPatch('values.yaml', 'values.yaml', before, after, '', '', { context: 3 });
    assert.equal(await unifiedDiff('values.yaml', { before, after }), whole);
  }
});

test('the diff of the changed lines alone is the diff of the whole file where a change could be aligned in several ways', async () => {
  const next = random(11);
  const pick = (lines: readonly string[]): string => lines[Math.floor(next() * lines.length)] ?? '';
  for (let round = 0; round < 2000; round++) {
    // Few distinct lines: many equal ones around each change.
    const lines = Array.from({ length: Math.floor(next() * 30) }, () => pick(['a', 'b', '', '  - x']));
    const before = lines.join('\n') + (next() < 0.8 ? '\n' : '');
    const changed = before.split('\n');
    for (let count = 1 + Math.floor(next() * 3); count > 0; count--) {
      const at = Math.floor(next() * (changed.length + 1));
      const choice = next();
      if (choice < 0.4) changed.splice(at, 0, pick(['a', 'b', '']));
      else if (choice < 0.7) changed.splice(at, 1);
      else changed.splice(at, 1, pick(['a', 'z']));
    }
    const after = changed.join('\n');
    const whole = createTwoFilesPatch('values.yaml', 'values.yaml', before, after, '', '', { context: 3 });
    assert.equal(await unifiedDiff('values.yaml', { before, after }), whole, JSON.stringify({ before, after }));
  }
});
