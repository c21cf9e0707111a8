/**
 * The organisation policy's schema (docs/enterprise.md): the build writes it into the package for Chrome's
 * `storage.managed_schema`, and lib/settings/managed.ts validates what the browser gives by the same names.
 * No browser API here: the build imports this file in Node.
 */
import { DEFAULT_SITES } from './sites';

/** What the options, the popup and the panel say beside a setting the organisation made. */
export const SET_BY_ORGANISATION = 'Set by your organisation';

/** Where the schema is written into the package, and what `storage.managed_schema` names. */
export const MANAGED_SCHEMA_FILE = 'managed-schema.json';

/**
 * The schema Chrome validates an administrator's values against (Chrome's subset of JSON Schema: the top
 * level an object, each property typed); a value that does not fit is not given to Backstory, and
 * chrome://policy shows the error.
 */
export const MANAGED_SCHEMA = {
  type: 'object',
  properties: {
    feeds: {
      title: 'Feeds',
      description: 'Addresses of feeds every reader follows (a Backstory feed index or a news RSS/Atom feed).',
      type: 'array',
      items: { type: 'string' },
    },
    addedSites: {
      title: 'Added sites',
      description: 'Sites beyond the default news sites that Backstory runs on (hosts such as news.example.com).',
      type: 'array',
      items: { type: 'string' },
    },
    disabledSites: {
      title: 'Sites switched off',
      description: `Default sites Backstory does not run on (among ${DEFAULT_SITES.map((s) => s.host).join(', ')}).`,
      type: 'array',
      items: { type: 'string' },
    },
    syncDisabled: {
      title: 'Turn sync off',
      description: 'When true, Backstory fetches no feed: its archive stays the copy bundled with it.',
      type: 'boolean',
    },
  },
} as const;

/** The policy's settings by name (the schema's properties). */
export type PolicyKey = keyof typeof MANAGED_SCHEMA.properties;
