import { readdirSync, readFileSync, statSync } from 'node:fs';
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
    // Synchronous on purpose: hundreds of small reads finish sooner than as many promises.
    readFiles: async (paths) => new Map(paths.map((path) => [path, readFileSync(join(root, path))])),
    close: async () => undefined,
  };
}
