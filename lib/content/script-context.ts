/**
 * The article script's context, in place of WXT's `ContentScriptContext`: wxt.config.ts resolves WXT's module to
 * this one for the content script's build only, so WXT's entry wrapper makes one of these and hands it to `main`.
 *
 * Why not WXT's: to tell an older copy of the script in the same tab to stop (when the popup runs Backstory on a
 * page where it runs already), it posts a message to the page's window and dispatches an event on its document,
 * both named after the extension's id. So every script on every page learnt that the reader runs Backstory, and
 * its id (a fingerprint), and a page that dispatched that event back took Backstory's marks and panel away. Here
 * the copies find each other through the global object of the script's isolated world, which the browser shares
 * between the extension's own scripts in a document and keeps from the page's. (A copy left in a tab by an extension
 * reload is reached by neither: tests/e2e/hardening.e2e.test.ts covers the second copy in a page.)
 */

/** What the article script uses of its context (and all WXT's entry wrapper needs): WXT's own has this shape too. */
export interface ArticleScriptContext {
  readonly signal: AbortSignal;
  readonly isValid: boolean;
  abort(reason?: unknown): void;
  /** Called once, when the context ends; returns a function that takes the listener away. */
  onInvalidated(listener: () => void): () => void;
}

/** Where the running copy is kept, in the isolated world's global object (not the page's). */
const RUNNING = Symbol.for('backstory.content-script');

type Running = Map<string, ContentScriptContext>;

export class ContentScriptContext implements ArticleScriptContext {
  private readonly controller = new AbortController();

  /** A context for the script `name`: the copy of it that ran before in this document, if any, is ended. */
  constructor(
    readonly contentScriptName: string,
    _options?: unknown,
  ) {
    const scope = globalThis as { [RUNNING]?: Running };
    scope[RUNNING] ??= new Map();
    const running = scope[RUNNING];
    running.get(contentScriptName)?.abort('A newer copy of the script started');
    running.set(contentScriptName, this);
    this.onInvalidated(() => {
      if (running.get(contentScriptName) === this) running.delete(contentScriptName);
    });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get isValid(): boolean {
    return !this.signal.aborted;
  }

  abort(reason?: unknown): void {
    this.controller.abort(reason);
  }

  onInvalidated(listener: () => void): () => void {
    this.signal.addEventListener('abort', listener, { once: true });
    return () => this.signal.removeEventListener('abort', listener);
  }
}
