import { compareStrings } from './compare.js';
import { distance } from 'fastest-levenshtein';

interface Version {
  prefix: string;
  numbers: number[];
}

/** A release sorts after its pre-releases (`v1.16.0-b2`, `v1.16.0b4`). */
const RELEASE = Number.MAX_SAFE_INTEGER;

function parseVersion(tag: string): Version | undefined {
  const match = /^(.*?)v?(\d+)\.(\d+)\.(\d+)(?:[-+.]?([a-z]+)\.?(\d*))?$/i.exec(tag);
  if (!match) return undefined;
  const pre = match[5] ? Number(match[6] || 0) : RELEASE;
  return { prefix: match[1] ?? '', numbers: [Number(match[2]), Number(match[3]), Number(match[4]), pre] };
}

function compareNumbers(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * The existing tags closest to one that does not exist: for a version (`v0.5.99`), the releases just
 * below and above it with the same prefix; for anything else, the smallest edit distance.
 */
export function nearestTags(wanted: string, tags: readonly string[], count = 4): string[] {
  const version = parseVersion(wanted);
  if (version) {
    const sameLine = tags
      .map((tag) => ({ tag, version: parseVersion(tag) }))
      .filter((entry): entry is { tag: string; version: Version } => entry.version?.prefix === version.prefix)
      .sort((a, b) => compareNumbers(a.version.numbers, b.version.numbers));
    if (sameLine.length > 0) {
      const above = sameLine.findIndex((entry) => compareNumbers(entry.version.numbers, version.numbers) > 0);
      const split = above === -1 ? sameLine.length : above;
      const half = Math.floor(count / 2);
      const start = Math.max(0, Math.min(split - half, sameLine.length - count));
      return sameLine.slice(start, start + count).map((entry) => entry.tag);
    }
  }
  return [...tags].sort((a, b) => distance(wanted, a) - distance(wanted, b) || compareStrings(a, b)).slice(0, count);
}

export function compareVersionTags(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (va && vb) return compareStrings(va.prefix, vb.prefix) || compareNumbers(va.numbers, vb.numbers);
  return compareStrings(a, b);
}
