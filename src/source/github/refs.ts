import type { CacheStore } from '../../cache/store.js';
import { FULL_SHA } from '../../util/git-sha.js';

/** A cached `refs/` entry: the commit a tag names. Throws on any other shape (the cache then drops it). */
function parseRefEntry(value: unknown): { commit: string } {
  const commit = typeof value === 'object' && value !== null && 'commit' in value ? value.commit : undefined;
  if (typeof commit !== 'string' || !FULL_SHA.test(commit)) throw new Error('a ref entry holds {"commit": "<40 hex>"}');
  return { commit };
}

/** Tags and SHAs name one commit for good, so what they resolve to can be cached; branches cannot. */
export function isImmutableRef(ref: string): boolean {
  return FULL_SHA.test(ref) || /(^|\/)v?\d+\.\d+/.test(ref);
}

interface RefOf {
  owner: string;
  repo: string;
  ref: string;
}

/** The cache key of the commit a ref names. */
export function refKey(target: RefOf): string[] {
  return ['refs', target.owner, target.repo, target.ref];
}

/** The commit a ref names without asking GitHub: a full SHA as it is, a tag seen before from the cache. */
export async function cachedCommit(target: RefOf, cache: CacheStore | undefined): Promise<string | undefined> {
  if (FULL_SHA.test(target.ref)) return target.ref;
  return (await cache?.readJson(refKey(target), parseRefEntry))?.commit;
}
