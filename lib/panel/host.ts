/**
 * The one element Backstory adds to a page: a host with a shadow root holding the tab that opens
 * the panel and the panel's iframe (an extension page, out of the page's reach). Nothing of the page is
 * restyled, and the page's styles cannot reach in.
 */

import { whenIdle } from '../extract/steps';
import { type PageMessages, pageMessagesFor } from '../i18n/page';
import { FILTER_CHANGED } from '../messaging/panel-filter';
import { fixedBarInsets, panelLayout, TAB_WIDTH, tabFit, textRightEdge } from './fit';

export const HOST_TAG = 'backstory-host';

export interface PanelHost {
  readonly isOpen: boolean;
  /** Backstory's own shadow root on the page, for its other page-side pieces (the mention card). */
  readonly shadow: ShadowRoot;
  /** The tab that opens the panel. */
  readonly tab: HTMLButtonElement;
  /** The number of entities found, or null when the archive could not be asked. */
  setCount(count: number | null): void;
  /** How many archive items the panel shows for this story (0 dims the tab), or null when unknown. */
  setRelated(related: number | null): void;
  /** Whether there is a panel to open here. */
  readonly canOpen: boolean;
  /** Opens the panel, filtered to one entity when given. */
  open(entityId?: string): void;
  /**
   * Opens the panel as the reader left it on this site, only where it comes back beside the page at full
   * width: never by itself over the article on a narrow window.
   */
  reopen(): void;
  /**
   * Where the page's own part of the window ends on the right, in viewport pixels: the panel's tab's left edge while
   * the panel is open beside the page, else the window's width. A mention's card keeps left of it.
   */
  readonly pageRight: number;
  /** The elements the article's text is in: the closed tab keeps out of their way (placed in the page's next idle time). */
  setText(elements: readonly Element[]): void;
  /** Resolves once the tab has its place beside the text (it is placed in the page's next idle time, after its frame). */
  placed(): Promise<void>;
  /** The tab's tooltip: what it does and the keyboard shortcut that does it too. */
  setShortcutHint(hint: string): void;
  /** Who steps through the marked mentions when Alt+↓ / Alt+↑ is pressed in the panel (null: nobody). */
  setMentionStepper(step: ((direction: 1 | -1) => void) | null): void;
  close(): void;
  toggle(): void;
  remove(): void;
}

/** An extension page's origin, as only the panel's own page (not one a page script put in the frame) has. */
const EXTENSION_ORIGIN = /^(?:chrome|moz|safari-web)-extension:\/\/[^/]+$/;

export { PANEL_WIDTH } from './fit';

/*
 * The host's own box is styled from inside with !important: for important declarations the shadow tree's
 * win over the page's, so a page's CSS aimed at the host (display: none, a transform) cannot hide or move it.
 * Where the panel and tab go is set on them as custom properties (--panel-width, --top, --bottom,
 * --tab-width), measured by ./fit.ts.
 */
