/**
 * Marks with the CSS Custom Highlight API: ranges over the page's own text, painted by one stylesheet,
 * so the page's DOM is never changed and copy, find-in-page and print behave as without Backstory.
 */

export const HIGHLIGHT_NAME = 'backstory-mention';
/** The mention the card is showing, painted stronger. */
export const CURRENT_HIGHLIGHT = 'backstory-current';

/**
 * The one stylesheet Backstory gives a page: how a mention looks, and that print shows none. The browser
 * injects it with the article script (the registered script's `css`, lib/settings/registration.ts; for a
 * run from the popup, `insertCSS`: run-once.ts). The registered one is in the page's cascade before the page
 * is first styled: added later, any stylesheet makes the browser restyle the whole page, which on a page of
 * 100,000 elements is a frame of a second or more with nothing of Backstory's script in it (measured:
 * docs/benchmarks.md). No node is added to the page. The rules are on the root only and every element's
 * highlight inherits them (https://drafts.csswg.org/css-pseudo-4/#highlight-cascade): a bare
 * `::highlight()` is `*::highlight()`, a style of its own for each element. Without highlights registered
 * it shows nothing.
 */
export const HIGHLIGHT_CSS = `:root::highlight(${HIGHLIGHT_NAME}) { background-color: rgba(255, 196, 0, 0.28); text-decoration: underline dotted rgba(180, 120, 0, 0.9); }
:root::highlight(${CURRENT_HIGHLIGHT}) { background-color: rgba(255, 170, 0, 0.55); }
@media print { :root::highlight(${HIGHLIGHT_NAME}), :root::highlight(${CURRENT_HIGHLIGHT}) { background-color: transparent; text-decoration: none; } }
`;

/** Where the build writes it (wxt.config.ts), as the browser's injection names it. */
export const HIGHLIGHT_CSS_FILE = 'content-scripts/highlights.css';

export interface Marks {
  count: number;
  /** Paints more ranges (a long page's marks are added a slice at a time). */
  add(ranges: readonly Range[]): void;
  remove(): void;
}

/** Paints the ranges (with the stylesheet above, injected by the browser); returns a handle that takes the marks away again. */
export function paintHighlights(doc: Document, ranges: readonly Range[]): Marks {
  const view = doc.defaultView;
  if (!view || !('highlights' in view.CSS) || typeof view.Highlight !== 'function') return { count: 0, add() {}, remove() {} };
  // Added one by one, not spread into the constructor: a long page's thousands of ranges would pass the
  // engine's limit on a call's arguments.
  const highlight = new view.Highlight();
  for (const range of ranges) highlight.add(range);
  view.CSS.highlights.set(HIGHLIGHT_NAME, highlight);
  let removed = false;
  return {
    get count() {
      return highlight.size;
    },
    add(more) {
      if (!removed) for (const range of more) highlight.add(range);
    },
    remove() {
      if (removed) return;
      removed = true;
      if (view.CSS.highlights.get(HIGHLIGHT_NAME) === highlight) view.CSS.highlights.delete(HIGHLIGHT_NAME);
    },
  };
}
