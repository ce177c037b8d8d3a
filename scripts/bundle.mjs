// Bundle the compiled CLI into a few files: one module to load instead of hundreds halves start-up time.
// tree-sitter and web-tree-sitter stay external (a native addon; a module that finds its .wasm beside itself); the scanner, Octokit, zod and diff become chunks loaded only when used.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

// The Go grammar as WASM, for the engine that needs no native addon: shipped inside the package, since the
// native tree-sitter-go (which carries it) is an optional dependency that may be missing where it is needed.
const require = createRequire(import.meta.url);
mkdirSync('dist/wasm', { recursive: true });
copyFileSync(require.resolve('tree-sitter-go/tree-sitter-go.wasm'), 'dist/wasm/tree-sitter-go.wasm');

await build({
  entryPoints: ['dist/src/cli/main.js'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: 'dist/bundle',
  external: ['tree-sitter', 'tree-sitter-go', 'web-tree-sitter'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
