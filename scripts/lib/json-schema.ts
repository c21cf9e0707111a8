/** The JSON Schema of the archive document, generated from the valibot schema (the source of truth). */
import { toJsonSchema } from '@valibot/to-json-schema';
import { ArchiveDocumentSchema } from '../../lib/archive/schema';

export const JSON_SCHEMA_FILE = new URL('../../docs/archive.schema.json', import.meta.url).pathname;

/** The file's text. Checks across fields (a "checked" row needs its source) have no JSON Schema form and are left to valibot. */
export function archiveJsonSchemaText(): string {
  const schema = toJsonSchema(ArchiveDocumentSchema, { errorMode: 'ignore' });
  return `${JSON.stringify({ title: 'Backstory archive document', ...schema }, null, 2)}\n`;
}
