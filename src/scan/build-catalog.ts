import type { Catalog, CatalogPlugin, CatalogUnresolved } from '../catalog/schema.js';
import { CATALOG_SCHEMA_VERSION } from '../catalog/version.js';
import { generator } from '../package-info.js';
import { compareStrings as compare } from '../util/compare.js';
import { dirname, importPathOf } from './module-layout.js';
import type { ScanResult } from './scan.js';

/** The catalog of one scan. Everything is sorted, nothing depends on time: the same input gives the same bytes. */
export function buildCatalog(scan: ScanResult): Catalog {
  const plugins: CatalogPlugin[] = [];
  const unresolved: CatalogUnresolved[] = [];
  for (const registration of scan.registrations) {
    const { unresolved: fields, id, ...rest } = registration;
    for (const field of fields) unresolved.push({ plugin: id, ...field, package: importPathOf(scan.layout, dirname(field.file)) });
    // A _test.go file is never compiled into propeller, whatever its package.
    const linked = scan.linkedPackages ? !registration.flags.includes('test') && scan.linkedPackages.has(registration.package) : null;
    if (id !== null) plugins.push({ id, ...rest, flags: [...rest.flags], linked });
  }
  plugins.sort((a, b) => compare(a.id, b.id) || compare(a.file, b.file) || a.line - b.line);
  unresolved.sort((a, b) => compare(a.file, b.file) || a.line - b.line || compare(a.field, b.field));
  return {
    schemaVersion: CATALOG_SCHEMA_VERSION,
    generator,
    source: {
      repo: scan.provenance.repo,
      tag: scan.provenance.tag,
      commit: scan.provenance.commit,
      path: scan.layout.root,
      module: importPathOf(scan.layout, scan.layout.root),
    },
    plugins,
    unresolved,
  };
}
