import type { Change } from '../config/change.js';

/** Lines of context around each change, as `diff -u` shows them. */
const CONTEXT = 3;

/**
 * The unified diff `--dry-run` prints: the file's text before and after a change. The lines both texts start
 * with are not diffed but for the last few (the hunks' line numbers are moved back by the rest): jsdiff walks
 * that common start first and decides everything after it alone, so the hunks are those of the whole file,
 * and diffing 1,100 unchanged lines of a 46 KB values file cost ~3 ms in a process that starts cold. (The
 * common end cannot be cut so: where a change could be aligned in two ways, which one jsdiff picks depends on it.)
 */
export async function unifiedDiff(path: string, change: Pick<Change, 'before' | 'after'>): Promise<string> {
  const { formatPatch, structuredPatch } = await import('diff');
  const before = change.before.split('\n');
  const after = change.after.split('\n');
  // Whole lines only: the last piece of a split has no newline after it.
  let same = 0;
  while (same < before.length - 1 && same < after.length - 1 && before[same] === after[same]) same++;
  // The context kept: the first hunk's first lines are the last ones of the common start.
  const skip = Math.max(0, same - CONTEXT);
  let from = 0;
  for (let line = 0; line < skip; line++) from += (before[line]?.length ?? 0) + 1;
  const patch = structuredPatch(path, path, change.before.slice(from), change.after.slice(from), '', '', { context: CONTEXT });
  for (const hunk of patch.hunks) {
    hunk.oldStart += skip;
    hunk.newStart += skip;
  }
  return formatPatch(patch);
}
