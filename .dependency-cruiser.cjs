// The layers of src/, lowest first. A module may import from its own layer and from those its row allows,
// never from a layer above it: data flows one way (README, "Design"). `npm run qa` and a test enforce it.
const layers = {
  // What the bin runs before any bundle (bundled on its own, boot.cjs): only the base layer, which holds no state.
  boot: { path: '^src/boot/', may: ['base'] },
  base: { path: '^src/(util/|errors\\.ts$|package-info\\.ts$)', may: [] },
  catalog: { path: '^src/catalog/', may: ['base'] },
  cache: { path: '^src/cache/', may: ['base', 'catalog'] },
  source: { path: '^src/source/', may: ['base', 'catalog', 'cache'] },
  scan: { path: '^src/scan/', may: ['base', 'catalog', 'source'] },
  config: { path: '^src/config/', may: ['base', 'catalog'] },
  app: { path: '^src/(discover|load-catalog|index)\\.ts$', may: ['base', 'catalog', 'cache', 'source', 'scan', 'config'] },
  cli: { path: '^src/cli/', may: ['base', 'catalog', 'cache', 'source', 'scan', 'config', 'app'] },
};

const layerRules = Object.entries(layers).flatMap(([name, layer]) => {
  const forbidden = Object.entries(layers)
    .filter(([other]) => other !== name && !layer.may.includes(other))
    .map(([, other]) => other.path);
  if (forbidden.length === 0) return [];
  return {
    name: `layer-${name}`,
    comment: `${name} may import only from ${layer.may.join(', ') || 'nothing else in src'}`,
    severity: 'error',
    from: { path: layer.path },
    to: { path: forbidden },
  };
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    { name: 'no-circular', comment: 'no import cycles, within a folder or across', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'src-not-to-tests-or-scripts',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|scripts)/' },
    },
    {
      name: 'not-to-dev-dependencies',
      comment: 'what ships may not import a devDependency',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
  },
};
