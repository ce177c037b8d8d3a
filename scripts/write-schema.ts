// Regenerates schema/catalog.schema.json from the zod model (the one source of both). Run: npm run schema
import { writeFileSync } from 'node:fs';
import { catalogJsonSchema } from '../src/catalog/schema.js';

const target = new URL('../../schema/catalog.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(catalogJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
