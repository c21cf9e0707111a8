/** The JSON Schema of the archive document, generated from the valibot schema (the source of truth). */
import { toJsonSchema } from '@valibot/to-json-schema';
import { ArchiveDocumentSchema } from '../../lib/archive/schema';
import { FeedIndexSchema, FeedPageSchema } from '../../lib/sync/feed-format';

export const JSON_SCHEMA_FILE = new URL('../../docs/archive.schema.json', import.meta.url).pathname;

/** The file's text. Checks across fields (a "checked" row needs its source) have no JSON Schema form and are left to valibot. */
export function archiveJsonSchemaText(): string {
  const schema = toJsonSchema(ArchiveDocumentSchema, { errorMode: 'ignore' });
  return `${JSON.stringify({ title: 'Backstory archive document', ...schema }, null, 2)}\n`;
}

export const FEED_SCHEMA_FILE = new URL('../../docs/feed.schema.json', import.meta.url).pathname;

/** The feed's two documents, the index and a page, as one file with both under `$defs`. */
export function feedJsonSchemaText(): string {
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Backstory feed: an index or a page',
    oneOf: [{ $ref: '#/$defs/index' }, { $ref: '#/$defs/page' }],
    $defs: {
      index: strip(toJsonSchema(FeedIndexSchema, { errorMode: 'ignore' })),
      page: strip(toJsonSchema(FeedPageSchema, { errorMode: 'ignore' })),
    },
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** A nested schema without its own `$schema` line. */
function strip(schema: object): object {
  const { $schema: _, ...rest } = schema as { $schema?: string };
  return rest;
}
