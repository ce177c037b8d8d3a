// Bundle the compiled CLI into a few files: one module to load instead of hundreds halves start-up time.
// tree-sitter stays external (native); the scanner, Octokit, zod and diff become chunks loaded only when used.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/src/cli/main.js'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: 'dist/bundle',
  external: ['tree-sitter', 'tree-sitter-go'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
