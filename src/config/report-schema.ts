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

const RouteChangeSchema = z
  .object({
    taskType: z.string().describe('A task type, `(configured at run time)` for a plugin whose own config lists them, or `(any other)`'),
    before: z.string().nullable().describe('The plugin that runs it on the current version; null when none does'),
    after: z.string().nullable().describe('The plugin that runs it on the target version; null when none does'),
    why: z.string().describe('Why it runs there on the target version'),
    unless: z.array(z.string()).describe("Plugins of the target version that would run it if enabled (a renamed ID's new name first)"),
  })
  .strict();

const EditStepSchema = z
  .object({
    command: z.enum(['enable', 'disable']),
    ids: z.array(z.string()),
    defaultFor: z.array(z.string()).describe('enable --default-for: task types whose default moves to the (single) ID'),
    removeDefaults: z.boolean().describe('disable --yes: also remove the defaults that point at the IDs'),
    why: z.string(),
  })
  .strict();

const UpgradeConfigSchema = z
  .object({
    input: z.array(z.string()),
    config: z.string().describe('The task-plugins block (as in reports)'),
    current: ReportSchema.describe('The check report on the current version (the target version is in `reports`)'),
    appeared: z.array(FindingSchema).describe('Findings on the target version only (same rule and message, version names aside)'),
    disappeared: z.array(FindingSchema).describe('Findings on the current version only'),
    routes: z.array(RouteChangeSchema).describe('Task types that run on another plugin after the upgrade'),
    edit: z
      .object({
        file: z.string().nullable().describe('The file the steps edit; null when none can be (standard input, no list to edit)'),
        steps: z.array(EditStepSchema).describe('enable, then disable: what keeps the current behaviour on the target version'),
        commands: z.array(z.string()).describe('The steps as flyte-plugin-catalog commands (`-c FILE` when `file` is null)'),
        diff: z.string().nullable().describe('The unified diff the steps make (as --dry-run prints it; nothing is written)'),
        notes: z.array(z.string()).describe('What the steps cannot keep, and why'),
      })
      .strict(),
  })
  .strict();

const UpgradeSchema = z
  .object({
    from: z.string().describe('The current version'),
    to: z.string().describe('The target version (--upgrade-to)'),
    plugins: z
      .object({
        added: z.array(z.string()),
        removed: z.array(z.string()),
        renamed: z.array(z.object({ from: z.string(), to: z.string(), basis: z.string() }).strict()),
      })
      .strict()
      .describe('Plugin IDs the target version adds, removes and renames (as `diff FROM TO` lists them)'),
    configs: z.array(UpgradeConfigSchema).describe('One per report, in the same order'),
  })
  .strict()
  .describe("check --upgrade-to: `reports`, `failed` and the exit code are the target version's");

export const CheckRunSchema = z
  .object({
    $schema: z.string().optional(),
    schemaVersion: z.literal(CHECK_REPORT_SCHEMA_VERSION),
    generator: z.object({ name: z.string(), version: z.string() }).strict(),
    failOn: z.enum(['fatal', 'broken', 'silent', 'check', 'none']).describe('The least severity that fails the run'),
    failed: z.boolean(),
    reports: z.array(ReportSchema).describe('One per task-plugins block propeller reads, for each input'),
    upgrade: UpgradeSchema.optional(),
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
export type RouteChange = z.infer<typeof RouteChangeSchema>;
export type EditStep = z.infer<typeof EditStepSchema>;
export type ConfigUpgrade = z.infer<typeof UpgradeConfigSchema>;
export type Upgrade = z.infer<typeof UpgradeSchema>;

export function checkReportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(CheckRunSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
