import { mkdir, readFile, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { userCacheRoot } from '../util/cache-dir.js';
import { createSha256 } from '../util/lazy-builtins.js';
import { OwnFileWriter, writeOwnFile } from '../util/safe-write.js';

/** `--cache-dir`, else `<user cache root>/flyte-plugin-catalog` (util/cache-dir.ts); undefined without a home: no cache. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const root = userCacheRoot(env);
  return root && join(root, 'flyte-plugin-catalog');
}

function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/^\.+/, (dots) => '%2E'.repeat(dots.length));
}

/**
 * Room for the header of an entry written as it arrives, filled in once its checksum is known: the JSON is
 * padded with spaces, which JSON.parse allows, so a reader sees the same format as a written entry (the
 * JSON takes at most 101 bytes: 64 hex digits and a size of at most 16 digits).
 */
const STREAMED_HEADER_BYTES = 128;

function headerLine(sha256: string, size: number, padTo = 0): Buffer {
  return Buffer.from(`${JSON.stringify({ sha256, size }).padEnd(padTo - 1)}\n`, 'utf8');
}

function sha256(data: Uint8Array | readonly Uint8Array[]): string {
  const hash = createSha256();
  for (const chunk of data instanceof Uint8Array ? [data] : data) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * A folder of entries, each one file: a header line `{"sha256":…,"size":…}` and the data. Writes are
 * atomic (temp file + rename), so two processes filling the same entry both succeed and a reader never sees
 * half of one. What is read back is checked against its header; a corrupt entry is deleted and reported
 * as missing, so the caller fetches it again.
 */
export class CacheStore {
  /**
   * `onNotice`: a cache that cannot be written, or an entry found bad, slows this or the next run down but
   * must not fail it; it is said in one line.
   */
  constructor(
    readonly root: string,
    private readonly onNotice: (message: string) => void = () => undefined,
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
      const header: unknown = JSON.parse(content.subarray(0, newline).toString('utf8'));
      const data = content.subarray(newline + 1);
      const fields = typeof header === 'object' && header !== null ? (header as Record<string, unknown>) : {};
      if (newline > 0 && fields.size === data.length && fields.sha256 === sha256(data)) return data;
    } catch {
      // not even a header: corrupt
    }
    await this.discard(key, 'its checksum does not match');
    return undefined;
  }

  /** Delete a bad entry and say so once; the caller fetches it again. */
  private async discard(key: readonly string[], why: string): Promise<void> {
    await unlink(this.pathOf(key)).catch(() => undefined);
    this.onNotice(`cache entry ${key.join('/')} was unusable (${why}); deleted, it will be fetched again`);
  }

  /** `data` may be the chunks of a download: hashed and written in order, never joined in memory. */
  async write(key: readonly string[], data: Uint8Array | string | readonly Uint8Array[]): Promise<void> {
    const chunks = typeof data === 'string' ? [Buffer.from(data, 'utf8')] : data instanceof Uint8Array ? [data] : data;
    const size = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const path = this.pathOf(key);
    const header = headerLine(sha256(chunks), size);
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeOwnFile(path, [header, ...chunks]);
    } catch (error) {
      this.onNotice(`cache not written (${(error as Error).message})`);
    }
  }

  /**
   * An entry written as its bytes arrive (a download), under `folder`: hashed and written chunk by chunk,
   * never held whole in memory; it appears under its name only when `commit`ted, so a reader never sees it
   * half-written and a `discard`ed one leaves nothing behind.
   */
  openEntry(folder: readonly string[]): EntryWriter {
    const file = new OwnFileWriter(this.pathOf(folder), 'entry', STREAMED_HEADER_BYTES);
    return new EntryWriter(file, (name) => this.pathOf([...folder, name]), this.onNotice);
  }

  /**
   * An entry holding JSON, checked by `parse` (which throws on a wrong shape): a checksum only proves the
   * bytes are what was written, not that what was written is right. A bad entry is deleted and reads as missing.
   */
  async readJson<T>(key: readonly string[], parse: (value: unknown) => T): Promise<T | undefined> {
    const data = await this.read(key);
    if (!data) return undefined;
    try {
      return parse(JSON.parse(data.toString('utf8')));
    } catch (error) {
      const why = error instanceof SyntaxError ? 'not JSON' : `unexpected shape: ${firstLine(error)}`;
      await this.discard(key, why);
      return undefined;
    }
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 200) ?? '';
}

/** See `CacheStore.openEntry`. A cache that cannot be written is said in one line at `commit`, never thrown. */
export class EntryWriter {
  private readonly hash = createSha256();
  private size = 0;

  constructor(
    private readonly file: OwnFileWriter,
    private readonly pathOf: (name: string) => string,
    private readonly onNotice: (message: string) => void,
  ) {}

  /** The next chunk, not copied: it must not change afterwards. */
  write(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    this.file.append(chunk);
  }

  /** Put the entry in place under `name`, in the folder it was opened in. */
  async commit(name: string): Promise<void> {
    try {
      await this.file.commit(this.pathOf(name), headerLine(this.hash.digest('hex'), this.size, STREAMED_HEADER_BYTES));
    } catch (error) {
      this.onNotice(`cache not written (${(error as Error).message})`);
    }
  }

  async discard(): Promise<void> {
    await this.file.abort();
  }
}
