import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { create, Pax } from 'tar';
import { TarFormatError, TarReader, type TarEntry } from '../../src/source/github/tar-reader.js';
import { tempDir } from '../helpers.js';

const LONG = `${'deep/'.repeat(30)}plugin.go`;

/** A tar as node-tar writes it (pax headers for the long path), after a pax global comment as `git archive` writes it. */
function sampleTar(): Buffer {
  const dir = tempDir();
  mkdirSync(join(dir, 'top', ...LONG.split('/').slice(0, -1)), { recursive: true });
  writeFileSync(join(dir, 'top', LONG), 'package deep\n');
  writeFileSync(join(dir, 'top', 'go.mod'), 'module example.com/x\n');
  writeFileSync(join(dir, 'top', 'big.go'), 'x'.repeat(5000));
  writeFileSync(join(dir, 'top', 'empty.go'), '');
  const file = join(dir, 'sample.tar');
  create({ cwd: dir, sync: true, portable: true, file }, ['top']);
  return Buffer.concat([new Pax({ comment: 'c0ffee'.padEnd(40, '1') }, true).encode(), readFileSync(file)]);
}

function read(bytes: Buffer, chunkSize: number): { entries: TarEntry[]; files: Map<string, string> } {
  const entries: TarEntry[] = [];
  const files = new Map<string, string>();
  const reader = new TarReader(
    (entry) => {
      entries.push(entry);
      return entry.type === 'File' ? entry.path : undefined;
    },
    (key, body) => files.set(key, body.toString()),
  );
  for (let at = 0; at < bytes.length; at += chunkSize) reader.write(bytes.subarray(at, at + chunkSize));
  reader.end();
  return { entries, files };
}

test('the tar reader gives every entry, long pax paths and the global comment, whatever the chunk sizes', () => {
  const bytes = sampleTar();
  const whole = read(bytes, bytes.length);
  for (const size of [1, 7, 511, 512, 513, 4096]) assert.deepEqual(read(bytes, size), whole, `chunks of ${size}`);
  assert.equal(whole.files.get(`top/${LONG}`), 'package deep\n');
  assert.equal(whole.files.get('top/go.mod'), 'module example.com/x\n');
  assert.equal(whole.files.get('top/big.go'), 'x'.repeat(5000));
  assert.equal(whole.files.get('top/empty.go'), '');
  assert.ok(whole.entries.some((entry) => entry.type === 'Directory' && entry.path.startsWith('top/')));
  assert.ok(whole.entries.every((entry) => entry.comment === 'c0ffee'.padEnd(40, '1')));
});

test('the tar reader refuses a damaged header and an archive cut inside an entry', () => {
  const bytes = sampleTar();
  const damaged = Buffer.from(bytes);
  damaged[1024 + 10] = (damaged[1024 + 10] ?? 0) ^ 0xff;
  assert.throws(() => read(damaged, 4096), TarFormatError);
  assert.throws(() => read(bytes.subarray(0, 1024 + 512 + 100), 4096), /ends inside an entry/);
});
