import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SourceError } from '../errors.js';
import type { SourceTree } from './types.js';

const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);

/** Synchronous on purpose: a tree of hundreds of folders is walked sooner without a promise per folder. */
function walk(root: string, relative: string, out: string[]): void {
  for (const entry of readdirSync(join(root, relative), { withFileTypes: true })) {
    const path = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) walk(root, path, out);
    } else if (entry.isFile()) {
      out.push(path);
    }
  }
}

/** Whether a path is a folder (false when it cannot be read). Synchronous: one call, no trip through the thread pool. */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const CHUNK = 1 << 20;
const MIN_READ = 1 << 16;

/**
 * Files read one after another into shared chunks of memory, each returned as a view of its bytes: no stat and
 * no buffer per file (~20% off reading hundreds of small files). Synchronous on purpose: hundreds of small reads
 * finish sooner than as many promises.
 */
function readAll(root: string, paths: readonly string[]): Map<string, Buffer> {
  const contents = new Map<string, Buffer>();
  let chunk = Buffer.allocUnsafe(CHUNK);
  let used = 0;
  for (const path of paths) {
    const fd = openSync(`${root}/${path}`, 'r');
    try {
      let start = used;
      for (;;) {
        if (chunk.length - used < MIN_READ) {
          // A fresh chunk, with what this file has read so far moved to its start; views of earlier files stay valid.
          const next = Buffer.allocUnsafe(Math.max(CHUNK, 2 * (used - start) + MIN_READ));
          chunk.copy(next, 0, start, used);
          [chunk, used, start] = [next, used - start, 0];
        }
        const read = readSync(fd, chunk, used, chunk.length - used, null);
        if (read === 0) break;
        used += read;
      }
      contents.set(path, chunk.subarray(start, used));
    } finally {
      closeSync(fd);
    }
  }
  return contents;
}

/** A plain folder on disk, read as it is now. */
export async function openFolderSource(dir: string, repo?: string): Promise<SourceTree> {
  const root = resolve(dir);
  if (!isFolder(root)) throw new SourceError(`no such folder: ${dir}`);
  let files: string[] | undefined;
  return {
    provenance: { repo: repo ?? root, tag: null, commit: null },
    listFiles: async () => {
      if (!files) {
        files = [];
        walk(root, '', files);
        files.sort();
      }
      return files;
    },
    readFiles: async (paths) => readAll(root, paths),
    close: async () => undefined,
  };
}
