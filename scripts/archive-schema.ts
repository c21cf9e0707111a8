/** `npm run archive:schema`: writes the JSON Schemas generated from the archive's and the feed's valibot schemas. */
import { writeFileSync } from 'node:fs';
import { archiveJsonSchemaText, FEED_SCHEMA_FILE, feedJsonSchemaText, JSON_SCHEMA_FILE } from './lib/json-schema';

writeFileSync(JSON_SCHEMA_FILE, archiveJsonSchemaText());
console.log(`wrote ${JSON_SCHEMA_FILE}`);
writeFileSync(FEED_SCHEMA_FILE, feedJsonSchemaText());
console.log(`wrote ${FEED_SCHEMA_FILE}`);
