// Run every compiled `*.test.js` under dist/test with node's test runner, and nothing else: helpers and
// shared scenarios are not tests. (Node 20's `node --test` takes no glob; 22 does.)
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const files = readdirSync('dist/test', { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.test.js'))
  .sort()
  .map((name) => join('dist/test', name));
if (files.length === 0) {
  console.error('no test files under dist/test');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', ...process.argv.slice(2), ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
