export { discover, type DiscoverOptions, type DiscoverResult } from './discover.js';
export { buildCatalog } from './scan/build-catalog.js';
export { serializeCatalog } from './catalog/serialize.js';
export { CatalogSchema, catalogJsonSchema, type Catalog, type CatalogPlugin, type CatalogUnresolved } from './catalog/schema.js';
export { scanSource, type ScanOptions, type ScanResult } from './scan/scan.js';
export { openLocalSource } from './source/local.js';
export { openGitSource } from './source/git.js';
export { openFolderSource } from './source/folder.js';
export type { SourceTree, Provenance } from './source/types.js';
export * from './errors.js';
export { loadCatalog, type CatalogChoice } from './load-catalog.js';
export { verifyName } from './catalog/verify-name.js';
export { parseConfigText, type ConfigFile, type PluginsBlock } from './config/locate.js';
export { readConfigFile, readLayered, chooseBlock } from './config/read.js';
export { planEnableChange, planDisableChange, type Change, type ChangeRequest } from './config/change.js';
export { checkConfig, effectiveConfigs, type ConfigCheck, type EffectiveConfig } from './config/propeller.js';
export { checkInput, checkRun, type CheckOptions } from './config/check-run.js';
export { layerFiles, type ConfigInput } from './config/layered.js';
export { RULES, type Rule } from './config/rules.js';
export {
  CheckRunSchema,
  checkReportJsonSchema,
  type CheckRun,
  type CheckReport,
  type Finding,
  type Route,
  type Severity,
  type SourceLocation,
} from './config/report-schema.js';
