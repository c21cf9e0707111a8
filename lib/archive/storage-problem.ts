/**
 * What went wrong with the archive's storage, in words a reader can act on. The popup, the options page
 * and the panel show it (components/StorageError.tsx); a feed's last error says it too.
 *
 * The causes Chromium reports: a database that cannot be opened at all (`UnknownError`, "Internal error
 * opening backing store", when its folder in the profile is damaged or not a folder); one saved by a newer
 * version of Backstory (`VersionError`: this version may not downgrade it); a full disk (`QuotaExceededError`
 * when the origin's quota or the disk's free space is used up, or an IO error naming FILE_ERROR_NO_SPACE).
 * Every write is one transaction, so a failed one leaves nothing of itself: whatever the cause, what was
 * stored before is still there.
 */

export type StorageProblemKind = 'cannot-open' | 'newer-version' | 'full' | 'failed';

/** A storage problem: its kind, a short title, and what it means for the reader. */
export interface StorageProblem {
  kind: StorageProblemKind;
  title: string;
  detail: string;
}

/** Whether the error came from opening the database or from reading or writing an open one. */
export type StorageStep = 'open' | 'use';

function nameAndMessage(error: unknown): { name: string; message: string } {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  return {
    name: typeof name === 'string' ? name : '',
    message: typeof message === 'string' && message ? message : String(error),
  };
}

export function storageProblemOf(error: unknown, step: StorageStep = 'use'): StorageProblem {
  const { name, message } = nameAndMessage(error);
  if (name === 'QuotaExceededError' || /NO_SPACE|no space|disk full/i.test(message)) {
    return {
      kind: 'full',
      title: 'The disk is full',
      detail: 'Backstory cannot update its archive until space is freed. Nothing it stored is lost.',
    };
  }
  if (name === 'VersionError') {
    return {
      kind: 'newer-version',
      title: 'The archive was saved by a newer version of Backstory',
      detail: 'this version cannot read it. Update Backstory to use it again; nothing it stored has been changed.',
    };
  }
  if (step === 'open') {
    return {
      kind: 'cannot-open',
      title: 'Backstory cannot open its archive',
      detail: `the browser says “${message}”. Until it opens, no names are marked and the panel has nothing to show; restarting the browser may help. Nothing was deleted.`,
    };
  }
  return { kind: 'failed', title: 'The archive could not be updated', detail: message };
}

/** The problem as one sentence (a feed's last error, a status's `error`). */
export function problemSentence(problem: StorageProblem): string {
  return `${problem.title}: ${problem.detail}`;
}
