import { unlinkSync } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { randomHex } from './lazy-builtins.js';

/**
 * The files this process creates only for a while (temp files before their rename, lock files), so that
 * none outlives the process:
 * - while one exists, SIGINT, SIGTERM and SIGHUP remove them all and end the process with the conventional
 *   code (128 + signal: 130, 143, 129); with none registered the signals keep their default behaviour;
 * - their names say whose they are (`.NAME.flyte-plugin-catalog.<pid>.<random>.tmp`), so a later run can
 *   remove the leftovers of a process that was killed outright (SIGKILL, power loss): a temp file whose
 *   pid is no longer running. A pid that runs again (reused) keeps its leftover until it is gone: harmless.
 */

export const TOOL = 'flyte-plugin-catalog';

const TEMP_NAME = new RegExp(`^\\..*\\.${TOOL}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`);

const owned = new Set<string>();

const SIGNAL_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

function onSignal(signal: NodeJS.Signals): void {
  removeOwnedNow();
  process.exit(SIGNAL_CODES[signal] ?? 1);
}

/** Remove every registered file, synchronously (from a signal handler or at exit). */
function removeOwnedNow(): void {
  for (const path of owned) {
    try {
      unlinkSync(path);
    } catch {
      // already gone (renamed into place, or removed by its owner)
    }
  }
  owned.clear();
}

function installHandlers(install: boolean): void {
  for (const signal of Object.keys(SIGNAL_CODES) as NodeJS.Signals[]) {
    if (install) process.on(signal, onSignal);
    else process.off(signal, onSignal);
  }
  if (install) process.on('exit', removeOwnedNow);
  else process.off('exit', removeOwnedNow);
}

/** Register a file to be removed if the process is interrupted before `release`. */
export function track(path: string): void {
  if (owned.size === 0) installHandlers(true);
  owned.add(path);
}

export function release(path: string): void {
  if (!owned.delete(path)) return;
  if (owned.size === 0) installHandlers(false);
}

/** A temp file name beside `name` in `dir`, that says which process made it. */
export function tempPathFor(dir: string, name: string): string {
  // Keep the name within the 255 bytes of most file systems.
  const short = Buffer.byteLength(name) > 180 ? name.slice(0, 60) : name;
  return join(dir, `.${short}.${TOOL}.${process.pid}.${randomHex(4)}.tmp`);
}

/** Whether a process with this id runs (EPERM: it does, as another user). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove this tool's temp files in `dir` whose process is gone. Best effort: never throws. */
export async function removeStaleTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch((): string[] => []);
  for (const name of names) {
    const pid = Number(TEMP_NAME.exec(name)?.[1] ?? 0);
    if (pid > 0 && pid !== process.pid && !isRunning(pid)) await unlink(join(dir, name)).catch(() => undefined);
  }
}
