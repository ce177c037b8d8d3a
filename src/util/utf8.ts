const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The bytes as text, losslessly: a BOM is kept as U+FEFF (so it is written back), and what is not UTF-8 is
 * reported with the offset of its first bad byte instead of becoming U+FFFD.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { invalidAt: number; byte: number } {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    const invalidAt = invalidUtf8Offset(bytes) ?? 0;
    return { invalidAt, byte: bytes[invalidAt] ?? 0 };
  }
}

/** The ranges of a sequence's second byte that differ from 80..BF (no overlongs, no surrogates, ≤ U+10FFFF). */
const SECOND: Record<number, [number, number]> = { 224: [0xa0, 0xbf], 237: [0x80, 0x9f], 240: [0x90, 0xbf], 244: [0x80, 0x8f] };

/** The offset of the first byte that starts an invalid UTF-8 sequence, or undefined when all is valid. */
export function invalidUtf8Offset(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const need = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
    if (need === 0) return i;
    for (let k = 1; k <= need; k += 1) {
      const [low, high] = k === 1 ? (SECOND[lead] ?? [0x80, 0xbf]) : [0x80, 0xbf];
      const next = bytes[i + k];
      if (next === undefined || next < low || next > high) return i;
    }
    i += need + 1;
  }
  return undefined;
}
