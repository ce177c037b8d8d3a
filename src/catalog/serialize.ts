import type { Catalog } from './schema.js';

/** The catalog as written to disk and stdout: the same catalog gives the same bytes. */
export function serializeCatalog(catalog: Catalog): string {
  return `${JSON.stringify(catalog, null, 2)}\n`;
}
