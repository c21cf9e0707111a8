/**
 * How the panel fits the page it is on: its width and whether the page makes room for it (by the window's
 * width), the page's fixed bars it must leave uncovered (a header's controls, a cookie banner), and where
 * the closed tab may sit without covering the article's text. The layout is a pure function of the
 * viewport; the measurements read the page and change nothing in it.
 */

/** The panel's width on a wide window; at or above WIDE the page makes room for it at this width. */
export const PANEL_WIDTH = 400;
/** Below this the window is narrow: the panel is narrower, and it never reopens by itself. */
export const WIDE = 1100;
/** The narrow-window panel's width (Chrome's own side panel is at least 320 px too). */
export const NARROW_PANEL_WIDTH = 320;
/**
 * The least width the page keeps beside the panel: the commonest phone width, for which news sites make
 * their own layouts (so 200% zoom on a 1440 px window still reads the article beside the panel).
 */
export const MIN_PAGE_WIDTH = 360;
/** The tab's width in full, and the least gutter a slim tab needs beside the text. */
export const TAB_WIDTH = 32;
/** A page's default 8 px body margin still holds a strip of the tab. */
const SLIM_TAB_MIN = 6;

/** Where the panel goes in a viewport. */
export interface PanelLayout {
  /** The panel's width in CSS pixels. */
  width: number;
  /**
   * Beside the page: the page makes room for the panel and its tab (a margin on <html>), so nothing of
   * the article is covered. Otherwise the panel takes the whole viewport (a window too narrow to share),
   * until the reader closes it.
   */
  beside: boolean;
  /** Whether this is the wide layout, the one a panel left open may come back in by itself. */
  wide: boolean;
}

/**
 * The one narrow-window design is a narrower panel that still sits beside the page: 400 px from 1100 px
 * up, 320 px below, as long as the page keeps MIN_PAGE_WIDTH; narrower than that (a small window, or
 * 200% zoom on a laptop), the panel is the whole viewport while it is open. The widths are decided by the
 * viewport's width as the page's media queries see it (`innerWidth`, a classic scrollbar included); the
 * panel that takes the whole viewport takes `pageWidth`, the part left of that scrollbar
 * (`documentElement.clientWidth`), where fixed elements are placed: as wide as the viewport, it would start
 * the scrollbar's width left of the window's edge.
 */
export function panelLayout(viewportWidth: number, pageWidth = viewportWidth): PanelLayout {
  if (viewportWidth >= WIDE) return { width: PANEL_WIDTH, beside: true, wide: true };
  if (viewportWidth - NARROW_PANEL_WIDTH - TAB_WIDTH >= MIN_PAGE_WIDTH) return { width: NARROW_PANEL_WIDTH, beside: true, wide: false };
  return { width: pageWidth, beside: false, wide: false };
}

/** How the closed tab shows, by the gutter right of the article's text. */
export type TabFit = 'full' | 'slim' | 'tucked';

/**
 * The closed tab never sits over the article's text: in full where the gutter holds it, slim (a strip
 * that widens under the pointer or focus) where it holds a strip, and tucked away (shown on keyboard
 * focus only; the popup's button and the shortcut still open the panel) where the text reaches the edge.
 */
export function tabFit(gutter: number): { fit: TabFit; width: number } {
  if (gutter >= TAB_WIDTH + 2) return { fit: 'full', width: TAB_WIDTH };
  if (gutter >= SLIM_TAB_MIN) return { fit: 'slim', width: Math.floor(gutter - 2) };
  return { fit: 'tucked', width: 0 };
}

/** How far the panel keeps from the viewport's top and bottom edges, in CSS pixels. */
export interface Insets {
  top: number;
  bottom: number;
}

/** A fixed element taller than this share of the viewport is an overlay or a rail, not a bar to fit between. */
const BAR_MAX_SHARE = 0.5;
/** The panel keeps at least this share of the viewport's height, whatever the bars. */
const PANEL_MIN_SHARE = 0.5;
const SAMPLE_STEP = 16;
/** How many of the elements at a point (topmost first) and how far up from each a bar is looked for. */
const TOPMOST = 8;
const MAX_DEPTH = 64;

/** The nearest element from `element` up that the viewport holds in place (position: fixed), if any. */
function fixedAncestor(element: Element, view: Window, seen: Map<Element, Element | null>): Element | null {
  const path: Element[] = [];
  let found: Element | null = null;
  // A bar's controls sit a few levels under it; a page nested thousands deep is not walked to its root.
  for (let e: Element | null = element; e && e !== e.ownerDocument.documentElement && path.length < MAX_DEPTH; e = e.parentElement) {
    const known = seen.get(e);
    if (known !== undefined) {
      found = known;
      break;
    }
    path.push(e);
    if (view.getComputedStyle(e).position === 'fixed') {
      found = e;
      break;
    }
  }
  for (const e of path) seen.set(e, found);
  return found;
}

/**
 * The page's fixed bars over a column of the viewport (the panel's): a header at the top, a cookie banner
 * or a player at the bottom. The panel then fits between them, so their controls stay in reach. Found by
 * hit-testing points down the column (elementsFromPoint sees through Backstory's own host, which is left
 * out), so only what is really painted there counts; an element taller than half the viewport (a consent
 * wall, a full-height rail) cannot be fitted around and is left out.
 */
export function fixedBarInsets(doc: Document, column: { left: number; right: number }, own: Element): Insets {
  const view = doc.defaultView;
  if (!view) return { top: 0, bottom: 0 };
  const height = view.innerHeight;
  const xs = [column.left + 4, (column.left + column.right) / 2, column.right - 4];
  const seen = new Map<Element, Element | null>();
  const bars = new Set<Element>();
  for (let y = 2; y < height; y += SAMPLE_STEP) {
    for (const x of xs) {
      // Topmost first: a fixed bar paints over the page, so it is among the first few (after Backstory's host).
      for (const element of doc.elementsFromPoint(x, y).slice(0, TOPMOST)) {
        if (element === own || element === doc.documentElement || element === doc.body) continue;
        const bar = fixedAncestor(element, view, seen);
        if (bar && bar !== own) bars.add(bar);
      }
    }
  }
  let top = 0;
  let bottom = 0;
  for (const bar of bars) {
    const box = bar.getBoundingClientRect();
    if (box.height > height * BAR_MAX_SHARE || box.bottom <= 0 || box.top >= height || box.width === 0) continue;
    if (box.top + box.height / 2 < height / 2) top = Math.max(top, box.bottom);
    else bottom = Math.max(bottom, height - box.top);
  }
  const room = height * (1 - PANEL_MIN_SHARE);
  if (top + bottom > room) {
    const scale = room / (top + bottom);
    top *= scale;
    bottom *= scale;
  }
  return { top: Math.round(Math.max(0, top)), bottom: Math.round(Math.max(0, bottom)) };
}

/** How many of the text's elements tell where its column is. */
export const TEXT_EDGE_SAMPLE = 300;

/**
 * The right edge of the article's text in the viewport: the furthest right of the boxes of the elements
 * its text is in (a box, not the lines, so a short line does not invite the tab over a long one), or null
 * when nothing is known. A few hundred blocks are enough to know the column.
 */
export function textRightEdge(elements: Iterable<Element>, limit = TEXT_EDGE_SAMPLE): number | null {
  let right: number | null = null;
  let n = 0;
  for (const element of elements) {
    if (++n > limit) break;
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    right = Math.max(right ?? 0, box.right);
  }
  return right;
}
