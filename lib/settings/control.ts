/**
 * The reader's global controls: a pause of everything Backstory does (reading pages, syncing feeds),
 * and what "Delete everything Backstory stored" takes away. The worker enforces both: a paused
 * Backstory has no article script registered, answers no page, and starts no sync.
 */

import type { EraseStep, Problem, ProblemOf } from '../messaging/problem';
import { changesQueued } from './one-writer';
import { defineSetting } from './setting';

/** Backstory paused by the reader: no page is read and no feed synced until they resume. */
// A setting read only when asked (./setting.ts): the article script reads it at every page load.
export const pausedSetting = /* @__PURE__ */ defineSetting<boolean>('local:paused', false);

/**
 * Why a page is not read and no feed synced while paused: the worker's answer to an article script that
 * asks anyway, and to a sync the reader asks for. A problem, worded by the catalogues (lib/i18n): this module
 * is in the article script, which carries only the page's words.
 */
export const PAUSED: Problem = { code: 'paused' };

/** The optional host permissions to give back: those granted beyond what the manifest asks for at install. */
export function optionalOriginsToRemove(granted: readonly string[], required: readonly string[]): string[] {
  const kept = new Set(required);
  return granted.filter((origin) => !kept.has(origin));
}

/** What the worker needs to delete everything, each a real browser or archive call in the worker (fakes in tests). */
export interface EraseSteps {
  /** Runs `work` with syncs stopped: a run under way is waited for, and none starts until `work` ends. */
  withSyncStopped<T>(work: () => Promise<T>): Promise<T>;
  /** Empties the archive and imports the bundled snapshot again; what went wrong, or undefined. */
  resetArchive(): Promise<Problem | undefined>;
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
export async function eraseEverything(steps: EraseSteps): Promise<{ ok: true } | { ok: false; problem: ProblemOf<'eraseFailed'> }> {
  const failed: { step: EraseStep; problem: Problem }[] = [];
  const attempt = async (step: EraseStep, run: () => Promise<unknown>) => {
    try {
      const problem = await run();
      if (problem && typeof problem === 'object' && 'code' in problem) failed.push({ step, problem: problem as Problem });
    } catch (error) {
      failed.push({ step, problem: { code: 'message', detail: error instanceof Error ? error.message : String(error) } });
    }
  };
  await steps.withSyncStopped(async () => {
    // After the changes the reader asked for before this (a follow, a site switched off), or they would be written
    // again once the settings are gone (./one-writer.ts).
    await changesQueued();
    await attempt('settings', () => Promise.all(steps.areas.map((area) => area.clear())));
    await attempt('permissions', async () => {
      const { origins = [] } = await steps.permissions.getAll();
      const extra = optionalOriginsToRemove(origins, steps.requiredOrigins);
      if (extra.length > 0) await steps.permissions.remove({ origins: extra });
    });
    await attempt('archive', () => steps.resetArchive());
  });
  await attempt('restart', () => steps.restart());
  return failed.length === 0 ? { ok: true } : { ok: false, problem: { code: 'eraseFailed', steps: failed } };
}
