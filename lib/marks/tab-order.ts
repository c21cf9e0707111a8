/**
 * The Tab key's order in the page, from a point of its text: where focus goes when the reader tabs on past a
 * mention's card. The card lives in Backstory's host at the very start of the document, so the browser's own
 * order would go on from there, to the page's first link ("Skip to content"), and scroll the reader back to
 * the top. No script can set where the browser's order starts, so the next stop is found here: in tree order,
 * into open shadow roots, and tried with focus(), which takes it only where the browser would (a link with an
 * address, a control not disabled, nothing hidden or inert). A positive tabindex is taken at its place in the tree.
 */

/** Whether the element is in the Tab key's order as its attributes say (the browser's own focus() decides the rest). */
function inTabOrder(element: Element): element is HTMLElement {
  const html = element as Partial<HTMLElement>;
  if (typeof html.focus !== 'function' || typeof html.tabIndex !== 'number') return false;
  // A contenteditable host is in the order though its tabIndex says -1.
  const editable = html.isContentEditable === true && !element.parentElement?.isContentEditable;
  return (html.tabIndex >= 0 || editable) && element.checkVisibility();
}

/** Focuses the element if the browser lets it take focus; whether it did. */
function tookFocus(element: HTMLElement): boolean {
  element.focus();
  return (element.getRootNode() as Document | ShadowRoot).activeElement === element;
}

/** Focuses the first (or, going back, the last) stop of the element and its open shadow tree; the one focused. */
function focusWithin(element: Element, direction: 1 | -1): HTMLElement | null {
  const self = (): HTMLElement | null => (inTabOrder(element) && tookFocus(element) ? element : null);
  const inner = (): HTMLElement | null => {
    // Each one's own shadow tree in turn (nested components); their light children are in the list already.
    const all = element.shadowRoot ? [...element.shadowRoot.querySelectorAll('*')] : [];
    for (const candidate of direction === 1 ? all : all.reverse()) {
      const found = focusWithin(candidate, direction);
      if (found) return found;
    }
    return null;
  };
  return direction === 1 ? (self() ?? inner()) : (inner() ?? self());
}

/**
 * Focuses the page's next Tab stop after `from` (or, with -1, the one before it), as the Tab key would from there,
 * leaving out `skip` (Backstory's own host). The elements around `from` are not stops after or before it (a link
 * around a name is passed going either way, as from a point inside it). Returns the element focused, or null
 * when there is none that way (focus is then where it was).
 */
export function focusNextInPage(doc: Document, from: Node, direction: 1 | -1, skip: Element): HTMLElement | null {
  const walker = doc.createTreeWalker(doc.documentElement, 1 /* NodeFilter.SHOW_ELEMENT */, {
    acceptNode: (node) => (node === skip ? 2 /* FILTER_REJECT */ : 1 /* FILTER_ACCEPT */),
  });
  walker.currentNode = from;
  for (let node = direction === 1 ? walker.nextNode() : walker.previousNode(); node; ) {
    const element = node as Element;
    const found = element.contains(from) ? null : focusWithin(element, direction);
    if (found) return found;
    node = direction === 1 ? walker.nextNode() : walker.previousNode();
  }
  return null;
}
