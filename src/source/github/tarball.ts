import { Parser, type ReadEntry } from 'tar';
import { SourceError } from '../../errors.js';
import type { Provenance, SourceTree } from '../types.js';

/** The files of one commit, as a tarball holds them: every path, and the contents of those we may read. */
export interface Archive {
  /** The commit SHA from the pax global header (`comment=`), written by GitHub and `git archive`. */
  commit: string | undefined;
  files: string[];
  contents: Map<string, Buffer>;
}

/** Only Go sources and go.mod files are kept in memory; every path is listed. */
export function isKeptFile(path: string): boolean {
  return path.endsWith('.go') || path === 'go.mod' || path.endsWith('/go.mod');
}

/**
 * Read a .tar.gz completely, or fail: a cut-off or corrupt archive is an error (gzip's trailer catches any
 * cut), never a partial tree. The first path segment (`owner-repo-sha/`) is stripped.
 */
export function readTarball(data: Uint8Array, what: string): Promise<Archive> {
  return new Promise((resolve, reject) => {
    const archive: Archive = { commit: undefined, files: [], contents: new Map() };
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        const slash = entry.path.indexOf('/');
        const path = slash === -1 ? '' : entry.path.slice(slash + 1);
        const comment = entry.header.comment;
        archive.commit ??= comment && /^[0-9a-f]{40}$/.test(comment) ? comment : undefined;
        if (entry.type !== 'File' || !path) {
          entry.resume();
          return;
        }
        archive.files.push(path);
        if (!isKeptFile(path)) {
          entry.resume();
          return;
        }
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => archive.contents.set(path, Buffer.concat(chunks)));
      },
    });
    parser.on('error', (error: Error) => reject(new SourceError(`the archive of ${what} is incomplete or corrupt (${error.message})`, { cause: error })));
    parser.on('end', () => {
      archive.files.sort();
      resolve(archive);
    });
    parser.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });
}

export function archiveTree(archive: Archive, provenance: Provenance): SourceTree {
  return {
    provenance,
    listFiles: async () => archive.files,
    readFiles: async (paths) => {
      const out = new Map<string, Buffer>();
      for (const path of paths) {
        const content = archive.contents.get(path);
        if (!content) throw new SourceError(`no file ${path} in the archive of ${provenance.repo}@${provenance.tag ?? provenance.commit}`);
        out.set(path, content);
      }
      return out;
    },
    close: async () => undefined,
  };
}
