import { createHash } from 'node:crypto';
import { mkdir, readFile, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';

/** `--cache-dir`, else `$XDG_CACHE_HOME/flyte-plugin-catalog`, else `~/.cache/flyte-plugin-catalog`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'flyte-plugin-catalog');
}

function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/^\.+/, (dots) => '%2E'.repeat(dots.length));
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * A folder of entries, each one file: a header line `{"sha256":…,"size":…}` and the data. Writes are
 * atomic (temp file + rename), so two processes filling the same entry both succeed and a reader never sees
 * half of one. What is read back is checked against its header; a corrupt entry is deleted and reported
 * as missing, so the caller fetches it again.
 */
export class CacheStore {
  /** `onWriteError`: a cache that cannot be written slows the next run down but must not fail this one. */
  constructor(
    readonly root: string,
    private readonly onWriteError: (message: string) => void = () => undefined,
  ) {}

  private pathOf(key: readonly string[]): string {
    return join(this.root, ...key.map(encodeSegment));
  }

  async read(key: readonly string[]): Promise<Buffer | undefined> {
    const path = this.pathOf(key);
    const content = await readFile(path).catch(() => undefined);
    if (!content) return undefined;
    const newline = content.indexOf(10);
    try {
      const header = JSON.parse(content.subarray(0, newline).toString('utf8')) as { sha256?: unknown; size?: unknown };
      const data = content.subarray(newline + 1);
      if (newline > 0 && header.size === data.length && header.sha256 === sha256(data)) return data;
    } catch {
      // not even a header: corrupt
    }
    await unlink(path).catch(() => undefined);
    return undefined;
  }

  async write(key: readonly string[], data: Uint8Array | string): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const path = this.pathOf(key);
    const header = Buffer.from(`${JSON.stringify({ sha256: sha256(bytes), size: bytes.length })}\n`, 'utf8');
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFileAtomic(path, Buffer.concat([header, bytes]));
    } catch (error) {
      this.onWriteError(`cache not written (${(error as Error).message})`);
    }
  }

  async readJson<T>(key: readonly string[]): Promise<T | undefined> {
    const data = await this.read(key);
    return data ? (JSON.parse(data.toString('utf8')) as T) : undefined;
  }
}
