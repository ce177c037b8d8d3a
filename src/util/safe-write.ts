import { fstatSync, writeSync, type Stats } from 'node:fs';
import { lstat, mkdir, open, readFile, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RefusedError, WriteError } from '../errors.js';
import { LockLostError } from './file-lock.js';
import { describeFsError } from './fs-errors.js';
import { release, removeStaleTemps, tempPathFor, track } from './temp-files.js';

/**
 * Writing a file the user named (a config edit, `discover --out`) or a cache entry, without surprises:
 *
 * - The file is replaced atomically: a temp file in the TARGET's folder (links resolved with realpath), then
 *   rename. A reader sees the old bytes or the new, never half; a failure leaves the file as it was.
 * - A symbolic link stays a link: the file it points to is replaced, not the link.
 * - What cannot be replaced is written into (open + write): a character device (/dev/null, a terminal), a
 *   FIFO, a socket, anything under /dev or /proc (/dev/stdout). A folder, or a missing parent folder, is
 *   one line (WriteError, exit 2).
 * - Mode (setgid and sticky bits included) and owner/group are kept exactly: the temp file is chowned (only
 *   when they differ, before chmod, since chown clears setuid/setgid) and chmodded before the rename. A
 *   new file gets 0666 less the umask, as any program would create it.
 * - Hard links (nlink > 1) are refused: a rename would give this name a new inode and leave the other names
 *   with the old text, and writing in place instead is not atomic (an interruption leaves half a config
 *   behind every name). Refusing loses nothing; the hint says how to proceed.
 * - A file without a write bit for the user is refused unless the caller allows it (`--allow-read-only`):
 *   the rename only needs the folder to be writable, and root may write anything, so access() says
 *   nothing; the mode bits are what the owner asked for.
 * - `expected`: the bytes the caller read and planned its edit on. Just before the rename the file is read
 *   again; other bytes (or another inode) mean someone wrote meanwhile, and `FileChangedError` lets the
 *   caller redo its edit on the new text instead of silently overwriting it. Edits also hold a lock
 *   (file-lock.ts) for the whole cycle, so runs of this tool wait for each other; the check catches the
 *   writers that take no lock (an editor, another tool).
 * - Temp files are registered (temp-files.ts): SIGINT/SIGTERM remove them, and a later write in the same
 *   folder removes the ones a killed process (dead pid) left.
 */

export class FileChangedError extends WriteError {}

export interface WriteTarget {
  /** The path as named (absolute). */
  given: string;
  /** Links resolved: the file that is replaced. */
  real: string;
  /** Of the real file; undefined when it does not exist yet. */
  stats: Stats | undefined;
}

/** Where a write to `path` goes, or one line saying why it cannot. */
export async function resolveTarget(path: string, label: string): Promise<WriteTarget> {
  const link = await lstat(path).catch((error: unknown) => error as NodeJS.ErrnoException);
  if (link instanceof Error && link.code !== 'ENOENT') throw new WriteError(`cannot write ${label} (${describeFsError(link)})`);
  if (link instanceof Error) {
    const folder = await realpath(dirname(path)).catch(() => undefined);
    const isFolder = folder !== undefined && (await stat(folder).catch(() => undefined))?.isDirectory();
    if (!folder || !isFolder) {
      throw new WriteError(`cannot write ${label}: there is no folder ${dirname(path)}`, {
        hint: 'create the folder first, or name a file in an existing one',
      });
    }
    return { given: path, real: join(folder, basename(path)), stats: undefined };
  }
  // A device or FIFO, through a link or not (/dev/stdout → /proc/self/fd/1 → pipe:[…], which realpath cannot resolve).
  const followed = await stat(path).catch(() => undefined);
  if (followed && !followed.isFile() && !followed.isDirectory()) return { given: path, real: path, stats: followed };
  const real = await realpath(path).catch(() => undefined);
  if (real === undefined)
    throw new WriteError(`cannot write ${label}: it is a symbolic link to a missing file`, {
      hint: 'point the link at an existing file, or remove it',
    });
  return { given: path, real, stats: await stat(real) };
}

/** Not a regular file, but something to write into rather than replace. */
function isSpecial(target: WriteTarget): boolean {
  const stats = target.stats;
  if (!stats || stats.isDirectory()) return false;
  return !stats.isFile() || /^\/(dev|proc)\//.test(target.given);
}

/** Whether the mode gives this user no write bit (root: none at all). */
function lacksWriteBit(stats: Stats): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return false;
  if (uid === 0) return (stats.mode & 0o222) === 0;
  if (uid === stats.uid) return (stats.mode & 0o200) === 0;
  if (process.getgroups?.().includes(stats.gid) || process.getgid?.() === stats.gid) return (stats.mode & 0o020) === 0;
  return (stats.mode & 0o002) === 0;
}

