/** Kept for the cache (src/cache/store.ts): the write path now lives in safe-write.ts. */
export { writeFileAtomic } from './safe-write.js';
