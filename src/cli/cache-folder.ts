import { resolve } from 'node:path';
import { defaultCacheDir } from '../cache/store.js';
import type { CliIo } from './io.js';

/** `--cache-dir` (from the working folder), else the user's cache folder; undefined without a home: no cache. */
export function cacheDirOf(io: CliIo, flag: string | undefined): string | undefined {
  if (flag !== undefined) return resolve(io.cwd, flag);
  return defaultCacheDir(io.env);
}
