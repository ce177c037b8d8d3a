import { ScanError, UsageError } from '../errors.js';
import type { EngineName, GoEngine } from './engines/go-engine.js';

export type { EngineName, GoEngine, SyntaxNode, Tree } from './engines/go-engine.js';

/** `auto`: native tree-sitter where it loads (fastest), else the WASM build of the same grammar. */
export type EngineChoice = EngineName | 'auto';

/** The variable the CLI reads the engine from; checked only when a scan needs it (`check` never does). */
export const ENGINE_ENV = 'FLYTE_PLUGIN_CATALOG_ENGINE';

/** An engine setting (native, wasm or auto; auto when unset or empty), refused when it names none. */
export function parseEngineChoice(setting: string | undefined): EngineChoice {
  const value = setting?.trim().toLowerCase();
  if (!value || value === 'auto') return 'auto';
  if (value === 'native' || value === 'wasm') return value;
  throw new UsageError(`${ENGINE_ENV}=${value} names no engine`, { hint: 'use native, wasm or auto' });
}

const loaded = new Map<EngineName, Promise<GoEngine>>();

function load(name: EngineName): Promise<GoEngine> {
  let engine = loaded.get(name);
  if (!engine) {
    // Each binding is its own chunk of the bundle: the one not used is never read.
    engine =
      name === 'native' ? import('./engines/native.js').then((m) => m.loadNative()) : import('./engines/wasm.js').then((m) => m.loadWasm());
    loaded.set(name, engine);
  }
  return engine;
}

/**
 * The Go parser to scan with, loaded once per process. `auto` falls back to WASM when the native addon is
 * not installed (an optional dependency whose build failed) or does not load on this machine.
 */
export async function loadGoEngine(setting?: string): Promise<GoEngine> {
  const choice = parseEngineChoice(setting);
  if (choice !== 'auto') {
    return load(choice).catch((error: unknown) => {
      throw new ScanError(`the ${choice} tree-sitter engine does not load here: ${(error as Error).message.split('\n')[0]}`, {
        hint: `unset ${ENGINE_ENV} to use whichever engine loads`,
        cause: error,
      });
    });
  }
  try {
    return await load('native');
  } catch (nativeError) {
    try {
      return await load('wasm');
    } catch (wasmError) {
      const nativeReason = (nativeError as Error).message.split('\n')[0];
      const wasmReason = (wasmError as Error).message.split('\n')[0];
      throw new ScanError(`no tree-sitter engine loads here (native: ${nativeReason}; wasm: ${wasmReason})`, {
        hint: 'reinstall flyte-plugin-catalog; scanning needs web-tree-sitter at least',
        cause: wasmError,
      });
    }
  }
}

/** Go source is UTF-8 by specification; a file that is not still scans, with U+FFFD for the bad bytes. */
const decoder = new TextDecoder('utf-8', { fatal: false });
export function decodeGoSource(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
