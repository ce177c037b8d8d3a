// The layers of src/ (README, "Design"; rules in .dependency-cruiser.cjs) hold, and the rules do catch a
// wrong-way import and a cycle: a check that could not fail would prove nothing. Every line of the TypeScript
// stays within the formatter's width, which it cannot enforce on a literal it may not split.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
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

const MAX_LINE = 140;

/** The .ts files under a folder of the project, as paths from its root with `/`, test/fixtures/ left out. */
function typeScriptFiles(folder: string): string[] {
  return readdirSync(join(projectRoot, folder), { recursive: true, encoding: 'utf8' })
    .map((path) =>
      relative(projectRoot, join(projectRoot, folder, path))
        .split('\\')
        .join('/'),
    )
    .filter((path) => path.endsWith('.ts') && !path.startsWith('test/fixtures/'))
    .sort();
}

test('every line of src, test and scripts is at most 140 characters', () => {
  const over: string[] = [];
  for (const file of ['src', 'test', 'scripts'].flatMap(typeScriptFiles)) {
    const lines = readFileSync(join(projectRoot, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      const length = line.replace(/\r$/, '').length;
      if (length > MAX_LINE) over.push(`${file}:${index + 1} (${length})`);
    });
  }
  assert.deepEqual(over, [], `lines over ${MAX_LINE} characters:\n${over.join('\n')}`);
});
