import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openFolderSource } from '../../src/source/folder.js';
import { removeDir, tempDir } from '../helpers.js';

test('a folder reads back every file byte for byte, small files and one larger than a read chunk alike', async () => {
  const dir = tempDir();
  try {
    // Sizes around the 1 MiB chunk and its 64 KiB reserve, so that a file is moved to a fresh chunk mid-read.
    const sizes = [0, 1, 900 * 1024, 100 * 1024, 3 * 1024 * 1024 + 7, 70 * 1024, 5];
    const expected = new Map<string, Buffer>();
    mkdirSync(join(dir, 'pkg'));
    sizes.forEach((size, i) => {
      const bytes = Buffer.alloc(size);
      for (let at = 0; at < size; at++) bytes[at] = (at * 31 + i) % 251;
      const path = `pkg/file${i}.go`;
      writeFileSync(join(dir, path), bytes);
      expected.set(path, bytes);
    });
    const source = await openFolderSource(dir);
    assert.deepEqual(await source.listFiles(), [...expected.keys()].sort());
    const contents = await source.readFiles([...expected.keys()]);
    for (const [path, bytes] of expected) assert.ok(contents.get(path)?.equals(bytes), path);
    await assert.rejects(source.readFiles(['pkg/missing.go']), /ENOENT/);
  } finally {
    removeDir(dir);
  }
});
