/**
 * The version of the check report's shape (`schema/check-report.schema.json`). Kept apart from the zod model
 * (report-schema.ts) so that `check` does not load zod to write a report.
 */
export const CHECK_REPORT_SCHEMA_VERSION = 1;
