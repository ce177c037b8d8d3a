#!/usr/bin/env node
// Source maps before the bundle loads, so that a --debug stack names the TypeScript files.
const debug = process.argv.includes('--debug') || !['', '0', undefined].includes(process.env.DEBUG);
if (debug) process.setSourceMapsEnabled(true);
const { main } = await import('../dist/bundle/main.js');

await main(process.argv.slice(2));
