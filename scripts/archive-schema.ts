/** `npm run archive:schema`: writes the JSON Schema generated from the archive's valibot schema. */
import { writeFileSync } from 'node:fs';
import { archiveJsonSchemaText, JSON_SCHEMA_FILE } from './lib/json-schema';

writeFileSync(JSON_SCHEMA_FILE, archiveJsonSchemaText());
console.log(`wrote ${JSON_SCHEMA_FILE}`);
