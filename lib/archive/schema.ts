/**
 * The archive's data model: the one source of truth for the bundled snapshot and the sync feed.
 * Everything that enters the archive passes `parseArchiveDocument` once, at the edge; inside, the
 * types are trusted. docs/archive-format.md describes the format for people.
 *
 * valibot, not Ajv: a validator that compiles schemas with `new Function` is blocked by an extension's
 * content security policy and would throw in the service worker.
 */
import * as v from 'valibot';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
/** Stable ids: lower-case ASCII words joined by single hyphens. */
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const Id = v.pipe(v.string(), v.regex(ID, 'must be kebab-case ASCII'));
const Day = v.pipe(v.string(), v.regex(DAY, 'must be a date, YYYY-MM-DD'));
const Instant = v.pipe(v.string(), v.regex(INSTANT, 'must be an ISO 8601 date-time'));
const Text = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(4000));
/** Only http(s) links are ever accepted: a feed cannot smuggle in `javascript:` or `data:` URLs. */
const HttpUrl = v.pipe(
  v.string(),
  v.url(),
  v.check((url) => /^https?:\/\//i.test(url), 'must be an http(s) URL'),
);

export const ENTITY_TYPES = [
  'company',
  'lab',
  'model',
  'product',
  'person',
  'investor',
  'regulator',
  'government',
  'law',
  'outlet',
  'organization',
] as const;

export const EntitySchema = v.object({
  id: Id,
  name: Text,
  type: v.picklist(ENTITY_TYPES),
  aliases: v.optional(v.array(Text), []),
  /** Which of `name` and `aliases` are also plain words or other things: they need evidence to match. */
  ambiguous: v.optional(v.array(Text), []),
  /**
   * The sense prior of a big ambiguous name: on the default news sites, the `names` (of `ambiguous`) mean this
   * entity with no other evidence; anywhere, a word of `otherSense` near one of them says it is the other thing
   * ("Amazon" by "river" or "rainforest").
   */
  newsSense: v.optional(v.object({ names: v.array(Text), otherSense: v.array(Text) })),
  /** Owner or maker (an entity id). */
  parent: v.optional(Id),
  description: Text,
  homepage: v.optional(HttpUrl),
});

export const SIGNAL_STATUSES = ['open', 'confirmed', 'refuted'] as const;

export const SignalSchema = v.object({
  claim: Text,
  by: Day,
  status: v.picklist(SIGNAL_STATUSES),
  /** The later item that settled it; only when the status is not `open`. */
  resolvedBy: v.optional(Id),
  /** Why a signal past its date is still open (e.g. no report either way by the day it was checked). */
  note: v.optional(Text),
});

export const CHECKED = ['corpus', 'seed', 'checked', 'recall'] as const;

export const CoverageSchema = v.pipe(
  v.object({
    outlet: Text,
    headline: Text,
    /** The headline is our description of the report (in brackets), not the outlet's own headline. */
    description: v.optional(v.boolean()),
    published: Day,
    url: v.optional(HttpUrl),
    /** Where the fact was checked: see docs/archive-format.md. */
    checked: v.picklist(CHECKED),
    /** With `checked`: the public page that confirms the fact. */
    source: v.optional(HttpUrl),
  }),
  v.check((row) => row.checked !== 'checked' || row.source !== undefined, 'a "checked" row needs its source'),
);

export const ItemSchema = v.object({
  id: Id,
  url: v.optional(HttpUrl),
  title: Text,
  published: Day,
  summary: Text,
  /** The analyst take: analysis, not fact, and labelled so wherever it is shown. */
  take: Text,
  pattern: v.optional(Text),
  /**
   * Why the date is uncertain, where no report gives the day (the item is filed under the nearest day known);
   * required where the prose says the date is a placeholder or unconfirmed.
   */
  dateNote: v.optional(Text),
  signals: v.optional(v.array(SignalSchema), []),
  coverage: v.pipe(v.array(CoverageSchema), v.minLength(1, 'every item needs coverage')),
  entities: v.optional(v.array(Id), []),
  follows: v.optional(v.array(Id), []),
  modified: Instant,
  deleted: v.optional(v.boolean(), false),
});

export const ARCHIVE_FORMAT = 'backstory-archive';
export const ARCHIVE_FORMAT_VERSION = 1;

export const ArchiveDocumentSchema = v.object({
  format: v.literal(ARCHIVE_FORMAT),
  version: v.literal(ARCHIVE_FORMAT_VERSION),
  generated: Instant,
  asOf: Day,
  entities: v.array(EntitySchema),
  items: v.array(ItemSchema),
});

export type Entity = v.InferOutput<typeof EntitySchema>;
export type EntityType = Entity['type'];
export type Signal = v.InferOutput<typeof SignalSchema>;
export type Coverage = v.InferOutput<typeof CoverageSchema>;
export type Item = v.InferOutput<typeof ItemSchema>;
export type ArchiveDocument = v.InferOutput<typeof ArchiveDocumentSchema>;

/** The outcome of parsing untrusted input: the value, or readable problems with their paths. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: string[] };

/** Turns valibot issues into lines such as `items.3.coverage: every item needs coverage`. */
function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.map((issue) => {
    const path = v.getDotPath(issue);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

/** Parses an archive document (the bundled snapshot or a sync feed page). Never throws. */
export function parseArchiveDocument(input: unknown): Parsed<ArchiveDocument> {
  const result = v.safeParse(ArchiveDocumentSchema, input, { abortPipeEarly: true });
  return result.success ? { ok: true, value: result.output } : { ok: false, issues: describeIssues(result.issues) };
}
