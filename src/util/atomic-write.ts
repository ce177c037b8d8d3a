import { randomBytes } from 'node:crypto';
import { rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Write a file so that a reader sees the old content or the new, never half of it: a temp file in the
 * same folder, then rename. The permissions of an existing file are kept.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const mode = (await stat(path).catch(() => undefined))?.mode;
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content, mode === undefined ? {} : { mode: mode & 0o7777 });
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
