/**
 * The entity the reader asked the panel to show (a mention card's "Show in Backstory"), on its way from the
 * article script to the panel's frame. The worker holds it, by tab, in session storage (a worker stopped
 * meanwhile still has it: lib/related/tab-contexts.ts): the article script tells the worker
 * (`setPanelFilter`), then tells the frame only that it changed; the frame asks the worker for its tab's
 * (`getPanelFilter`), when it starts and at each such word. The entity itself never goes through the page's
 * window, which the page shares with the article script: a page that sends the word too makes the frame ask
 * again, and it gets the reader's choice again.
 */

/** The word the article script posts to the panel's frame once the worker holds a new entity for the tab. */
export const FILTER_CHANGED = 'filter-changed';
