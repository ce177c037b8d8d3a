import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/package-root.js';
import type { Catalog } from './schema.js';

/** The keywords `schema/catalog.schema.json` uses (it is generated from the zod model: `npm run schema`). */
interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  exclusiveMinimum?: number;
  maximum?: number;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  if (type === 'integer') return Number.isInteger(value);
  return typeOf(value) === type;
}

/** The first place `value` breaks `schema`, as `path: why`; undefined when it conforms. */
function violation(value: unknown, schema: JsonSchema, path: string): string | undefined {
  if (schema.anyOf) return schema.anyOf.some((option) => !violation(value, option, path)) ? undefined : `${path}: matches no alternative`;
  const types = schema.type === undefined ? [] : [schema.type].flat();
  if (types.length > 0 && !types.some((type) => hasType(value, type))) return `${path}: expected ${types.join(' or ')}`;
  if ('const' in schema && value !== schema.const) return `${path}: expected ${JSON.stringify(schema.const)}`;
  if (schema.enum && !schema.enum.includes(value)) return `${path}: not one of ${schema.enum.join(', ')}`;
  if (typeof value === 'number') {
    if (schema.exclusiveMinimum !== undefined && !(value > schema.exclusiveMinimum)) return `${path}: too small`;
    if (schema.maximum !== undefined && value > schema.maximum) return `${path}: too large`;
  }
  if (Array.isArray(value) && schema.items) {
    for (const [index, item] of value.entries()) {
      const found = violation(item, schema.items, `${path}.${index}`);
      if (found) return found;
    }
  }
  if (typeOf(value) === 'object') return objectViolation(value as Record<string, unknown>, schema, path);
  return undefined;
}

function objectViolation(value: Record<string, unknown>, schema: JsonSchema, path: string): string | undefined {
  for (const key of schema.required ?? []) if (!(key in value)) return `${path}.${key}: required`;
  for (const [key, item] of Object.entries(value)) {
    const property = schema.properties?.[key];
    if (!property) {
      if (schema.additionalProperties === false) return `${path}.${key}: not allowed`;
      continue;
    }
    const found = violation(item, property, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

let catalogSchema: JsonSchema | undefined;

/**
 * A catalog checked against the shipped JSON Schema (the zod model's own export) by this small interpreter
 * of the keywords it uses: what a cached catalog needs, without loading zod (~25 ms of imports and ~15 ms of
 * garbage collection, more than the rest of a warm `discover --tag`). Throws `path: why` on the first violation.
 */
export function checkCatalog(value: unknown): Catalog {
  catalogSchema ??= JSON.parse(readFileSync(join(packageRoot, 'schema', 'catalog.schema.json'), 'utf8')) as JsonSchema;
  const found = violation(value, catalogSchema, '(root)');
  if (found) throw new Error(found);
  return value as Catalog;
}