export interface SafeWriteOptions {
  /** How messages name the file (as the user typed it). */
  label?: string;
  /** The bytes the edit was planned on: the write fails with FileChangedError if the file holds others. */
  expected?: Uint8Array;
  /** Write a file whose mode has no write bit for the user. */
  allowReadOnly?: boolean;
  /** The flag that allows it, for the hint. */
  readOnlyFlag?: string;
  /** Called just before the rename (after the `expected` check): may throw to abort. */
  beforeRename?: () => Promise<void>;
}

/** Refuse, with one line, what a replace would damage: a folder, hard links, a read-only mode. */
export function refuseUnsafeTarget(target: WriteTarget, label: string, options: SafeWriteOptions = {}): void {
  const stats = target.stats;
  if (!stats) return;
  if (stats.isDirectory()) throw new WriteError(`cannot write ${label}: it is a folder`, { hint: 'name a file' });
  if (!stats.isFile()) return;
  if (stats.nlink > 1) {
    throw new RefusedError(
      `${label} has ${stats.nlink} hard links; replacing it would leave the other names with the old text, ` +
        'and writing in place is not atomic',
      {
        hint: `break the link first: cp ${label} ${label}.new && mv ${label}.new ${label}; or apply a --dry-run diff yourself`,
      },
    );
  }
  if (lacksWriteBit(stats) && !options.allowReadOnly) {
    const mode = (stats.mode & 0o7777).toString(8).padStart(4, '0');
    throw new RefusedError(`${label} is read-only (mode ${mode}); nothing written`, {
      hint: options.readOnlyFlag
        ? `pass ${options.readOnlyFlag} to write it anyway; its mode is kept`
        : 'make it writable (chmod u+w) or write another file',
    });
  }
}

/** The descriptor a /dev/stdout-like path names: 1 for /dev/stdout, N for /dev/fd/N or /proc/self/fd/N. */
function ownDescriptor(path: string): number | undefined {
  const named = /^\/dev\/(stdout|stderr)$/.exec(path)?.[1];
  if (named) return named === 'stdout' ? 1 : 2;
  const number = /^\/(?:dev|proc\/self)\/fd\/(\d+)$/.exec(path)?.[1];
  return number === undefined ? undefined : Number(number);
}

/**
 * Write into a device, FIFO or /dev/stdout: open + write, never replace. When /dev/stdout is a regular file
 * (`> out.json`), the bytes go through descriptor 1 itself, so they share its offset with the other output
 * instead of overwriting it from the start.
 */
async function writeIntoSpecial(path: string, content: string | Uint8Array, label = path): Promise<void> {
  try {
    const fd = ownDescriptor(path);
    if (fd !== undefined && fstatSync(fd).isFile()) {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
      return;
    }
    const handle = await open(path, 'a');
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new WriteError(`cannot write ${label} (${describeFsError(error)})`, { cause: error });
  }
}

/** Test-only: hold the written temp file this long before the rename, so a test can interrupt there. */
async function testPause(): Promise<void> {
  const ms = Number(process.env.FPC_TEST_PAUSE_BEFORE_RENAME_MS ?? 0);
  if (ms > 0) await new Promise((done) => setTimeout(done, ms));
}

/** Bytes to write: a string, a buffer, or the chunks of one (written in order, never joined in memory). */
type Content = string | Uint8Array | readonly Uint8Array[];

async function fillTemp(temp: string, content: Content, stats: Stats | undefined, durable: boolean): Promise<void> {
  const handle = await open(temp, 'wx', stats ? 0o600 : 0o666);
  try {
    // Each writeFile goes on from where the last one ended.
    for (const chunk of typeof content === 'string' || content instanceof Uint8Array ? [content] : content) await handle.writeFile(chunk);
    if (stats) {
      const own = await handle.stat();
      if (own.uid !== stats.uid || own.gid !== stats.gid) await handle.chown(stats.uid, stats.gid);
      await handle.chmod(stats.mode & 0o7777);
    }
    if (durable) await handle.sync();
  } finally {
    await handle.close();
  }
}

async function checkUnchanged(target: WriteTarget, expected: Uint8Array, label: string): Promise<void> {
  const now = await stat(target.real).catch(() => undefined);
  const bytes = now && (await readFile(target.real).catch(() => undefined));
  if (!now || !bytes || now.ino !== target.stats?.ino || !bytes.equals(expected)) {
    throw new FileChangedError(`${label} changed while it was being edited; nothing written`, { hint: 'run the command again' });
  }
}

