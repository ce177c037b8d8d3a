import type { Hash } from 'node:crypto';

// node:crypto and node:os, loaded on first use: `check`, and an `enable` that changes nothing, need neither, and
// loading node:crypto alone costs a command ~3 ms of its start-up.

/** `bytes` random bytes as hex (temp file and lock names). */
export function randomHex(bytes: number): string {
  return process.getBuiltinModule('node:crypto').randomBytes(bytes).toString('hex');
}

export function createSha256(): Hash {
  return process.getBuiltinModule('node:crypto').createHash('sha256');
}

export function hostName(): string {
  return process.getBuiltinModule('node:os').hostname();
}
