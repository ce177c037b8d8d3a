export { discover, type DiscoverOptions, type DiscoverResult } from './discover.js';
export { buildCatalog, serializeCatalog } from './catalog/build.js';
export { CatalogSchema, catalogJsonSchema, type Catalog, type CatalogPlugin, type CatalogUnresolved } from './catalog/schema.js';
export { scanSource, type ScanOptions, type ScanResult } from './scan/scan.js';
export { openLocalSource } from './source/local.js';
export { openGitSource } from './source/git.js';
export { openFolderSource } from './source/folder.js';
export type { SourceTree, Provenance } from './source/types.js';
export * from './errors.js';