/** Temp file + rename in the real file's folder, keeping mode and owner. Throws fs errors as they are. */
async function replaceFile(target: WriteTarget, content: Content, options: SafeWriteOptions & { durable?: boolean } = {}): Promise<void> {
  const folder = dirname(target.real);
  await removeStaleTemps(folder);
  const temp = tempPathFor(folder, basename(target.real));
  track(temp);
  try {
    await fillTemp(temp, content, target.stats, options.durable ?? true);
    await testPause();
    if (options.expected) await checkUnchanged(target, options.expected, options.label ?? target.given);
    await options.beforeRename?.();
    await rename(temp, target.real);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  } finally {
    release(temp);
  }
}

/** Write `content` to the file the user named, as the header says; every failure is one line. */
export async function writeFileSafely(path: string, content: string | Uint8Array, options: SafeWriteOptions = {}): Promise<void> {
  const label = options.label ?? path;
  const target = await resolveTarget(path, label);
  if (isSpecial(target)) return writeIntoSpecial(path, content, label);
  refuseUnsafeTarget(target, label, options);
  try {
    await replaceFile(target, content, { ...options, label });
  } catch (error) {
    if (error instanceof FileChangedError || error instanceof LockLostError) throw error;
    const outcome = target.stats ? 'it is unchanged' : 'nothing written';
    throw new WriteError(`cannot write ${label} (${describeFsError(error)}); ${outcome}`, { cause: error });
  }
}

/**
 * A file of our own (a cache entry): replaced atomically, always with a fresh mode (0666 less the umask),
 * so an entry someone made unreadable (mode 000) is not written back unreadable. Not synced to disk: a cache
 * entry carries its own checksum, and one torn by a crash is discarded and fetched again on the next read.
 */
export async function writeOwnFile(path: string, content: Content): Promise<void> {
  await replaceFile({ given: path, real: path, stats: undefined }, content, { durable: false });
}

/**
 * A file of our own filled as its bytes arrive (a download into the cache), so that they need not all be
 * held in memory: a temp file in `folder` (created if missing) until `commit` renames it into place; `abort`
 * removes it. Chunks are queued and written in the background, those that arrived during one write all in
 * the next, so the caller never waits for the disk; the first failure is kept and thrown by `commit`.
 */
export class OwnFileWriter {
  private readonly temp: string;
  private readonly opened: Promise<FileHandle>;
  private queue: Uint8Array[] = [];
  private position: number;
  private writing: Promise<void> | undefined;
  private failure: unknown;

  /** `reserve`: bytes left at the start, for `commit` to fill (a header known only at the end). */
  constructor(folder: string, name: string, reserve = 0) {
    this.temp = tempPathFor(folder, name);
    this.position = reserve;
    track(this.temp);
    this.opened = mkdir(folder, { recursive: true })
      .then(() => removeStaleTemps(folder))
      .then(() => open(this.temp, 'wx', 0o666));
    this.opened.catch((error: unknown) => this.fail(error));
  }

  /** Queue a chunk, written as it is (not copied): it must not change afterwards. */
  append(chunk: Uint8Array): void {
    if (this.failure !== undefined) return;
    this.queue.push(chunk);
    this.writing ??= this.drain();
  }

  private async drain(): Promise<void> {
    try {
      const handle = await this.opened;
      while (this.queue.length > 0 && this.failure === undefined) {
        const chunks = this.queue;
        this.queue = [];
        const size = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
        // libuv writes all the bytes or fails; it returns a short count when a write fails after the first bytes.
        const { bytesWritten } = await handle.writev(chunks, this.position);
        if (bytesWritten !== size) throw new Error(`short write: ${bytesWritten} of ${size} bytes`);
        this.position += size;
      }
    } catch (error) {
      this.fail(error);
    } finally {
      this.writing = undefined;
    }
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    this.queue = [];
  }

  /** Wait for the queued chunks, write `head` at the start, and rename the file to `path` (in the same folder). */
  async commit(path: string, head: Uint8Array = new Uint8Array(0)): Promise<void> {
    try {
      await this.writing;
      const handle = await this.opened;
      if (this.failure !== undefined) throw this.failure;
      if (head.length > 0 && (await handle.write(head, 0, head.length, 0)).bytesWritten !== head.length) {
        throw new Error('short write of the header');
      }
      await handle.close();
      await rename(this.temp, path);
    } finally {
      await this.abort();
    }
  }

  /** Drop the file, once the write under way ends; harmless after `commit` or a first `abort`. */
  async abort(): Promise<void> {
    this.fail(new Error('aborted'));
    await this.writing;
    await this.opened.then((handle) => handle.close()).catch(() => undefined);
    await unlink(this.temp).catch(() => undefined);
    release(this.temp);
  }
}
