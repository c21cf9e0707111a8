/**
 * Seeding the archive from the snapshot bundled in the extension, on install, on update, and on any
 * start that finds an earlier import unfinished. Importing is idempotent (see `putItems`), so an import
 * cut off halfway is simply run again: it completes without loss or duplicates.
 */
import type { ArchiveDatabase } from './db';
import { alwaysRoom, type RoomProbe } from './room';
import { parseArchiveDocument } from './schema';
import { problemSentence, type StorageProblem, storageProblemOf } from './storage-problem';
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
  | { state: 'failed'; error: string; problem: StorageProblem };

/** The key of the import's state in `meta`. */
export const SEED_STATE = 'seed';

export async function readSeedState(db: ArchiveDatabase): Promise<SeedState | undefined> {
  return (await db.get('meta', SEED_STATE)) as SeedState | undefined;
}

/** Waits for the transaction, not the request: its error names the cause (a full disk), the request's only says "aborted". */
async function writeSeedState(db: ArchiveDatabase, state: SeedState): Promise<void> {
  const tx = db.transaction('meta', 'readwrite');
  void tx.store.put(state, SEED_STATE);
  await tx.done;
}

/** Imports the snapshot unless this very snapshot was already imported in full. Never throws. */
export async function ensureSeeded(
  db: ArchiveDatabase,
  snapshot: string,
  load: () => Promise<unknown>,
  now = () => new Date(),
  room: RoomProbe = alwaysRoom,
): Promise<SeedOutcome> {
  try {
    const state = await readSeedState(db);
    if (state?.snapshot === snapshot && state.complete) return { state: 'current', asOf: state.asOf };
    // Not a write on a full disk (room.ts: one cut short can cost the whole archive); the next start tries again.
    const full = await room();
    if (full) return failedSeed(storageProblemOf(full));
    await writeSeedState(db, { snapshot, complete: false });
    const parsed = parseArchiveDocument(await load());
    if (!parsed.ok)
      return failedSeed({ kind: 'failed', title: 'The bundled archive is invalid', detail: parsed.issues.slice(0, 3).join('; ') });
    const { written, skipped } = await importDocument(db, parsed.value);
    const asOf = parsed.value.asOf;
    await writeSeedState(db, { snapshot, complete: true, asOf, importedAt: now().toISOString() });
    return { state: 'imported', asOf, written, skipped };
  } catch (error) {
    return failedSeed(storageProblemOf(error));
  }
}

/** An import that failed, and why, for the reader. */
export function failedSeed(problem: StorageProblem): SeedOutcome {
  return { state: 'failed', error: problemSentence(problem), problem };
}

/** A storage error in words a reader can act on (storage-problem.ts). */
export function describeStorageError(error: unknown): string {
  return problemSentence(storageProblemOf(error));
}
