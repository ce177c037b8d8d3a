import { isGitRepository, openGitSource } from './git.js';
import { isFolder, openFolderSource } from './folder.js';
import { SourceError } from '../errors.js';
import type { SourceTree } from './types.js';

/**
 * A local path: a git repository (bare or not) read at `ref`, or a plain folder read as it is.
 * A folder that is not a repository cannot honour a ref other than its current state.
 */
export async function openLocalSource(path: string, ref: string | undefined, repo?: string): Promise<SourceTree> {
  if (!isFolder(path)) throw new SourceError(`no such folder: ${path}`);
  if (await isGitRepository(path)) return openGitSource(path, ref ?? 'HEAD', repo);
  if (ref !== undefined) {
    throw new SourceError(`not a git repository: ${path}`, {
      hint: `--tag needs a git repository; drop --tag to scan the folder as it is`,
    });
  }
  return openFolderSource(path, repo);
}
