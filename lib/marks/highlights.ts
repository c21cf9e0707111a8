/**
 * Marks with the CSS Custom Highlight API: ranges over the page's own text, painted by one stylesheet,
 * so the page's DOM is never changed and copy, find-in-page and print behave as without Backstory.
 */

export const HIGHLIGHT_NAME = 'backstory-mention';
/** The mention the card is showing, painted stronger. */
export const CURRENT_HIGHLIGHT = 'backstory-current';
const STYLE_ID = 'backstory-highlight-style';

/** The one stylesheet Backstory gives a page: how a mention looks, and that print shows none. */
const HIGHLIGHT_CSS = `
::highlight(${HIGHLIGHT_NAME}) { background-color: rgba(255, 196, 0, 0.28); text-decoration: underline dotted rgba(180, 120, 0, 0.9); }
::highlight(${CURRENT_HIGHLIGHT}) { background-color: rgba(255, 170, 0, 0.55); }
@media print { ::highlight(${HIGHLIGHT_NAME}), ::highlight(${CURRENT_HIGHLIGHT}) { background-color: transparent; text-decoration: none; } }
`;

export interface Marks {
  count: number;
  /** Paints more ranges (a long page's marks are added a slice at a time). */
  add(ranges: readonly Range[]): void;
  remove(): void;
}

/** Paints the ranges; returns a handle that takes the marks and the stylesheet away again. */
/**
 * The stylesheet goes in as a constructed sheet adopted by the document, not as a <style> element: no
 * node is added to the page, so even a page whose own CSS unhides <head> and <style> (`* { all: unset }`)
 * neither shows it nor moves.
 */
function addStylesheet(doc: Document): () => void {
  const view = doc.defaultView;
  try {
    const sheet = new (view as Window & typeof globalThis).CSSStyleSheet();
    sheet.replaceSync(HIGHLIGHT_CSS);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    return () => {
      doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  } catch {
    // No constructable stylesheets here: the one element, in <head>.
    const style = doc.createElement('style');
    style.id = STYLE_ID;
    style.textContent = HIGHLIGHT_CSS;
    (doc.head ?? doc.documentElement).append(style);
    return () => style.remove();
  }
}

let removeStylesheet: (() => void) | null = null;
let painted = 0;

/** Paints the ranges; returns a handle that takes the marks (and, with the last of them, the stylesheet) away again. */
export function paintHighlights(doc: Document, ranges: readonly Range[]): Marks {
  const view = doc.defaultView;
  if (!view || !('highlights' in view.CSS) || typeof view.Highlight !== 'function') return { count: 0, add() {}, remove() {} };
  removeStylesheet ??= addStylesheet(doc);
  painted++;
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
      painted--;
      if (painted === 0) {
        removeStylesheet?.();
        removeStylesheet = null;
      }
    },
  };
}
