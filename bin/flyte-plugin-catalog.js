#!/usr/bin/env node
// CommonJS (bin/package.json), unlike the rest of the package: Node's ES module loader alone would cost each
// command ~3 ms, and this file only loads the bundles. Each builtin loaded here is paid by every command, so
// node:v8 is loaded only where it does something.
const { join } = require('node:path');
const { BundleLoader, cachePurpose, codeCacheDir, readBuilds } = require('../dist/bundle/boot.cjs');

const argv = process.argv.slice(2);
const purpose = cachePurpose(argv);
const bundles = join(__dirname, '..', 'dist', 'bundle');
// --debug loads the bundles through Node's require, which applies their source maps: stacks name the TypeScript files.
const debug = argv.includes('--debug') || !['', '0', undefined].includes(process.env.DEBUG);
if (debug) process.setSourceMapsEnabled(true);
const codeCache = codeCacheDir(process.env);
// Node 22.1+ keeps the compiled code of what loads from node_modules (tree-sitter's JavaScript), in our folder
// rather than a shared one under /tmp; the bundles keep theirs through the loader (src/boot/code-cache.ts), on
// every Node. NODE_DISABLE_COMPILE_CACHE=1 or FLYTE_PLUGIN_CATALOG_CODE_CACHE=0 turn both off.
if (codeCache && Number(process.versions.node.split('.')[0]) >= 22) require('node:module').enableCompileCache?.(join(codeCache, 'node'));
// The commands that download or scan keep WebAssembly on V8's baseline tier (Liftoff): the optimizing tier pays
// off only in long-lived processes. undici parses HTTP with llhttp built as WebAssembly, and a multi-MB download ran
// it long enough to have it optimized, which kept a core busy ~250 ms and took ~35 MB; the WASM tree-sitter scans
// faster unoptimized too. Set before the bundles load, and by command: V8's flags are part of what a code cache is
// tied to, so they must be the same when a command's cache is written and when it is read.
if (['discover', 'tags', 'history', 'diff'].includes(purpose)) require('node:v8').setFlagsFromString('--liftoff-only');
const loader = new BundleLoader({
  dir: codeCache,
  purpose,
  require,
  builds: readBuilds(join(bundles, 'manifest.json')),
  sourceMaps: debug,
});

// main() never throws; a bundle that cannot load (a damaged install) is one line and exit 2, a failure like any
// other: not a stack and exit 1, which `check` uses for "problems found".
function failed(error) {
  const what = error instanceof Error ? (debug ? error.stack : error.message) : String(error);
  process.stderr.write(`error: flyte-plugin-catalog cannot run: ${what} (reinstall it, or report it)\n`);
  process.exitCode = 2;
}

new Promise((resolve) => resolve(loader.load(join(bundles, 'main.cjs')).main(argv)))
  .then(() => {
    loader.save();
    if (debug) process.stderr.write(`debug: ${loader.describe()}\n`);
  })
  .catch(failed);
