import { readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { WriteError } from '../errors.js';
import { isRunning, release, TOOL, track } from './temp-files.js';
import { describeFsError } from './fs-errors.js';
import { hostName, randomHex } from './lazy-builtins.js';

/**
 * An advisory lock on a file for a read-plan-write cycle, shared by every run of this tool: a lock file
 * `.NAME.flyte-plugin-catalog.lock` beside it, created with O_EXCL and holding `pid host token`.
 * - A run that finds the lock taken waits (polling, up to `timeoutMs`) and then fails with one line.
 * - A lock whose process is gone (killed outright) on this host is stale: it is removed and taken. A lock
 *   from another host (a shared folder) is never judged stale: the message names it for a person to remove.
 * - Two runs breaking one stale lock at once could both believe they hold it; `assertHeld` (called just
 *   before the rename) re-reads the lock file, so the one whose token is gone gives way and retries.
 * The lock is registered as a temp file: SIGINT/SIGTERM remove it.
 */

export interface HeldLock {
  path: string;
  /** Throws a `LockLostError` when the lock file is no longer this one. */
  assertHeld(): Promise<void>;
}

/** The lock was taken over (a stale-lock race): the caller redoes its cycle under a new lock. */
export class LockLostError extends WriteError {}

const STALE_UNREADABLE_MS = 5000;

function lockPathOf(path: string): string {
  return join(dirname(path), `.${basename(path)}.${TOOL}.lock`);
}

interface LockOwner {
  pid: number;
  host: string;
  token: string;
}

function parseOwner(text: string): LockOwner | undefined {
  const [pid, host, token] = text.trim().split(' ');
  return pid && host && token && /^\d+$/.test(pid) ? { pid: Number(pid), host, token } : undefined;
}

/** Remove the lock at `lockPath` if the process that holds it is gone; true when removed. */
async function breakIfStale(lockPath: string): Promise<{ broken: boolean; owner: LockOwner | undefined }> {
  const text = await readFile(lockPath, 'utf8').catch(() => undefined);
  if (text === undefined) return { broken: true, owner: undefined }; // released meanwhile: try again
  const owner = parseOwner(text);
  const age = Date.now() - ((await stat(lockPath).catch(() => undefined))?.mtimeMs ?? 0);
  const stale = owner ? owner.host === hostName() && owner.pid !== process.pid && !isRunning(owner.pid) : age > STALE_UNREADABLE_MS;
  if (!stale) return { broken: false, owner };
  // Only remove what was judged: the same text still there.
  if ((await readFile(lockPath, 'utf8').catch(() => undefined)) === text) await unlink(lockPath).catch(() => undefined);
  return { broken: true, owner };
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

async function acquire(path: string, label: string, timeoutMs: number): Promise<HeldLock> {
  const lockPath = lockPathOf(path);
  const token = randomHex(8);
  const content = `${process.pid} ${hostName()} ${token}\n`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await writeFile(lockPath, content, { flag: 'wx', mode: 0o600 });
      // Registered only once it is ours: an interrupt must never remove another run's lock.
      track(lockPath);
      const assertHeld = async (): Promise<void> => {
        if ((await readFile(lockPath, 'utf8').catch(() => undefined)) !== content)
          throw new LockLostError(`the lock on ${label} was taken over by another run; nothing written`, { hint: 'run the command again' });
      };
      return { path: lockPath, assertHeld };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new WriteError(`cannot write ${label} (${describeFsError(error)}); it is unchanged`, { cause: error });
    }
    const { broken, owner } = await breakIfStale(lockPath);
    if (broken) continue;
    if (Date.now() > deadline) {
      const who = owner ? `pid ${owner.pid} on ${owner.host}` : 'another run';
      throw new WriteError(`${label} is being edited by another ${TOOL} run (${who}); it is unchanged`, {
        hint: `run again when it is done, or remove ${lockPath} if that process is gone`,
      });
    }
    await sleep(5 + Math.random() * 25);
  }
}

/** Run `fn` holding the lock of `path` (a real path, links resolved, so every name of the file shares it). */
export async function withFileLock<T>(path: string, label: string, fn: (lock: HeldLock) => Promise<T>, timeoutMs = 15000): Promise<T> {
  // Test-only: a short wait, so a test of a lock held by another process need not wait 15 s.
  const testTimeout = Number(process.env.FPC_TEST_LOCK_TIMEOUT_MS ?? 0);
  const lock = await acquire(path, label, testTimeout > 0 ? testTimeout : timeoutMs);
  try {
    return await fn(lock);
  } finally {
    try {
      await lock.assertHeld();
      await unlink(lock.path);
    } catch {
      // taken over or already removed: not ours to remove
    }
    release(lock.path);
  }
}
