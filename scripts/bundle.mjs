// Bundle the compiled CLI for bin/flyte-plugin-catalog.js, which runs it through a V8 code cache
// (src/boot/code-cache.ts): CommonJS files, since only vm.Script keeps compiled code on Node 20.
//   main.cjs           our code and the small libraries every command may use
//   vendor-github.cjs  Octokit and undici: only a download loads them
//   vendor-zod.cjs     zod: only what validates a catalog or a report against its schema loads it
// The big libraries are bundles of their own so that a command that never uses them does not load (nor
// cache) their code. tree-sitter and web-tree-sitter stay in node_modules (a native addon; a module that finds its
// .wasm beside itself). manifest.json names each bundle's hash, which ties a cached compile to its exact bundle.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const out = 'dist/bundle';

// The Go grammar as WASM, for the engine that needs no native addon: shipped inside the package, since the
// native tree-sitter-go (which carries it) is an optional dependency that may be missing where it is needed.
mkdirSync('dist/wasm', { recursive: true });
copyFileSync(require.resolve('tree-sitter-go/tree-sitter-go.wasm'), 'dist/wasm/tree-sitter-go.wasm');

/** Which bundle serves each package that is not in main.cjs, and the names our code imports from it. */
const VENDORS = {
  'vendor-github.cjs': ['@octokit/rest', '@octokit/request-error', 'undici'],
  'vendor-zod.cjs': ['zod'],
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
  // CommonJS has no import.meta: the bundle's own file URL stands in (package-root.ts, go-engine.ts use it).
  define: { 'import.meta.url': 'importMetaUrl' },
  inject: ['scripts/import-meta-url.mjs'],
  // `import()` becomes a require: vm.Script runs no dynamic import without an experimental hook (which a cached
  // compile loses on Node 20). tree-sitter, tree-sitter-go and web-tree-sitter all have CommonJS entries.
  supported: { 'dynamic-import': false },
  metafile: true,
};

/** A bundle must not keep an `import()`: under vm.Script it would throw at the first use. */
function refuseDynamicImports(result) {
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const left = output.imports.filter((entry) => entry.kind === 'dynamic-import');
    if (left.length > 0) throw new Error(`bundle: ${file} keeps import() of ${left.map((entry) => entry.path).join(', ')}`);
  }
}

/**
 * commander requires node:child_process when it loads, for git-style executable subcommands, which this CLI has
 * none of: it gets a stand-in that requires the real module on first use (~2 ms of every command). Our own code
 * (git sources) requires the real one.
 */
const lazyChildProcessPlugin = {
  name: 'lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

/** Imports of a vendored package resolve to its bundle, loaded (through the code cache) when first used. */
const vendorPlugin = {
  name: 'vendors',
  setup(build) {
    for (const [file, packages] of Object.entries(VENDORS)) {
      const filter = new RegExp(`^(${packages.map((name) => name.replace(/[/@]/g, '\\$&')).join('|')})$`);
      build.onResolve({ filter }, () => ({ path: `./${file}`, external: true }));
    }
  },
};

refuseDynamicImports(
  await build({
    ...common,
    entryPoints: ['dist/src/cli/main.js'],
    outfile: `${out}/main.cjs`,
    external: ['tree-sitter', 'tree-sitter-go', 'web-tree-sitter'],
    plugins: [vendorPlugin, lazyChildProcessPlugin],
  }),
);
/** A vendor bundle's entry: its own file when it has one (scripts/vendor-github.mjs), else every export of its packages. */
function vendorEntry(file, packages) {
  const own = `scripts/${file.replace(/\.cjs$/, '.mjs')}`;
  if (existsSync(own)) return { entryPoints: [own] };
  return { stdin: { contents: packages.map((name) => `export * from '${name}';`).join('\n'), resolveDir: '.', loader: 'js' } };
}

for (const [file, packages] of Object.entries(VENDORS)) {
  refuseDynamicImports(await build({ ...common, ...vendorEntry(file, packages), outfile: `${out}/${file}` }));
}

// Every name our code imports from a vendored package must be exported by its bundle: `export *` drops a name
// two packages both export, which would otherwise surface as `undefined` at run time.
for (const [file, packages] of Object.entries(VENDORS)) {
  const exported = new Set(Object.keys(require(join(process.cwd(), out, file))));
  for (const name of importedNames(packages)) {
    if (!exported.has(name)) throw new Error(`bundle: ${file} does not export '${name}', which dist/src imports`);
  }
}

// The loader itself, for the CommonJS bin (bin/package.json): Node's ES module loader alone costs a command ~3 ms.
refuseDynamicImports(await build({ ...common, entryPoints: ['dist/src/boot/code-cache.js'], outfile: `${out}/boot.cjs` }));

const manifest = {};
for (const name of readdirSync(out)
  .filter((name) => name.endsWith('.cjs'))
  .sort()) {
  manifest[name] = createHash('sha256')
    .update(readFileSync(join(out, name)))
    .digest('hex');
}
writeFileSync(`${out}/manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);

/** The value names `import { a, b as c } from 'pkg'` takes from the packages, across the compiled sources. */
function importedNames(packages) {
  const names = new Set();
  const files = readdirSync('dist/src', { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.js'));
  for (const name of files) {
    const text = readFileSync(join('dist/src', name), 'utf8');
    for (const match of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'([^']+)'/g)) {
      if (!packages.includes(match[2])) continue;
      for (const part of match[1].split(',')) {
        const imported = part.trim().split(/\s+as\s+/)[0];
        if (imported) names.add(imported);
      }
    }
  }
  return names;
}
