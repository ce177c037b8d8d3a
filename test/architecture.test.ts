// The layers of src/ (README, "Design"; rules in .dependency-cruiser.cjs) hold, and the rules do catch a
// wrong-way import and a cycle: a check that could not fail would prove nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { projectRoot, tempDir } from './helpers.js';

const depcruise = join(projectRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const config = join(projectRoot, '.dependency-cruiser.cjs');

function cruise(cwd: string): { code: number | null; output: string } {
  const run = spawnSync(process.execPath, [depcruise, 'src', '--config', config, '--output-type', 'err'], { cwd, encoding: 'utf8' });
  return { code: run.status, output: run.stdout + run.stderr };
}

test('src/ has no wrong-way import and no cycle', () => {
  const run = cruise(projectRoot);
  assert.equal(run.code, 0, run.output);
});

test('the rules catch an import against the flow, and a cycle', () => {
  const dir = tempDir();
  const files: Record<string, string> = {
    'tsconfig.json': '{"compilerOptions": {"module": "NodeNext", "moduleResolution": "NodeNext"}}',
    'src/cache/store.ts': 'export const store = 1;\n',
    'src/config/read.ts': "import { store } from '../cache/store.js';\nexport const read = store;\n",
    'src/scan/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
    'src/scan/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const run = cruise(dir);
  assert.notEqual(run.code, 0, run.output);
  assert.match(run.output, /layer-config: src\/config\/read\.ts → src\/cache\/store\.ts/);
  assert.match(run.output, /no-circular: src\/scan\/a\.ts → /);
});