const SHADOW_CSS = `
:host { all: initial !important; }
.tab {
  position: fixed; right: 0; top: 40%; z-index: 2147483646; box-sizing: border-box; width: ${TAB_WIDTH}px;
  font: 600 13px/1.2 system-ui, sans-serif; color: #fff; background: #3b2f8f; overflow: hidden; white-space: nowrap;
  border: 0; border-radius: 8px 0 0 8px; padding: 10px 0; cursor: pointer; text-align: center;
  writing-mode: vertical-rl; box-shadow: 0 2px 8px rgba(0,0,0,.25);
}
/* Until its first place beside the text is known (in the page's next idle time). */
.tab.unplaced { visibility: hidden; }
.tab:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
/* A gutter too narrow for the tab: a strip of it, whole under the pointer or focus. */
.tab.slim:not(:hover):not(:focus-visible) { width: var(--tab-width); color: transparent; box-shadow: none; }
/* No gutter at all: out of sight until the keyboard reaches it (the popup's button and the shortcut still open the panel). */
.tab.tucked:not(:focus-visible) { transform: translateX(100%); box-shadow: none; }
/* Names found, but nothing in the archive on this story: the tab stays, dimmed, and its panel says why. */
.tab.quiet:not(:hover):not(:focus-visible):not([aria-expanded="true"]) { opacity: 0.55; }
/* While the panel is open the tab rides on its left edge, in the room the page made for both, so it can close it too. */
.tab[aria-expanded="true"] {
  right: var(--panel-width); width: ${TAB_WIDTH}px; color: #fff; transform: none;
  top: calc(var(--top) + (100vh - var(--top) - var(--bottom)) * 0.4);
}
.tab[aria-expanded="true"].over { display: none; }
.panel {
  position: fixed; top: var(--top); right: 0; bottom: var(--bottom); width: var(--panel-width); z-index: 2147483647;
  box-shadow: -4px 0 16px rgba(0,0,0,.2); background: Canvas;
}
.panel[hidden] { display: none; }
/* Until the panel's own page says it is in the frame. */
.panel.loading iframe { opacity: 0; }
iframe { border: 0; width: 100%; height: 100%; display: block; color-scheme: normal; }
.card {
  position: fixed; z-index: 2147483647; max-width: 320px; box-sizing: border-box;
  font: 13px/1.4 system-ui, sans-serif; color: #1d1b26; background: #fff; border: 1px solid #d8d4e8;
  border-radius: 8px; padding: 10px 12px; box-shadow: 0 6px 20px rgba(0,0,0,.18);
}
.card[hidden] { display: none; }
.card:focus-visible { outline: 3px solid #ffbf47; }
.card h2 { font-size: 14px; margin: 0 0 2px; }
.card .type { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: #5d5a6b; margin: 0 0 6px; }
.card p { margin: 0 0 6px; }
.card button { font: inherit; color: #fff; background: #3b2f8f; border: 0; border-radius: 6px; padding: 4px 10px; cursor: pointer; }
.card button + button { margin-left: 6px; }
.card .keys { font-size: 11px; color: #5d5a6b; margin: 6px 0 0; }
@media (prefers-color-scheme: dark) {
  .card { color: #ece9f6; background: #1f1c2b; border-color: #3a3550; }
  .card .type, .card .keys { color: #aaa6bb; }
}
@media print { .tab, .panel, .card { display: none !important; } }
`;

export interface PanelHostOptions {
  /** The panel page's address, or null on a site that may not embed it (Backstory run once by the reader). */
  sidebarUrl: string | null;
  count: number | null;
  /** The words of the tab and the frame, in the reader's language (lib/i18n); English when not given. */
  t?: PageMessages;
  /** Told when the reader opens or closes the panel (to remember it for the site). */
  onToggle?: (open: boolean) => void;
  /**
   * Told the entity the reader asked the panel to show (a card's "Show in Backstory"), to hand to the worker: the
   * frame gets it from there (lib/messaging/panel-filter.ts), never through the page's window. Resolves once handed.
   */
  onFilter?: (entityId: string) => Promise<unknown>;
  /**
   * The elements the article's text is in, when known at mount: the tab is then placed at once, measured
   * before the host goes in, so a caller mounting in the page's idle time (its layout clean) pays for no
   * layout and no second idle task. Without it, the tab is placed in the page's next idle time.
   */
  text?: readonly Element[];
}

