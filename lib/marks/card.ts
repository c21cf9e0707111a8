/**
 * The card a mention shows on hover, and keyboard travel between mentions. Highlights are not elements,
 * so hovering is found by hit-testing the caret position under the pointer against the mention ranges;
 * the card lives in Backstory's shadow root and is built with text only.
 *
 * Keys (only while Backstory's tab, a card or the panel has focus; no key is taken from the page; the
 * panel's own document passes its Alt+↓ / Alt+↑ on through the host):
 * Alt+ArrowDown next mention, Alt+ArrowUp previous mention, Enter on the card's button opens the panel
 * filtered to that entity, Escape closes the card and puts focus back where it was before (the tab, or the panel),
 * and Tab past the card's last control (Shift+Tab before its first) goes on in the page from its mark, not from
 * Backstory's host at the document's start (./tab-order.ts). One exception: while a card opened by hover is
 * showing, Escape closes it wherever focus is (it is taken only then, and only when a card is showing).
 *
 * A card under the pointer stays: the pointer may cross plain text on its way from a mark to its card, and
 * reaching the card cancels the hide that crossing started. Leaving both hides it HIDE_GRACE_MS after the
 * pointer left, however it moves on (a pointer sweeping on over the text does not keep it), unless it is
 * still coming closer to the card: a slow hand on its way to the card's buttons keeps it.
 *
 * A name that wraps has a box on each line: the card opens by the part under the pointer, or by the first part
 * for the keyboard, not by the box around both (which for a name at a line's end starts at the next line's start).
 */
import type { EntityType } from '../archive/schema';
import { ARCHIVE_LANG, type PageMessages, pageMessagesFor } from '../i18n/page';
import type { PanelHost } from '../panel/host';
import { CURRENT_HIGHLIGHT } from './highlights';
import { focusNextInPage } from './tab-order';

/** How long the pointer may rest off both mark and card before the card hides. */
export const HIDE_GRACE_MS = 300;
/** How long the pointer must rest on a mark before its card shows (a pointer passing over does not open one). */
const SHOW_DELAY_MS = 150;

/** The card's key hint: Alt+↓ / Alt+↑ work only while focus is in Backstory (a card reached by keyboard). */
export function keysHint(focused: boolean, t: PageMessages = pageMessagesFor('en')): string {
  return focused ? t.card.keysFocused : t.card.keysHover;
}

export interface MarkedMention {
  entityId: string;
  range: Range;
}

/** What the card says about an entity. */
export interface CardInfo {
  name: string;
  type: string;
  description: string;
  /** How many archive items mention it. */
  items: number;
}

export interface MentionCards {
  /** Shows the card of the next (or previous) mention, scrolled into view and focused. */
  step(direction: 1 | -1): void;
  remove(): void;
}

function caretAt(doc: Document, x: number, y: number): { node: Node; offset: number } | null {
  const byPosition = (doc as Document & { caretPositionFromPoint?(x: number, y: number): { offsetNode: Node; offset: number } | null })
    .caretPositionFromPoint;
  if (byPosition) {
    const position = byPosition.call(doc, x, y);
    return position ? { node: position.offsetNode, offset: position.offset } : null;
  }
  const range = (doc as Document & { caretRangeFromPoint?(x: number, y: number): Range | null }).caretRangeFromPoint?.(x, y);
  return range ? { node: range.startContainer, offset: range.startOffset } : null;
}

/** The range's boxes, one a line for a name that wraps (empty ones, as at a line's break, left out). */
function lineBoxes(range: Range): DOMRect[] {
  return [...range.getClientRects()].filter((rect) => rect.width > 0);
}

/**
 * Which of the range's line boxes the point is on (-1: none). The caret the browser gives for a point is the
 * nearest one, so a pointer in the margin beside a line, past its end or between paragraphs would otherwise count
 * as on the line's first or last word.
 */
function lineUnder(range: Range, x: number, y: number): number {
  return lineBoxes(range).findIndex((rect) => x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom);
}

function contains(range: Range, node: Node, offset: number): boolean {
  try {
    return range.comparePoint(node, offset) === 0 && !(range.endContainer === node && range.endOffset === offset);
  } catch {
    return false; // a node of another tree (our own shadow root)
  }
}

