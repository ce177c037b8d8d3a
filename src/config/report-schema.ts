import { z } from 'zod';
import { CHECK_REPORT_SCHEMA_VERSION } from './report-version.js';

const SeveritySchema = z
  .enum(['fatal', 'broken', 'silent', 'check'])
  .describe(
    'fatal: propeller refuses to start; broken: propeller starts but tasks of some type cannot run; ' +
      'silent: propeller starts, but not as written; check: worth a look, nothing fails',
  );

const LocationSchema = z
  .object({
    file: z.string().describe('The file that wrote the value (the last of layered files to write it); "-" for standard input'),
    line: z.number().int().positive().describe('1-based line in that file (the outer file for a config inside a ConfigMap string)'),
    column: z.number().int().positive().describe('1-based column'),
  })
  .strict();

const FindingSchema = z
  .object({
    rule: z.string().describe('A stable kebab-case rule ID (README, "Rules")'),
    severity: SeveritySchema,
    message: z.string(),
    location: LocationSchema.nullable().describe('The YAML node that causes the finding; null when there is none'),
    plugins: z.array(z.string()).describe('The plugin IDs involved'),
    taskTypes: z.array(z.string()).describe('The task types involved'),
  })
  .strict();

const IgnoredSchema = FindingSchema.extend({
  ignoredBy: z.enum(['option', 'comment']).describe('--ignore RULE, or a `# flyte-plugin-catalog: ignore RULE` comment'),
}).strict();

const RouteSchema = z
  .object({
    taskType: z.string(),
    plugin: z.string().nullable().describe('The plugin that runs it; null when none does'),
    why: z.string(),
  })
  .strict();

const ReportSchema = z
  .object({
    input: z.array(z.string()).describe('The files read for this config: one, or several layered like helm -f … -f …'),
    config: z.string().describe('The task-plugins block (YAML path; ` ⟶ ` enters a ConfigMap string)'),
    catalog: z.string().describe('The catalog checked against: repository and version'),
    rules: z.enum(['flyte-v1', 'flyte-v2']),
    enabled: z.union([z.array(z.string()), z.literal('all')]).describe("Enabled plugin IDs, or 'all' for an empty or absent list"),
    findings: z.array(FindingSchema),
    ignored: z.array(IgnoredSchema),
    routes: z.array(RouteSchema).describe('The plugin that runs each task type, and why'),
    failed: z.boolean().describe('Whether a finding of this config fails the run (--fail-on, --expect)'),
  })
  .strict();

export const CheckRunSchema = z
  .object({
    $schema: z.string().optional(),
    schemaVersion: z.literal(CHECK_REPORT_SCHEMA_VERSION),
    generator: z.object({ name: z.string(), version: z.string() }).strict(),
    failOn: z.enum(['fatal', 'broken', 'silent', 'check', 'none']).describe('The least severity that fails the run'),
    failed: z.boolean(),
    reports: z.array(ReportSchema).describe('One per task-plugins block propeller reads, for each input'),
  })
  .strict();

export type Severity = z.infer<typeof SeveritySchema>;
export type SourceLocation = z.infer<typeof LocationSchema>;
export type Finding = z.infer<typeof FindingSchema>;
export type IgnoredFinding = z.infer<typeof IgnoredSchema>;
export type Route = z.infer<typeof RouteSchema>;
export type CheckReport = z.infer<typeof ReportSchema>;
export type CheckRun = z.infer<typeof CheckRunSchema>;
export type FailOn = CheckRun['failOn'];

export function checkReportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(CheckRunSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
