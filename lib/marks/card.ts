/**
 * The card a mention shows on hover, and keyboard travel between mentions. Highlights are not elements,
 * so hovering is found by hit-testing the caret position under the pointer against the mention ranges;
 * the card lives in Backstory's shadow root and is built with text only.
 *
 * Keys (only while Backstory's tab, a card or the panel has focus; no key is taken from the page):
 * Alt+ArrowDown next mention, Alt+ArrowUp previous mention, Enter on the card's button opens the panel
 * filtered to that entity, Escape closes the card.
 */
import type { PanelHost } from '../panel/host';
import { CURRENT_HIGHLIGHT } from './highlights';

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
): MentionCards {
  const view = doc.defaultView;
  const card = doc.createElement('div');
  card.className = 'card';
  card.hidden = true;
  card.tabIndex = -1;
  card.setAttribute('role', 'dialog');
  host.shadow.append(card);
  let current = -1;

  const paintCurrent = (index: number): void => {
    if (!view || !('highlights' in view.CSS)) return;
    const mention = mentions[index];
    if (mention) view.CSS.highlights.set(CURRENT_HIGHLIGHT, new view.Highlight(mention.range));
    else view.CSS.highlights.delete(CURRENT_HIGHLIGHT);
  };

  const show = (index: number): void => {
    const mention = mentions[index];
    const about = mention && info.get(mention.entityId);
    if (!mention || !about) return;
    current = index;
    const heading = doc.createElement('h2');
    heading.textContent = about.name;
    const type = doc.createElement('p');
    type.className = 'type';
    type.textContent = about.type;
    const description = doc.createElement('p');
    description.textContent = about.description;
    const items = doc.createElement('p');
    items.textContent =
      about.items === 0
        ? 'No archive items mention it yet.'
        : `${about.items.toLocaleString('en')} archive ${about.items === 1 ? 'item mentions' : 'items mention'} it.`;
    const open = doc.createElement('button');
    open.type = 'button';
    open.textContent = 'Show in Backstory';
    open.addEventListener('click', (event) => {
      if (!event.isTrusted) return;
      hide();
      host.open(mention.entityId);
    });
    const keys = doc.createElement('p');
    keys.className = 'keys';
    keys.textContent = 'Alt+↓ / Alt+↑: next / previous mention · Esc: close';
    card.replaceChildren(heading, type, description, items, ...(host.canOpen ? [open] : []), keys);
    card.setAttribute('aria-label', `${about.name}: ${about.type}`);
    const box = mention.range.getBoundingClientRect();
    card.hidden = false;
    const width = Math.min(320, (view?.innerWidth ?? 1024) - 16);
    card.style.left = `${Math.max(8, Math.min(box.left, (view?.innerWidth ?? 1024) - width - 8))}px`;
    const below = box.bottom + 8;
    card.style.top = `${below + card.offsetHeight > (view?.innerHeight ?? 768) ? Math.max(8, box.top - card.offsetHeight - 8) : below}px`;
    paintCurrent(index);
  };

  const hide = (): void => {
    card.hidden = true;
    current = -1;
    paintCurrent(-1);
  };

  // Hover: hit-test at most once a frame.
  let pending = false;
  let hoverTimer: ReturnType<typeof setTimeout> | undefined;
  const onMove = (event: MouseEvent): void => {
    // A page script's synthetic pointer moves do not open cards.
    if (pending || !event.isTrusted) return;
    pending = true;
    view?.requestAnimationFrame(() => {
      pending = false;
      if (event.composedPath().includes(card)) return;
      const caret = caretAt(doc, event.clientX, event.clientY);
      const index = caret ? mentions.findIndex((m) => contains(m.range, caret.node, caret.offset)) : -1;
      clearTimeout(hoverTimer);
      if (index >= 0 && index !== current) hoverTimer = setTimeout(() => show(index), 150);
      else if (index < 0 && current >= 0 && doc.activeElement !== host.shadow.host) hoverTimer = setTimeout(hide, 300);
    });
  };
  doc.addEventListener('mousemove', onMove, { passive: true });

  const step = (direction: 1 | -1): void => {
    if (mentions.length === 0) return;
    const next = current < 0 ? (direction === 1 ? 0 : mentions.length - 1) : (current + direction + mentions.length) % mentions.length;
    const mention = mentions[next] as MarkedMention;
    const element = mention.range.startContainer.parentElement;
    element?.scrollIntoView({
      block: 'center',
      behavior: view?.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
    });
    show(next);
    card.focus();
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
      host.tab.focus();
    }
  };
  host.shadow.addEventListener('keydown', onKey);

  return {
    step,
    remove() {
      doc.removeEventListener('mousemove', onMove);
      host.shadow.removeEventListener('keydown', onKey);
      clearTimeout(hoverTimer);
      paintCurrent(-1);
      card.remove();
    },
  };
}
