/**
 * What went wrong, as data the interface words in the reader's language. The worker keeps an English
 * `error` beside it (for logs, tests and anything older that stored only text); a page that shows the failure
 * words the problem when there is one (`components/i18n.tsx` `errorText`). `detail` is technical text from
 * below Backstory (a parser's or the network's message) and is shown as it is.
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
  | { code: 'noIndex' }
  | { code: 'notAddress' }
  | { code: 'notHttp' }
  | { code: 'credentials' }
  | { code: 'alreadyListed' }
  | { code: 'noSuchFeed' }
  | { code: 'managedFeed' }
  | { code: 'noAnswer' }
  | { code: 'noBackground'; detail: string };

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
