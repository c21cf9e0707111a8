/**
 * The one element Backstory adds to a page: a host with a shadow root holding the tab that opens
 * the panel and the panel's iframe (an extension page, out of the page's reach). Nothing of the page is
 * restyled, and the page's styles cannot reach in.
 */

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
  close(): void;
  toggle(): void;
  remove(): void;
}

/** An extension page's origin, as only the panel's own page (not one a page script put in the frame) has. */
const EXTENSION_ORIGIN = /^(?:chrome|moz|safari-web)-extension:\/\/[^/]+$/;

/** The panel's width; at or above WIDE, the page makes room for it instead of being covered. */
export const PANEL_WIDTH = 400;
const WIDE = 1100;

/*
 * The host's own box is styled from inside with !important: for important declarations the shadow tree's
 * win over the page's, so a page's CSS aimed at the host (display: none, a transform) cannot hide or move it.
 */
const SHADOW_CSS = `
:host { all: initial !important; }
.tab {
  position: fixed; right: 0; top: 40%; z-index: 2147483646;
  font: 600 13px/1.2 system-ui, sans-serif; color: #fff; background: #3b2f8f;
  border: 0; border-radius: 8px 0 0 8px; padding: 10px 8px; cursor: pointer;
  writing-mode: vertical-rl; box-shadow: 0 2px 8px rgba(0,0,0,.25);
}
.tab:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
/* Names found, but nothing in the archive on this story: the tab stays, dimmed, and its panel says why. */
.tab.quiet:not(:hover):not(:focus-visible):not([aria-expanded="true"]) { opacity: 0.55; }
/* While the panel is open the tab rides on its left edge, so it can close it too. */
.tab[aria-expanded="true"] { right: min(${PANEL_WIDTH}px, calc(100vw - 40px)); }
.panel {
  position: fixed; top: 0; right: 0; bottom: 0; width: min(${PANEL_WIDTH}px, calc(100vw - 40px)); z-index: 2147483647;
  box-shadow: -4px 0 16px rgba(0,0,0,.2); background: Canvas;
}
.panel[hidden] { display: none; }
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
  /** Told when the reader opens or closes the panel (to remember it for the site). */
  onToggle?: (open: boolean) => void;
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
  tab.className = 'tab';
  tab.type = 'button';
  tab.setAttribute('aria-expanded', 'false');
  const panel = doc.createElement('div');
  panel.className = 'panel';
  panel.hidden = true;
  // Without a panel to open (a page the panel may not be embedded in), only the mention cards live here.
  shadow.append(style, ...(options.sidebarUrl ? [tab, panel] : []));

  let count = options.count;
  let related: number | null = null;
  let frame: HTMLIFrameElement | null = null;
  const render = (): void => {
    tab.textContent = `Backstory · ${count ?? '!'}`;
    const found = count === null ? 'the archive is unavailable' : `${count} ${count === 1 ? 'entity' : 'entities'} in this article`;
    const nothing = related === 0 && count !== null;
    tab.classList.toggle('quiet', nothing);
    const story = nothing ? ', nothing in the archive on this story yet' : '';
    tab.setAttribute('aria-label', `Backstory: ${found}${story}. ${panel.hidden ? 'Open' : 'Close'} the context panel`);
    tab.setAttribute('aria-expanded', String(!panel.hidden));
  };

  const view = doc.defaultView;
  // While the panel is open on a wide viewport the page makes room for it: the one change to the page's
  // own elements, an inline margin on <html>, put back as it was on close.
  let savedMargin: string | null = null;
  const makeRoom = (open: boolean): void => {
    const html = doc.documentElement;
    if (open && (view?.innerWidth ?? 0) >= WIDE) {
      savedMargin ??= html.style.getPropertyValue('margin-right');
      html.style.setProperty('margin-right', `${PANEL_WIDTH}px`);
    } else if (savedMargin !== null) {
      if (savedMargin) html.style.setProperty('margin-right', savedMargin);
      else html.style.removeProperty('margin-right');
      if (html.getAttribute('style') === '') html.removeAttribute('style');
      savedMargin = null;
    }
  };
  // The entity the panel is to be filtered to. It goes to the frame by a message, never in the frame's
  // address: the iframe's src is in the page's tree, where a page script could read what the reader chose.
  let filter: string | null = null;
  // The frame's origin as its ready message gave it (with Chrome's dynamic URLs it is not the address we
  // loaded): the filter goes only there, so a document the page put in the frame instead never gets it.
  let frameOrigin: string | null = null;
  const sendFilter = (): void => {
    if (frame?.contentWindow && frameOrigin) frame.contentWindow.postMessage({ backstory: 'filter-entity', entityId: filter }, frameOrigin);
  };
  // The panel asks to close (Esc, its close button), or says it is ready for its filter, by messages that
  // only its own frame can send.
  const onMessage = (event: MessageEvent): void => {
    if (!frame || event.source !== frame.contentWindow) return;
    const kind = (event.data as { backstory?: string } | null)?.backstory;
    if (kind === 'close-panel') api.close();
    else if (kind === 'panel-ready' && EXTENSION_ORIGIN.test(event.origin)) {
      frameOrigin = event.origin;
      if (filter !== null) sendFilter();
    }
  };
  view?.addEventListener('message', onMessage);

  const api: PanelHost = {
    get isOpen() {
      return !panel.hidden;
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
      // The frame loads on first open: a reader who never opens the panel pays nothing for it. A frame
      // that is loading asks for its filter when it is ready; one that is there gets it at once.
      if (entityId) filter = entityId;
      if (!frame) {
        frame = doc.createElement('iframe');
        frame.title = 'Backstory';
        frame.src = options.sidebarUrl;
        panel.append(frame);
      } else if (entityId) sendFilter();
      const wasOpen = !panel.hidden;
      panel.hidden = false;
      makeRoom(true);
      render();
      frame.focus();
      if (!wasOpen) options.onToggle?.(true);
    },
    close() {
      if (panel.hidden) return;
      panel.hidden = true;
      makeRoom(false);
      render();
      tab.focus();
      options.onToggle?.(false);
    },
    toggle() {
      if (panel.hidden) api.open();
      else api.close();
    },
    remove() {
      makeRoom(false);
      view?.removeEventListener('message', onMessage);
      host.remove();
    },
  };
  // Only the reader's own clicks: a page script's synthetic click (tab.click(), dispatchEvent) is not trusted.
  tab.addEventListener('click', (event) => {
    if (event.isTrusted) api.toggle();
  });
  render();
  doc.documentElement.append(host);
  return api;
}
