/**
 * The reader's global controls: a pause of everything Backstory does (reading pages, syncing feeds),
 * and what "Delete everything Backstory stored" takes away. The worker enforces both: a paused
 * Backstory has no article script registered, answers no page, and starts no sync.
 */
import { storage } from 'wxt/utils/storage';

/** Backstory paused by the reader: no page is read and no feed synced until they resume. */
export const pausedSetting = storage.defineItem<boolean>('local:paused', { fallback: false, version: 1 });

/** Why a page is not read while paused: the worker's answer to an article script that asks anyway. */
export const PAUSED_ERROR = 'Backstory is paused: it reads no pages and syncs nothing until you resume it.';

/** The optional host permissions to give back: those granted beyond what the manifest asks for at install. */
export function optionalOriginsToRemove(granted: readonly string[], required: readonly string[]): string[] {
  const kept = new Set(required);
  return granted.filter((origin) => !kept.has(origin));
}

/** What the worker needs to delete everything, each a real browser or archive call in the worker (fakes in tests). */
export interface EraseSteps {
  /** Runs `work` with syncs stopped: a run under way is waited for, and none starts until `work` ends. */
  withSyncStopped<T>(work: () => Promise<T>): Promise<T>;
  /** Empties the archive and imports the bundled snapshot again; an error in words, or undefined. */
  resetArchive(): Promise<string | undefined>;
  /** Every storage area the extension writes (`local` settings and feed states, `session` tab analyses). */
  areas: { clear(): Promise<void> }[];
  permissions: {
    getAll(): Promise<{ origins?: string[] }>;
    remove(request: { origins: string[] }): Promise<boolean>;
  };
  /** The host permissions the manifest asks for at install: never given back. */
  requiredOrigins: readonly string[];
  /** After the wipe: the official feed listed again, the article script registered for the default sites. */
  restart(): Promise<void>;
}

/**
 * "Delete everything Backstory stored": syncs stopped, every setting, feed, follow and tab state
 * forgotten, the hosts granted for feeds or sites given back, and the archive back to the bundled
 * snapshot. Each step runs even when one before it failed; the reply names what failed.
 */
export async function eraseEverything(steps: EraseSteps): Promise<{ ok: true } | { ok: false; error: string }> {
  const errors: string[] = [];
  const attempt = async (what: string, step: () => Promise<unknown>) => {
    try {
      const problem = await step();
      if (typeof problem === 'string') errors.push(problem);
    } catch (error) {
      errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  await steps.withSyncStopped(async () => {
    await attempt('Settings could not be cleared', () => Promise.all(steps.areas.map((area) => area.clear())));
    await attempt('Permissions could not be given back', async () => {
      const { origins = [] } = await steps.permissions.getAll();
      const extra = optionalOriginsToRemove(origins, steps.requiredOrigins);
      if (extra.length > 0) await steps.permissions.remove({ origins: extra });
    });
    await attempt('The archive could not be reset', () => steps.resetArchive());
  });
  await attempt('Backstory could not start again', () => steps.restart());
  return errors.length === 0 ? { ok: true } : { ok: false, error: errors.join(' ') };
}
