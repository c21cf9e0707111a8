/**
 * The second, small matcher: for the entities feeds brought that the bundled matcher (compiled at build
 * time) does not know. The worker compiles it after a sync that changed the archive, off any page's
 * path, and stores its bytes; a page's analysis then loads it beside the bundled one, both without
 * compiling anything.
 */
import type { Entity } from '../archive/schema';
import { compileMatcher, type Matcher, matcherToBytes, type Pattern, patternsOf } from '../entities/matcher';
import { NAMESPACE_SEPARATOR } from './trust';

/** The stored matcher: its bytes, and the bundled snapshot it complements (a new one makes it stale). */
export interface SyncedMatcherRecord {
  snapshotId: string;
  bytes: ArrayBuffer;
  entities: number;
  patterns: number;
  /** Milliseconds its compilation took (docs/benchmarks.md). */
  compileMs: number;
}

/** The synced matcher for the entities `bundled` does not know; undefined when there are none. */
export function compileSyncedMatcher(
  entities: readonly Entity[],
  bundled: Matcher,
  snapshotId: string,
  clock: () => number = () => performance.now(),
): SyncedMatcherRecord | undefined {
  const known = new Set(bundled.entityIds);
  const synced = entities.filter((entity) => !known.has(entity.id));
  if (synced.length === 0) return undefined;
  const start = clock();
  const patterns = officialFirst(patternsOf(synced));
  const bytes = matcherToBytes(compileMatcher(patterns));
  const compileMs = clock() - start;
  // A buffer of its own: the record is stored as it is.
  return { snapshotId, bytes: bytes.slice().buffer, entities: synced.length, patterns: patterns.length, compileMs };
}

/**
 * The official feed's names win: a name a feed the reader added holds too (it claimed it before the official feed
 * brought it) is left to the official feed's entity. A feed the reader added cannot take a known name (lib/sync/trust.ts),
 * but the official feed may bring one later.
 */
function officialFirst(patterns: Pattern[]): Pattern[] {
  const official = patterns.filter((p) => !p.entityId.includes(NAMESPACE_SEPARATOR));
  const taken = new Set(official.map((p) => p.surface.toLowerCase()));
  return [...official, ...patterns.filter((p) => p.entityId.includes(NAMESPACE_SEPARATOR) && !taken.has(p.surface.toLowerCase()))];
}
