import type { Hash } from 'node:crypto';
import { createRequire } from 'node:module';

// node:crypto and node:os, loaded on first use: `check`, and an `enable` that changes nothing, need neither, and
// loading node:crypto alone costs a command ~3 ms of its start-up. process.getBuiltinModule is Node 20.16+ and
// 22.3+; Node 21 and 22.0-22.2 require them.
const nodeRequire = createRequire(import.meta.url);

function builtin<T>(id: 'node:crypto' | 'node:os'): T {
  return (process.getBuiltinModule?.(id) ?? nodeRequire(id)) as T;
}

/** `bytes` random bytes as hex (temp file and lock names). */
export function randomHex(bytes: number): string {
  return builtin<typeof import('node:crypto')>('node:crypto').randomBytes(bytes).toString('hex');
}

export function createSha256(): Hash {
  return builtin<typeof import('node:crypto')>('node:crypto').createHash('sha256');
}

export function hostName(): string {
  return builtin<typeof import('node:os')>('node:os').hostname();
}

/** The user's home folder; undefined where there is none (a uid without a passwd entry makes os.homedir() throw). */
export function homeFolder(): string | undefined {
  try {
    return builtin<typeof import('node:os')>('node:os').homedir() || undefined;
  } catch {
    return undefined;
  }
}
