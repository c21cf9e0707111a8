/**
 * Work that can stop for the page. Reading a page is written as generators that `yield` wherever they may
 * pause (between elements, between text nodes); `drain` runs one through at once (the `spot` CLI, the
 * tests), `runInSlices` runs it in short slices and gives the page its turn between them, so that no task
 * of Backstory's blocks the page for long, whatever the page.
 */

/**
 * A computation that may pause at each `yield`. It may also yield a promise (something to load), and is
 * resumed with its value; only `runInSlices` can wait for one.
 */
export type Steps<T> = Generator<undefined | Promise<unknown>, T, unknown>;

/** Runs the steps through, without pausing (they must not wait for anything). */
export function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (next.value instanceof Promise) throw new Error('These steps wait for something: run them with runInSlices.');
  }
}

/** Waits, inside steps, for what a promise gives (runInSlices resumes the steps with it). */
export function* wait<T>(promise: Promise<T>): Steps<T> {
  return (yield promise) as T;
}

/** How long one slice of work may run before the page gets its turn (a frame is 16 ms). */
export const SLICE_MS = 8;

export interface SliceOptions {
  sliceMs?: number;
  now?: () => number;
  /** How the page gets its turn; `yieldToPage` by default. */
  pause?: () => Promise<void>;
}

/** Runs the steps in slices of at most about `sliceMs`, pausing for the page between slices. */
export async function runInSlices<T>(steps: Steps<T>, options: SliceOptions = {}): Promise<T> {
  const now = options.now ?? (() => performance.now());
  const sliceMs = options.sliceMs ?? SLICE_MS;
  const pause = options.pause ?? yieldToPage;
  let started = now();
  let resume: unknown;
  for (;;) {
    const next = steps.next(resume);
    resume = undefined;
    if (next.done) return next.value;
    if (next.value instanceof Promise) {
      resume = await next.value;
      started = now();
    } else if (now() - started >= sliceMs) {
      await pause();
      started = now();
    }
  }
}

/**
 * Gives the page its turn and resumes after it: `scheduler.yield()` where the browser has it (the
 * continuation goes ahead of other tasks of the same priority, so the work still ends soon), else a task
 * posted through a MessageChannel (not clamped to 4 ms like a nested `setTimeout`).
 */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Resolves in the page's next idle time (`requestIdleCallback`): after its frame is rendered, so style and layout
 * are up to date and reading them costs nothing unless the page changed something since, and a change made then
 * is styled in the next frame, not forced at once. Not a `requestAnimationFrame` callback: that runs inside the
 * frame's own task, so the page's whole rendering (hundreds of milliseconds to paint a huge page) would share a
 * task with Backstory. A page that is never idle, or a browser without idle callbacks, waits at most `timeoutMs`.
 */
export function whenIdle(view: Window, timeoutMs = 1000): Promise<void> {
  return new Promise((resolve) => {
    if (typeof view.requestIdleCallback === 'function') view.requestIdleCallback(() => resolve(), { timeout: timeoutMs });
    else view.setTimeout(resolve, 50);
  });
}
