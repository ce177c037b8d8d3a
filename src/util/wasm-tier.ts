/**
 * WebAssembly in the CLI's process stays on V8's baseline compiler (Liftoff). Its optimizing tier pays off
 * only in long-lived processes: undici parses HTTP with llhttp built as WebAssembly, and a multi-MB download
 * runs it long enough to have its main function optimized, which keeps a core busy for ~250 ms and takes
 * ~35 MB while the archive streams in; the WASM tree-sitter scans faster unoptimized too.
 *
 * A V8 flag is the process's, not a library's: the CLI asks for it (`keepWasmOnBaselineTier`), and the
 * code that is about to compile WebAssembly applies it (`applyWasmTier`), so a command that compiles none
 * does not even load `node:v8`, and a program using this package as a library is left as it is.
 */
let wanted = false;

export function keepWasmOnBaselineTier(): void {
  wanted = true;
}

/** Before WebAssembly is first compiled: the flag the CLI asked for, once. */
export function applyWasmTier(): void {
  if (!wanted) return;
  wanted = false;
  process.getBuiltinModule('node:v8').setFlagsFromString('--liftoff-only');
}
