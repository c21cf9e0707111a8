/**
 * Joins the hand-written archive pieces under data/ into one archive document, the bundled snapshot.
 * Node only: used by wxt.config.ts (to ship it) and by the archive scripts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARCHIVE_FORMAT, ARCHIVE_FORMAT_VERSION } from '../../lib/archive/schema';

/** The archive sources; BACKSTORY_DATA_DIR points a build at another set (a test's own archive). */
export const DATA_DIR = process.env.BACKSTORY_DATA_DIR || new URL('../../data/', import.meta.url).pathname;

/** Reads every JSON array in a folder, in file-name order, saying which file is at fault on error. */
function readArrays(dir: string): unknown[] {
  const out: unknown[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const path = join(dir, name);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(`${path}: not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(parsed)) throw new Error(`${path}: must hold a JSON array`);
    out.push(...parsed);
  }
  return out;
}

function latest(values: unknown[], key: string): string | undefined {
  let best: string | undefined;
  for (const value of values) {
    const field = (value as Record<string, unknown>)?.[key];
    if (typeof field === 'string' && (best === undefined || field > best)) best = field;
  }
  return best;
}

/** The unvalidated snapshot document: `parseArchiveDocument` is what checks it. */
export function readSnapshotSource(dataDir = DATA_DIR): Record<string, unknown> {
  const entities = readArrays(join(dataDir, 'entities'));
  const items = readArrays(join(dataDir, 'items'));
  return {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_FORMAT_VERSION,
    // Derived from the content, so the same data always builds the same bytes.
    generated: latest(items, 'modified') ?? '2026-01-01T00:00:00Z',
    asOf: latest(items, 'published') ?? '2026-01-01',
    entities,
    items,
  };
}
