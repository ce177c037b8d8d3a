#!/usr/bin/env node
import module from 'node:module';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { BundleLoader, cachePurpose, codeCacheDir, readBuilds } from '../dist/src/boot/code-cache.js';

const argv = process.argv.slice(2);
const bundle = (name) => fileURLToPath(new URL(`../dist/bundle/${name}`, import.meta.url));
// --debug loads the bundles through Node's require, which applies their source maps: stacks name the TypeScript files.
const debug = argv.includes('--debug') || !['', '0', undefined].includes(process.env.DEBUG);
if (debug) process.setSourceMapsEnabled(true);
// Node 22.1+ keeps the compiled code of what loads from node_modules (tree-sitter's JavaScript); the bundles keep
// theirs through the loader (src/boot/code-cache.ts), on every Node. NODE_DISABLE_COMPILE_CACHE=1 turns both off.
module.enableCompileCache?.();
// WebAssembly stays on V8's baseline tier (Liftoff): the optimizing tier pays off only in long-lived processes.
// undici parses HTTP with llhttp built as WebAssembly, and a multi-MB download ran it long enough to have it
// optimized, which kept a core busy ~250 ms and took ~35 MB; the WASM tree-sitter scans faster unoptimized too.
// Set before the bundles load: V8's flags are part of what a code cache is tied to, so they must be the same
// when it is written and when it is read. Only the CLI's process: a program using the library is left as it is.
setFlagsFromString('--liftoff-only');
const loader = new BundleLoader({
  dir: codeCacheDir(process.env),
  purpose: cachePurpose(argv),
  builds: readBuilds(bundle('manifest.json')),
  sourceMaps: debug,
});
const { main } = loader.load(bundle('main.cjs'));

await main(argv);
loader.save();
if (debug) process.stderr.write(`debug: ${loader.describe()}\n`);
