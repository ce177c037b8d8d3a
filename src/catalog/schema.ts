import { z } from 'zod';
import { CATALOG_SCHEMA_VERSION } from './version.js';

const location = {
  /** Go import path of the package that registers. */
  package: z.string(),
  /** Repository-relative path of the file. */
  file: z.string(),
  line: z.number().int().positive(),
};

const FlagSchema = z
  .enum(['example', 'testing', 'test', 'not-in-init'])
  .describe(
    'example: an example package; testing: a test-helper package; test: a _test.go file; ' +
      'not-in-init: registered from a function other than init()',
  );

const LocationSchema = z.string().describe('`path:line`, relative to the repository root (like `file`)');

const StepSchema = z
  .object({
    kind: z
      .enum(['import', 'const', 'var', 'local', 'parameter', 'operand'])
      .describe(
        'import: an import alias; const/var: a package-level declaration; local: a local variable; ' +
          'parameter: a constructor parameter bound at a call site; operand: one side of a string +',
      ),
    name: z.string(),
    at: LocationSchema,
  })
  .strict();

const ValueEvidenceSchema = z
  .object({
    value: z.string(),
    definedAt: LocationSchema.describe('The literal that gives the value (or the + that forms it)'),
    via: z.array(StepSchema).describe('Each step from the use to the literal'),
  })
  .strict();

const IdEvidenceSchema = z
  .object({
    expression: z.string().describe('The source text of the ID: value'),
    usedAt: LocationSchema.describe('The ID: field, or the positional element'),
    definedAt: LocationSchema,
    via: z.array(StepSchema),
  })
  .strict();

const ListEvidenceSchema = z
  .object({
    expression: z.string(),
    usedAt: LocationSchema,
    items: z.array(ValueEvidenceSchema).nullable().describe('Each element with its definition; null when only known at run time'),
    readAt: LocationSchema.nullable().describe('For a run-time value: where it is read'),
  })
  .strict();

const EvidenceSchema = z
  .object({
    id: IdEvidenceSchema.nullable().describe('null when the entry has no ID field'),
    taskTypes: ListEvidenceSchema.nullable().describe('null when the entry has no task types field'),
    defaultForTaskTypes: ListEvidenceSchema.nullable(),
    lines: z.record(z.string(), z.string()).describe('The source text (trimmed) of every location above, by `path:line`'),
  })
  .strict()
  .describe('Where the ID and task types are used and defined: the chain the scanner followed');

const PluginSchema = z
  .object({
    id: z.string().describe('The plugin ID as registered; propeller matches enabled-plugins against it lower-cased'),
    kind: z.enum(['k8s', 'core', 'remote']),
    taskTypes: z.array(z.string()).nullable().describe('Registered task types; null when they are only known at run time (see unresolved)'),
    defaultForTaskTypes: z.array(z.string()).nullable(),
    isDefault: z.boolean().nullable(),
    ...location,
    function: z.string().describe('The function the registration call sits in'),
    builtBy: z.string().nullable().describe('The function that builds the plugin entry, when it is not written at the call'),
    flags: z.array(FlagSchema),
    linked: z
      .boolean()
      .nullable()
      .describe(
        'Whether FlytePropeller at the same commit imports the package (only then is the plugin registered at run time); ' +
          'null when the repository does not hold propeller',
      ),
    evidence: EvidenceSchema.optional().describe('Written from schema version 2 on; absent in catalogs of version 1, which are still read'),
  })
  .strict();

const UnresolvedSchema = z
  .object({
    plugin: z.string().nullable().describe('The plugin ID, or null when the ID itself is what could not be resolved'),
    field: z.enum(['entry', 'id', 'taskTypes', 'defaultForTaskTypes', 'isDefault']),
    expression: z.string(),
    reason: z.string(),
    runtime: z.boolean().describe('true when the value only exists when propeller runs (read from its config)'),
    ...location,
  })
  .strict();

export const CatalogSchema = z
  .object({
    $schema: z.string().optional(),
    schemaVersion: z
      .union([z.literal(1), z.literal(CATALOG_SCHEMA_VERSION)])
      .describe(`${CATALOG_SCHEMA_VERSION} adds each plugin's evidence; catalogs of version 1 are still read`),
    generator: z.object({ name: z.string(), version: z.string() }).strict(),
    source: z
      .object({
        repo: z.string(),
        tag: z.string().nullable(),
        commit: z.string().nullable(),
        path: z.string().describe("The plugin module folder inside the repository ('' for its root)"),
        module: z.string().describe('The Go module path of that folder'),
        release: z
          .string()
          .optional()
          .describe('The Flyte release (a tag of flyteorg/flyte) whose propeller runs these plugins, when the catalog was asked for one'),
        linkedFrom: z
          .object({
            repo: z.string(),
            ref: z.string().describe('The propeller version: a flyteorg/flytepropeller tag, a flytepropeller/ tag or a Flyte 2 release'),
            commit: z.string(),
            pinnedBy: z
              .array(z.string())
              .optional()
              .describe('For a flyteplugins tag: every flytepropeller tag that pins it (ref is the one read)'),
          })
          .strict()
          .optional()
          .describe("The propeller whose imports gave each plugin's linked, when it is not the scanned commit itself"),
      })
      .strict(),
    plugins: z.array(PluginSchema).describe('One entry per registration site, sorted by id, then file and line'),
    unresolved: z.array(UnresolvedSchema),
  })
  .strict();

export type Catalog = z.infer<typeof CatalogSchema>;
export type CatalogPlugin = z.infer<typeof PluginSchema>;
export type CatalogUnresolved = z.infer<typeof UnresolvedSchema>;
export type CatalogEvidence = z.infer<typeof EvidenceSchema>;

export function catalogJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(CatalogSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