export function mountPanelHost(doc: Document, options: PanelHostOptions): PanelHost {
  // Open, so that tests reach the frame with Playwright's locators; the panel's text is out of the page's
  // reach either way, inside a cross-origin extension frame, and the tab and cards take only trusted events.
  let host: HTMLElement = doc.createElement(HOST_TAG);
  let shadow: ShadowRoot;
  try {
    shadow = host.attachShadow({ mode: 'open' });
  } catch {
    // The page defined an element of our tag name, and it took a shadow root of its own: a plain <div>,
    // which no page can define, hosts Backstory instead.
    host = doc.createElement('div');
    host.dataset.backstory = 'host';
    shadow = host.attachShadow({ mode: 'open' });
  }
  const style = doc.createElement('style');
  style.textContent = SHADOW_CSS;
  const tab = doc.createElement('button');
  tab.className = 'tab unplaced';
  tab.type = 'button';
  tab.setAttribute('aria-expanded', 'false');
  const panel = doc.createElement('div');
  panel.className = 'panel loading';
  panel.hidden = true;
  // Without a panel to open (a page the panel may not be embedded in), only the mention cards live here.
  shadow.append(style, ...(options.sidebarUrl ? [tab, panel] : []));

  const t = options.t ?? pageMessagesFor('en');
  // The tab's and cards' words are in the reader's language, whatever the page's: said on the host (its shadow
  // tree inherits it) and on each part, so a screen reader uses the right voice for them.
  for (const element of [host, tab, panel]) {
    element.lang = t.lang;
    element.dir = t.dir;
  }
  let count = options.count;
  let related: number | null = null;
  let frame: HTMLIFrameElement | null = null;
  // Whether the frame holds the panel's own page: it said it is ready, and has not left since. Until then the frame
  // is not shown: a page's script can navigate the frame (a parent may navigate a child frame of any origin, and the
  // frame is in the open root), and its own document would stand in Backstory's panel, where the reader trusts it.
  let frameReady = false;
  const panelClass = (): string => (frameReady ? 'panel' : 'panel loading');
  const render = (): void => {
    tab.textContent = t.tabText(count);
    const nothing = related === 0 && count !== null;
    tab.classList.toggle('quiet', nothing);
    tab.setAttribute('aria-label', t.tabLabel(count, nothing, !panel.hidden));
    tab.setAttribute('aria-expanded', String(!panel.hidden));
  };

  const view = doc.defaultView;
  let text: readonly Element[] = [];

  // The root is open (tests read it), so a page's scripts can reach the panel: move it under the pointer resting on
  // their own button, through an inline style, a class, or a stylesheet of theirs in the root; the panel's click guard
  // (./click-guard.ts) sees a panel in plain sight, not one that moved. What the page changes is undone before the
  // browser draws or hit-tests it again (a mutation observer's callback runs before the next frame). Backstory sets
  // only custom properties inline on these elements, the panel's class, and its one stylesheet.
  const keepInlineOwn = (element: HTMLElement): void => {
    for (const property of [...element.style]) if (!property.startsWith('--')) element.style.removeProperty(property);
  };
  const keepOurs = (): void => {
    for (const element of [panel, tab, frame]) if (element) keepInlineOwn(element);
    if (panel.className !== panelClass()) panel.className = panelClass();
    // (A document of the page's own in the panel's frame would look like the panel.)
    if (frame && options.sidebarUrl && frame.getAttribute('src') !== options.sidebarUrl) frame.src = options.sidebarUrl;
    if (style.textContent !== SHADOW_CSS) style.textContent = SHADOW_CSS;
    for (const child of [...shadow.children])
      if (child !== style && (child.localName === 'style' || child.localName === 'link')) child.remove();
    dropAdoptedSheets();
  };
  // Sheets adopted into the root cannot be observed: taken away with the rest, and at every re-fit while the panel is open.
  const dropAdoptedSheets = (): void => {
    if (shadow.adoptedStyleSheets.length > 0) shadow.adoptedStyleSheets = [];
  };
  const tampering = new MutationObserver(keepOurs);
  tampering.observe(shadow, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['style', 'class', 'src'],
  });
  // While the panel is open beside the page, the page makes room for it and its tab: the one change to the
  // page's own elements, an inline margin on <html>, put back as it was on close.
  let savedMargin: string | null = null;
  let room = 0;
  let pageRight = view?.innerWidth ?? 1024;
  /**
   * What the reader is reading: the first of the article's text elements in the window, else what is a third of the
   * way down it. None at the top of the page, where nothing needs keeping.
   */
  const readingAnchor = (): Element | null => {
    if (!view || (view.scrollY === 0 && view.scrollX === 0)) return null;
    for (const element of text) {
      const box = element.getBoundingClientRect();
      if (box.bottom > 0 && box.top < view.innerHeight) return element;
    }
    const found = doc.elementFromPoint(view.innerWidth / 3, view.innerHeight / 3);
    return found && found !== host ? found : null;
  };
  /**
   * Makes `next` pixels of room on the page's right, keeping the reader's place: the page's lines and pictures
   * reflow to the new width, and the browser's scroll anchoring does not follow a margin on <html> (the line read
   * at 200 px went 2,000 px up on a page of full-width pictures), so the text read is put back where it was.
   */
  const makeRoom = (next: number): void => {
    if (next === room) return;
    room = next;
    const anchor = readingAnchor();
    const before = anchor?.getBoundingClientRect().top;
    setRoom(next);
    if (!anchor?.isConnected || before === undefined || !view) return;
    const moved = anchor.getBoundingClientRect().top - before;
    if (Math.abs(moved) >= 1) view.scrollBy({ top: moved, behavior: 'instant' });
  };
  const setRoom = (width: number): void => {
    const html = doc.documentElement;
    if (width > 0) {
      savedMargin ??= html.style.getPropertyValue('margin-right');
      html.style.setProperty('margin-right', `${width}px`);
    } else if (savedMargin !== null) {
      if (savedMargin) html.style.setProperty('margin-right', savedMargin);
      else html.style.removeProperty('margin-right');
      if (html.getAttribute('style') === '') html.removeAttribute('style');
      savedMargin = null;
    }
  };
  /**
   * Places the panel and the tab for the window as it is now (on open, close, resize, zoom, scroll, and
   * now and then while open, as a page's bars come and go): the layout by the width, the room the page
   * makes, the page's fixed bars the panel leaves uncovered, and the closed tab beside the text. Everything
   * is read first and written after (but the room a closing panel gives back, which moves the text), so the
   * page is laid out at most once for it (none when its layout is clean, as after a frame).
   */
  const layOut = (): void => {
    if (!view) return;
    dropAdoptedSheets();
    const open = !panel.hidden;
    // A closed panel's room goes back before the text is measured: with the page still narrowed for the panel, the
    // gutter beside the text looks wide, and the tab came back whole over the ends of the lines.
    if (!open) makeRoom(0);
    const width = doc.documentElement.clientWidth || view.innerWidth;
    const layout = panelLayout(view.innerWidth, width);
    // The bars are fixed to the viewport, so the room the page makes for the panel does not move them.
    const insets = open ? fixedBarInsets(doc, { left: width - layout.width, right: width }, host) : { top: 0, bottom: 0 };
    const right = open ? null : textRightEdge(text);
    const { fit: tabShape, width: tabWidth } = tabFit(right === null ? Number.POSITIVE_INFINITY : width - right);
    if (open) makeRoom(layout.beside ? layout.width + TAB_WIDTH : 0);
    pageRight = open && layout.beside ? width - layout.width - TAB_WIDTH : width;
    // The panel that takes the window takes all of the page's part of it (a fixed element's 100% stops at a classic
    // scrollbar), fractions included: clientWidth is rounded (392 of 392.5 px at 200% zoom on an 800 px window).
    panel.style.setProperty('--panel-width', layout.beside ? `${layout.width}px` : '100%');
    tab.style.setProperty('--panel-width', `${layout.width}px`);
    tab.classList.toggle('over', !layout.beside);
    for (const element of [panel, tab]) {
      element.style.setProperty('--top', `${insets.top}px`);
      element.style.setProperty('--bottom', `${insets.bottom}px`);
    }
    tab.classList.toggle('slim', tabShape === 'slim');
    tab.classList.toggle('tucked', tabShape === 'tucked');
    tab.style.setProperty('--tab-width', `${tabWidth}px`);
    tab.classList.remove('unplaced');
    placed = true;
    for (const resolve of whenPlaced.splice(0)) resolve();
  };
  // The tab's first place (and a new text's) is found in the page's next idle time, after its frame (../extract/steps.ts):
  // measuring at once would force the page's style and layout inside Backstory's task, which on a page of
  // 100,000 elements is tens of milliseconds. Until then the tab is not shown, so it never covers the text.
  let placed = false;
  const whenPlaced: (() => void)[] = [];
  let placing = false;
  let gone = false;
  const placeWhenIdle = (): void => {
    if (placing || !view) return;
    placing = true;
    void whenIdle(view).then(() => {
      placing = false;
      if (!gone) layOut();
    });
  };
  // A resize (zoom is one) re-fits at once; scrolling, once a frame at most; an open panel also every
  // second, for bars that come and go (a cookie banner dismissed, a header that hides on scroll).
  let fitQueued = false;
  const fitSoon = (): void => {
    if (fitQueued || !view) return;
    fitQueued = true;
    view.requestAnimationFrame(() => {
      fitQueued = false;
      layOut();
    });
  };
  let refit: ReturnType<typeof setInterval> | undefined;
  const onScroll = (): void => {
    if (!panel.hidden) fitSoon();
  };
  view?.addEventListener('resize', fitSoon);
  view?.addEventListener('scroll', onScroll, { passive: true });
  let stepMention: ((direction: 1 | -1) => void) | null = null;

  /** The panel's frame, loading its page: shown once the page says it is ready. */
  const newFrame = (src: string): HTMLIFrameElement => {
    frameReady = false;
    panel.className = panelClass();
    const made = doc.createElement('iframe');
    made.title = t.frameTitle;
    // The panel may use Chrome's on-device Translator (lib/i18n/translate.ts): a cross-origin frame gets
    // it only when the embedder delegates it (https://developer.chrome.com/docs/ai/translator-api).
    made.allow = 'translator';
    made.src = src;
    return made;
  };
  /** A frame of our own in place of one the page navigated: the panel's page again, where the reader left it. */
  const replaceFrame = (): void => {
    if (!frame || !options.sidebarUrl) return;
    const focused = shadow.activeElement === frame;
    const next = newFrame(options.sidebarUrl);
    frame.replaceWith(next);
    frame = next;
    if (focused) next.focus();
  };
  // The frame's origin as its ready message gave it (with Chrome's dynamic URLs it is not the address we loaded).
  let frameOrigin: string | null = null;
  // The panel asks to close (Esc, its close button), or says it is ready, by messages that only its own frame
  // can send: from the frame's window, and from the extension's origin (the frame is in an open shadow root, so a
  // page can put a document of its own in it, whose messages come from that window too).
  const onMessage = (event: MessageEvent): void => {
    if (!frame || !EXTENSION_ORIGIN.test(event.origin)) return;
    if (frameOrigin !== null && event.origin !== frameOrigin) return;
    const kind = (event.data as { backstory?: string } | null)?.backstory;
    // The panel's page is leaving the frame (components/Sidebar.tsx): the page navigated it away. Said as it goes, so
    // the message has no source window to check (Chromium gives none); a frame we replaced says so too, before the
    // one in its place is ready. (A copy of the panel a page made and took away would only have ours made afresh.)
    if (kind === 'panel-gone') {
      if (frameReady) replaceFrame();
      return;
    }
    if (event.source !== frame.contentWindow) return;
    if (kind === 'close-panel') api.close();
    else if (kind === 'step-mention') {
      // Alt+↓ / Alt+↑ pressed in the panel: the same travel through the marks as from the tab.
      const direction = (event.data as { direction?: unknown }).direction;
      if (direction === 1 || direction === -1) stepMention?.(direction);
    } else if (kind === 'panel-ready') {
      frameOrigin = event.origin;
      frameReady = true;
      panel.className = panelClass();
    }
  };
  view?.addEventListener('message', onMessage);

  const api: PanelHost = {
    get isOpen() {
      return !panel.hidden;
    },
    get pageRight() {
      return pageRight;
    },
    shadow,
    tab,
    setCount(next) {
      count = next;
      render();
    },
    setRelated(next) {
      related = next;
      render();
    },
    canOpen: options.sidebarUrl !== null,
    open(entityId) {
      if (!options.sidebarUrl) return;
      // The frame loads on first open: a reader who never opens the panel pays nothing for it. The entity goes
      // to the worker, never in the frame's address (the iframe's src is in the page's tree, where a page script
      // could read what the reader chose): a frame that is loading asks for it, one that is there is told.
      if (entityId)
        void options.onFilter?.(entityId).then(() => {
          // A frame that is there asks for it now; one that is loading asks when it starts.
          if (frame?.contentWindow && frameOrigin) frame.contentWindow.postMessage({ backstory: FILTER_CHANGED }, frameOrigin);
        });
      if (!frame) {
        frame = newFrame(options.sidebarUrl);
        panel.append(frame);
      }
      const wasOpen = !panel.hidden;
      panel.hidden = false;
      layOut();
      refit ??= setInterval(layOut, 1000);
      render();
      frame.focus();
      if (!wasOpen) options.onToggle?.(true);
    },
    close() {
      if (panel.hidden) return;
      panel.hidden = true;
      clearInterval(refit);
      refit = undefined;
      layOut();
      render();
      tab.focus();
      options.onToggle?.(false);
    },
    reopen() {
      if (view && panelLayout(view.innerWidth).wide) api.open();
    },
    setText(elements) {
      text = elements;
      placeWhenIdle();
    },
    placed() {
      return placed && !placing ? Promise.resolve() : new Promise((resolve) => whenPlaced.push(resolve));
    },
    setShortcutHint(hint) {
      tab.title = hint;
    },
    setMentionStepper(step) {
      stepMention = step;
    },
    toggle() {
      if (panel.hidden) api.open();
      else api.close();
    },
    remove() {
      gone = true;
      tampering.disconnect();
      for (const resolve of whenPlaced.splice(0)) resolve();
      setRoom(0);
      clearInterval(refit);
      view?.removeEventListener('message', onMessage);
      view?.removeEventListener('resize', fitSoon);
      view?.removeEventListener('scroll', onScroll);
      host.remove();
    },
  };
  // Only the reader's own clicks: a page script's synthetic click (tab.click(), dispatchEvent) is not trusted.
  tab.addEventListener('click', (event) => {
    if (event.isTrusted) api.toggle();
  });
  // Esc on the tab closes the panel, as in the panel (a card's Esc, taken first, closes only the card).
  tab.addEventListener('keydown', (event) => {
    if (!event.isTrusted || event.key !== 'Escape' || event.defaultPrevented || panel.hidden) return;
    event.preventDefault();
    api.close();
  });
  render();
  // Measured while the host is out of the page: reading the text's boxes then forces nothing of Backstory's.
  if (options.text) {
    text = options.text;
    layOut();
  }
  // First in the document, so the tab is the first stop of the Tab key (not the last, after every link of
  // the page). Outside <body>, so the page's own tree is as it was.
  doc.documentElement.prepend(host);
  if (!options.text) placeWhenIdle();
  return api;
}
