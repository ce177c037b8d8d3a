// Injected into each CommonJS bundle (scripts/bundle.mjs): what `import.meta.url` was in the ES module. Never run as a module
// of its own: `require` and `__filename` are those of the bundle it lands in.
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
