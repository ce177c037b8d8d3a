/**
 * One regular expression from consecutive literal parts, for an expected message too long for one line: the
 * parts' sources written end to end, so the pattern is exactly the one a single literal would give. The flags
 * are given once, here, never on a part.
 */
export function joinedRegExp(parts: readonly RegExp[], flags = ''): RegExp {
  if (parts.some((part) => part.flags !== '')) throw new Error('joinedRegExp: give the flags once, not on a part');
  return new RegExp(parts.map((part) => part.source).join(''), flags);
}
