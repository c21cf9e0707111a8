import type { StorageProblem } from '../archive/storage-problem';

/**
 * What went wrong, as data the interface words in the reader's language. The worker keeps an English
 * `error` beside it (for logs, tests and anything older that stored only text); a page that shows the failure
 * words the problem when there is one (`lib/i18n/index.ts` `errorText`). `detail` is technical text from
 * below Backstory (a parser's or the network's message) and is shown as it is, inside a sentence in the
 * reader's language. A problem with a `problem` of its own says where the inner one happened (a feed's page).
 */
export type Problem =
  | { code: 'redirected'; host: string; to: string }
  | { code: 'noFeed'; host: string; status: number }
  | { code: 'serverFailed'; host: string; status: number }
  | { code: 'refused'; host: string; status: number }
  | { code: 'wrongType'; host: string; type: string }
  | { code: 'tooLarge'; host: string; megabytes: number }
  | { code: 'timedOut'; host: string; seconds: number }
  | { code: 'unreachable'; host: string; detail: string }
  | { code: 'unreadable'; detail: string }
  | { code: 'unreadableIndex'; detail: string }
  | { code: 'noIndex' }
  | { code: 'notAddress' }
  | { code: 'notHttp' }
  | { code: 'credentials' }
  | { code: 'alreadyListed' }
  | { code: 'noSuchFeed' }
  | { code: 'managedFeed' }
  | { code: 'noAnswer' }
  | { code: 'noBackground'; detail: string }
  // Refusals before a sync or a read: the reader's pause, the organisation's policy, a deletion under way.
  | { code: 'paused' }
  | { code: 'syncOff' }
  | { code: 'siteOff' }
  | { code: 'deleting' }
  | { code: 'officialFeed' }
  // A Backstory feed's page, and what was wrong with it.
  | { code: 'page'; key: string; problem: Problem }
  | { code: 'pageOffSite' }
  | { code: 'pageUnasked304' }
  | { code: 'pageChanged' }
  | { code: 'pageNoKey' }
  | { code: 'pageSignature' }
  | { code: 'pageKey'; said: string }
  // The archive's storage (a full disk): worded as the storage error panels word it.
  | { code: 'storage'; storage: StorageProblem }
  // A feed file imported from disk.
  | { code: 'noFile' }
  | { code: 'fileTooLarge'; mebibytes: number }
  | { code: 'notFeedFile'; detail: string }
  | { code: 'fileVersion'; version: string; reads: string }
  | { code: 'filePage'; page: number; detail: string }
  | { code: 'importStopped'; pages: number; of: number; problem: Problem }
  // A message from below Backstory (the browser's), shown as it is where a problem needs one.
  | { code: 'message'; detail: string }
  // An OPML file read in the options page.
  | { code: 'notOpml'; detail: string }
  | { code: 'opmlNotXml' }
  | { code: 'opmlRoot' }
  | { code: 'opmlNoFeeds' }
  // "Delete everything": the steps that failed, each with the browser's or the archive's message.
  | { code: 'eraseFailed'; steps: { step: EraseStep; problem: Problem }[] };

/** The steps of "Delete everything" that can fail on their own (lib/settings/control.ts). */
export type EraseStep = 'settings' | 'permissions' | 'archive' | 'restart';

/** One kind of problem, by its code. */
export type ProblemOf<C extends Problem['code']> = Extract<Problem, { code: C }>;

/** A failure: the English words, and what they say as data where the worker knows it. */
export interface Failure {
  ok: false;
  error: string;
  problem?: Problem;
}

/** A failure carrying its problem. */
export function failure(error: string, problem: Problem): Failure {
  return { ok: false, error, problem };
}

/**
 * A failure thrown inside a handler, for the message listener to answer as `{ ok: false, error, problem }`
 * (`lib/messaging/server.ts`): a plain Error's message would lose the problem on the way to the page.
 */
export class ProblemError extends Error {
  readonly problem: Problem | undefined;
  constructor(failed: { error: string; problem?: Problem | undefined }) {
    super(failed.error);
    this.name = 'ProblemError';
    this.problem = failed.problem;
  }
}
