#!/usr/bin/env node
import module from 'node:module';

// Source maps before the bundle loads, so that a --debug stack names the TypeScript files.
const debug = process.argv.includes('--debug') || !['', '0', undefined].includes(process.env.DEBUG);
if (debug) process.setSourceMapsEnabled(true);
// Node 22.1+ keeps V8's compiled code of the bundle on disk (its own cache folder, keyed to the Node binary,
// ignored when stale); Node 20 has no such API and starts as before. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
module.enableCompileCache?.();
const { main } = await import('../dist/bundle/main.js');

await main(process.argv.slice(2));
