// Regenerates schema/catalog.schema.json and schema/check-report.schema.json from their zod models (the one
// source of both the types and the schemas). Run: npm run schema
import { writeFileSync } from 'node:fs';
import { catalogJsonSchema } from '../src/catalog/schema.js';
import { checkReportJsonSchema } from '../src/config/report-schema.js';

for (const [name, schema] of [
  ['catalog.schema.json', catalogJsonSchema()],
  ['check-report.schema.json', checkReportJsonSchema()],
] as const) {
  const target = new URL(`../../schema/${name}`, import.meta.url);
  writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${target.pathname}`);
}
