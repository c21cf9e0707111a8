/** `npm run archive:schema`: writes the JSON Schema generated from the archive's valibot schema. */
import { writeFileSync } from 'node:fs';
import { toJsonSchema } from '@valibot/to-json-schema';
import { ArchiveDocumentSchema } from '../lib/archive/schema';

const OUT = new URL('../docs/archive.schema.json', import.meta.url).pathname;
// Checks across fields (a "checked" row needs its source) have no JSON Schema form: they are skipped
// here and enforced by the valibot schema, which stays the source of truth.
const schema = toJsonSchema(ArchiveDocumentSchema, { errorMode: 'ignore' });
writeFileSync(OUT, `${JSON.stringify({ title: 'Backstory archive document', ...schema }, null, 2)}\n`);
console.log(`wrote ${OUT}`);
