/**
 * What went wrong with the archive's storage, in words a reader can act on. The popup, the options page
 * and the panel show it (components/StorageError.tsx); a feed's last error says it too.
 *
 * The causes Chromium reports: a database that cannot be opened at all (`UnknownError`, "Internal error
 * opening backing store", when its folder in the profile is damaged or not a folder); one saved by a newer
 * version of Backstory (`VersionError`: this version may not downgrade it); a full disk (`QuotaExceededError`
 * when the origin's quota or the disk's free space is used up, or an IO error naming FILE_ERROR_NO_SPACE).
 * A full disk met while opening (`full-at-open`) is told apart from one met by a write (`full`): the archive
 * is then not even readable until space is freed. Chromium's own error there is the same "Internal error
 * opening backing store" as a damaged folder's, so the connection asks the disk which it is (db.ts).
 * Every write is one transaction, so a failed one leaves nothing of itself: whatever the cause, what was
 * stored before is still there.
 *
 * The words are the catalogues' (lib/i18n): `title` and `detail` are English, for the logs and a feed's
 * stored error; a page shows `storageProblemText(problem, t)` in the reader's language.
 */
import { i18nFor, type Messages, storageWords } from '../i18n/index';

export type StorageProblemKind = 'cannot-open' | 'newer-version' | 'full' | 'full-at-open' | 'failed';

/** A storage problem: its kind, a short title, and what it means for the reader. */
export interface StorageProblem {
  kind: StorageProblemKind;
  title: string;
  detail: string;
  /** The browser's own message, quoted where the kind needs it. */
  cause?: string;
}

/** The problem's title and detail in a catalogue's language (the words are lib/i18n's, which a failure's problem uses too). */
export function storageProblemText(problem: StorageProblem, t: Messages): { title: string; detail: string } {
  return storageWords(problem, t);
}

function problem(kind: StorageProblemKind, cause: string): StorageProblem {
  return { kind, ...storageProblemText({ kind, title: '', detail: '', cause }, i18nFor('en').t), cause };
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
  if (name === 'QuotaExceededError' || /NO_SPACE|no space|disk full/i.test(message))
    return problem(step === 'open' ? 'full-at-open' : 'full', message);
  if (name === 'VersionError') return problem('newer-version', message);
  if (step === 'open') return problem('cannot-open', message);
  return problem('failed', message);
}

/** The problem as one sentence (a feed's last error, a status's `error`). */
export function problemSentence(problem: StorageProblem): string {
  return `${problem.title}: ${problem.detail}`;
}
