/** Bumped when the catalog's JSON shape changes incompatibly. Kept apart from the zod model so that writing a catalog does not load zod. */
export const CATALOG_SCHEMA_VERSION = 2;
