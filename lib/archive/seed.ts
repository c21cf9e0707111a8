/**
 * Seeding the archive from the snapshot bundled in the extension, on install, on update, and on any
 * start that finds an earlier import unfinished. Importing is idempotent (see `putItems`), so an import
 * cut off halfway is simply run again: it completes without loss or duplicates.
 */
import type { ArchiveDatabase } from './db';
import { parseArchiveDocument } from './schema';
import { importDocument } from './store';

/** What the meta store remembers about the bundled snapshot's import. */
export interface SeedState {
  /** Which snapshot (the extension's version and the snapshot's date). */
  snapshot: string;
  complete: boolean;
  asOf?: string;
  importedAt?: string;
}

export type SeedOutcome =
  | { state: 'current'; asOf?: string }
  | { state: 'imported'; asOf: string; written: number; skipped: number }
  | { state: 'failed'; error: string };

export async function readSeedState(db: ArchiveDatabase): Promise<SeedState | undefined> {
  return (await db.get('meta', 'seed')) as SeedState | undefined;
}

/** Waits for the transaction, not the request: its error names the cause (a full disk), the request's only says "aborted". */
async function writeSeedState(db: ArchiveDatabase, state: SeedState): Promise<void> {
  const tx = db.transaction('meta', 'readwrite');
  void tx.store.put(state, 'seed');
  await tx.done;
}

/** Imports the snapshot unless this very snapshot was already imported in full. Never throws. */
export async function ensureSeeded(
  db: ArchiveDatabase,
  snapshot: string,
  load: () => Promise<unknown>,
  now = () => new Date(),
): Promise<SeedOutcome> {
  try {
    const state = await readSeedState(db);
    if (state?.snapshot === snapshot && state.complete) return { state: 'current', asOf: state.asOf };
    await writeSeedState(db, { snapshot, complete: false });
    const parsed = parseArchiveDocument(await load());
    if (!parsed.ok) return { state: 'failed', error: `The bundled archive is invalid: ${parsed.issues.slice(0, 3).join('; ')}` };
    const { written, skipped } = await importDocument(db, parsed.value);
    const asOf = parsed.value.asOf;
    await writeSeedState(db, { snapshot, complete: true, asOf, importedAt: now().toISOString() });
    return { state: 'imported', asOf, written, skipped };
  } catch (error) {
    return { state: 'failed', error: describeStorageError(error) };
  }
}

/** A storage error in words a reader can act on. */
export function describeStorageError(error: unknown): string {
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  // Over quota, or the disk itself full (Chromium then reports an IO error naming FILE_ERROR_NO_SPACE).
  if (name === 'QuotaExceededError' || /NO_SPACE|no space|disk full/i.test(message ?? '')) {
    return 'The disk is full: Backstory cannot update its archive until space is freed. Nothing it stored is lost.';
  }
  return `The archive could not be updated: ${error instanceof Error ? error.message : String(error)}`;
}