export function attachMentionCards(
  doc: Document,
  host: PanelHost,
  mentions: MarkedMention[],
  info: ReadonlyMap<string, CardInfo>,
  /** Opens the entity's page in a new tab (through the background: a web page cannot link to it). */
  openEntityPage?: (entityId: string) => void,
  /** The card's words, in the reader's language; English when not given. */
  t: PageMessages = pageMessagesFor('en'),
): MentionCards {
  const view = doc.defaultView;
  const card = doc.createElement('div');
  card.className = 'card';
  card.hidden = true;
  card.tabIndex = -1;
  card.setAttribute('role', 'dialog');
  // The card's own words in the reader's language; the archive's name and description in the archive's (below).
  card.lang = t.lang;
  card.dir = t.dir;
  host.shadow.append(card);
  let current = -1;
  /** Which line box of the showing card's mention it opened by (the first, unless the pointer was on another). */
  let line = 0;
  /** Where focus was in Backstory's root when a step brought it to the card (the tab, the panel's frame). */
  let cameFrom: HTMLElement | null = null;
  /** The mention last reached by keys: stepping goes on from it, also once its card has hidden. */
  let stepped = -1;
  /** Whether the showing card was reached by keyboard (focused): it then stays while focus is in it. */
  let byKeys = false;
  /**
   * Whether a pointer off mark and card leaves the card showing: only one reached by keyboard, while focus is
   * still in Backstory. A card shown by hover hides, even once focus went into Backstory (a click on its tab).
   */
  const keptByKeys = (): boolean => byKeys && doc.activeElement === host.shadow.host;

  const paintCurrent = (index: number): void => {
    if (!view || !('highlights' in view.CSS)) return;
    const mention = mentions[index];
    if (mention) view.CSS.highlights.set(CURRENT_HIGHLIGHT, new view.Highlight(mention.range));
    else view.CSS.highlights.delete(CURRENT_HIGHLIGHT);
  };

  /** Shown by keyboard (the card takes focus, and the stepping keys work) or by hover (focus stays in the page). */
  const show = (index: number, focused: boolean, onLine = 0): void => {
    const mention = mentions[index];
    const about = mention && info.get(mention.entityId);
    if (!mention || !about) return;
    stopHiding();
    current = index;
    line = onLine;
    byKeys = focused;
    if (!focused) cameFrom = null;
    const heading = doc.createElement('h2');
    heading.textContent = about.name;
    heading.lang = ARCHIVE_LANG;
    const type = doc.createElement('p');
    type.className = 'type';
    const typeName = t.entityType[about.type as EntityType] ?? about.type;
    type.textContent = typeName;
    const description = doc.createElement('p');
    description.textContent = about.description;
    description.lang = ARCHIVE_LANG;
    const items = doc.createElement('p');
    items.textContent = about.items === 0 ? t.card.noItems : t.card.items(about.items);
    const open = doc.createElement('button');
    open.type = 'button';
    open.textContent = t.card.show;
    open.addEventListener('click', (event) => {
      if (!event.isTrusted) return;
      hide();
      host.open(mention.entityId);
    });
    const page = doc.createElement('button');
    page.type = 'button';
    page.textContent = t.card.page;
    page.addEventListener('click', (event) => {
      if (!event.isTrusted) return;
      hide();
      openEntityPage?.(mention.entityId);
    });
    const keys = doc.createElement('p');
    keys.className = 'keys';
    keys.textContent = keysHint(focused, t);
    card.replaceChildren(heading, type, description, items, ...(host.canOpen ? [open] : []), ...(openEntityPage ? [page] : []), keys);
    card.setAttribute('aria-label', `${about.name}: ${typeName}`);
    if (focused) doc.removeEventListener('keydown', onPageKey, true);
    else doc.addEventListener('keydown', onPageKey, true);
    card.hidden = false;
    place();
    // It follows its mark while the page scrolls: a wheel under a resting pointer, or a step's smooth scroll.
    doc.addEventListener('scroll', placeSoon, { capture: true, passive: true });
    paintCurrent(index);
  };

  /** Puts the showing card by its mention as the page now lies: below it, or above it where there is no room below. */
  const place = (): void => {
    const mention = mentions[current];
    if (!mention || card.hidden) return;
    const boxes = lineBoxes(mention.range);
    const box = boxes[line] ?? boxes[0] ?? mention.range.getBoundingClientRect();
    // Left of the panel while it is open beside the page: a card over it would hide its controls (and the panel's
    // click guard, lib/panel/click-guard.ts, would take them for covered).
    const right = Math.min(host.pageRight, view?.innerWidth ?? 1024);
    const width = Math.min(320, right - 16);
    card.style.maxWidth = `${width}px`;
    card.style.left = `${Math.max(8, Math.min(box.left, right - width - 8))}px`;
    const below = box.bottom + 8;
    card.style.top = `${below + card.offsetHeight > (view?.innerHeight ?? 768) ? Math.max(8, box.top - card.offsetHeight - 8) : below}px`;
  };
  let placing = false;
  function placeSoon(): void {
    if (placing || !view) return;
    placing = true;
    view.requestAnimationFrame(() => {
      placing = false;
      place();
    });
  }

  const hide = (): void => {
    card.hidden = true;
    current = -1;
    paintCurrent(-1);
    doc.removeEventListener('keydown', onPageKey, true);
    doc.removeEventListener('scroll', placeSoon, { capture: true });
  };

  // Hover: hit-test at most once a frame.
  let pending = false;
  let pointer = { x: 0, y: 0 };
  /** A card waiting for the pointer to rest on its mark. */
  let showTimer: ReturnType<typeof setTimeout> | undefined;
  /** The grace after the pointer left mark and card; undefined when none runs. */
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  /** How far from the card the pointer was at its last move off mark and card. */
  let lastDistance = Number.POSITIVE_INFINITY;
  const stopHiding = (): void => {
    clearTimeout(hideTimer);
    hideTimer = undefined;
    lastDistance = Number.POSITIVE_INFINITY;
  };
  const hideSoon = (): void => {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => {
      hideTimer = undefined;
      hide();
    }, HIDE_GRACE_MS);
  };
  /** The pointer's distance (px) from the card's box. */
  const distanceToCard = (x: number, y: number): number => {
    const box = card.getBoundingClientRect();
    return Math.hypot(Math.max(box.left - x, 0, x - box.right), Math.max(box.top - y, 0, y - box.bottom));
  };
  const onMove = (event: MouseEvent): void => {
    // A page script's synthetic pointer moves do not open cards.
    if (!event.isTrusted) return;
    // On the card: it stays, whatever was started while the pointer crossed the text between mark and card.
    if (event.composedPath().includes(card)) {
      clearTimeout(showTimer);
      stopHiding();
      return;
    }
    // The frame's hit test reads where the pointer is last, not where it was at the frame's first move.
    pointer = { x: event.clientX, y: event.clientY };
    if (pending) return;
    pending = true;
    view?.requestAnimationFrame(() => {
      pending = false;
      const { x, y } = pointer;
      const caret = caretAt(doc, x, y);
      const near = caret ? mentions.findIndex((m) => contains(m.range, caret.node, caret.offset)) : -1;
      const onLine = near >= 0 ? lineUnder((mentions[near] as MarkedMention).range, x, y) : -1;
      const index = onLine >= 0 ? near : -1;
      clearTimeout(showTimer);
      if (index === current && index >= 0) {
        stopHiding(); // back on the card's own mark
        return;
      }
      if (index >= 0) {
        // Another mark: its card replaces this one once the pointer rests there.
        stopHiding();
        showTimer = setTimeout(() => show(index, false, onLine), SHOW_DELAY_MS);
        return;
      }
      if (current < 0 || keptByKeys()) return;
      // Off both: the grace starts at the first such move, and starts again only while the pointer comes closer.
      const distance = distanceToCard(x, y);
      if (hideTimer === undefined || distance < lastDistance) hideSoon();
      lastDistance = distance;
    });
  };
  // Leaving the card for outside the window (no later move to start the grace from).
  const onLeaveCard = (event: MouseEvent): void => {
    if (event.isTrusted && event.relatedTarget === null && current >= 0 && !keptByKeys()) hideSoon();
  };
  card.addEventListener('mouseleave', onLeaveCard);
  // A card reached by keys hides once the reader's focus goes elsewhere in the window (back into the panel, to
  // the tab, into the page), as a popover does; not when the window itself loses focus (the reader comes back
  // to it). Read a task later: focus is still moving during focusout (the card's own content re-rendered, a
  // step that focuses the card again), and moving into the panel's frame is told only by where it ends up.
  const onFocusOut = (): void => {
    setTimeout(() => {
      if (card.hidden || !byKeys || !doc.hasFocus()) return;
      const inner = host.shadow.activeElement;
      if (inner === card || (inner !== null && card.contains(inner))) return;
      hide();
    }, 0);
  };
  card.addEventListener('focusout', onFocusOut);
  doc.addEventListener('mousemove', onMove, { passive: true });

  // Esc closes a card shown by hover, where focus is still in the page. Listened to only while such a card
  // shows, and only Escape is taken then: the page keeps every other key, and Escape whenever no card shows.
  function onPageKey(event: KeyboardEvent): void {
    // With focus in Backstory's own root, its own listener (below) closes the card and puts focus back.
    if (!event.isTrusted || event.key !== 'Escape' || card.hidden || doc.activeElement === host.shadow.host) return;
    event.preventDefault();
    event.stopPropagation();
    stopHiding();
    hide();
  }

  const inCard = (element: Element | null): boolean => element !== null && (element === card || card.contains(element));

  const step = (direction: 1 | -1): void => {
    if (mentions.length === 0) return;
    const from = current >= 0 ? current : stepped;
    const next =
      from < 0 || from >= mentions.length
        ? direction === 1
          ? 0
          : mentions.length - 1
        : (from + direction + mentions.length) % mentions.length;
    stepped = next;
    const mention = mentions[next] as MarkedMention;
    const element = mention.range.startContainer.parentElement;
    element?.scrollIntoView({
      block: 'center',
      behavior: view?.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
    });
    const inner = host.shadow.activeElement;
    // (Backstory's root holds HTML elements only.)
    if (!inCard(inner)) cameFrom = inner as HTMLElement | null;
    show(next, true);
    card.focus();
  };

  /** Whether Tab (Shift+Tab: back) would take focus out of the card: from its last control, or before its first. */
  const leavesCard = (back: boolean): boolean => {
    const inner = host.shadow.activeElement;
    if (card.hidden || !inCard(inner)) return false;
    const controls = [...card.querySelectorAll('button')];
    // The card itself (focused by a step) comes before its controls.
    return back ? inner === card || inner === controls[0] : controls.length === 0 || inner === controls.at(-1);
  };

  /**
   * Takes focus from the card on into the page, from its mark: the Tab stop after it (before it, going back). With
   * none that way, to the tab, which is first in the document's order.
   */
  const tabIntoPage = (back: boolean): void => {
    const mention = mentions[current];
    hide();
    if (!mention) return;
    const from = back ? mention.range.startContainer : mention.range.endContainer;
    if (!focusNextInPage(doc, from, back ? -1 : 1, host.shadow.host)) host.tab.focus();
  };

  // Keys reach this listener only from Backstory's own shadow root: the page's keys are never taken.
  const onKey = (event: Event): void => {
    // Only the reader's keys: a page script can dispatch key events into an open shadow root.
    if (!event.isTrusted) return;
    const key = event as KeyboardEvent;
    if (key.altKey && (key.key === 'ArrowDown' || key.key === 'ArrowUp')) {
      key.preventDefault();
      step(key.key === 'ArrowDown' ? 1 : -1);
    } else if (key.key === 'Escape' && !card.hidden) {
      key.preventDefault();
      hide();
      // Back where the reader was: in the panel when the step came from there. The tab when that is gone (the panel closed).
      const back = cameFrom;
      cameFrom = null;
      if (back?.isConnected && back.checkVisibility()) back.focus();
      else host.tab.focus();
    } else if (key.key === 'Tab' && !key.altKey && !key.ctrlKey && !key.metaKey && leavesCard(key.shiftKey)) {
      key.preventDefault();
      tabIntoPage(key.shiftKey);
    }
  };
  // Captured: the card's Esc comes before the tab's own (which closes the panel).
  host.shadow.addEventListener('keydown', onKey, true);
  // The same keys pressed in the panel (its own document) arrive through the host.
  host.setMentionStepper(step);

  return {
    step,
    remove() {
      doc.removeEventListener('mousemove', onMove);
      doc.removeEventListener('keydown', onPageKey, true);
      doc.removeEventListener('scroll', placeSoon, { capture: true });
      card.removeEventListener('mouseleave', onLeaveCard);
      card.removeEventListener('focusout', onFocusOut);
      host.shadow.removeEventListener('keydown', onKey, true);
      host.setMentionStepper(null);
      clearTimeout(showTimer);
      stopHiding();
      paintCurrent(-1);
      card.remove();
    },
  };
}
