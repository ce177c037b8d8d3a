import { FULL_SHA } from '../../util/git-sha.js';

/** A cached `refs/` entry: the commit a tag names. Throws on any other shape (the cache then drops it). */
export function parseRefEntry(value: unknown): { commit: string } {
  const commit = typeof value === 'object' && value !== null && 'commit' in value ? value.commit : undefined;
  if (typeof commit !== 'string' || !FULL_SHA.test(commit)) throw new Error('a ref entry holds {"commit": "<40 hex>"}');
  return { commit };
}

/** Tags and SHAs name one commit for good, so what they resolve to can be cached; branches cannot. */
export function isImmutableRef(ref: string): boolean {
  return FULL_SHA.test(ref) || /(^|\/)v?\d+\.\d+/.test(ref);
}
