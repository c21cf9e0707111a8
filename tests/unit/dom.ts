/**
 * An extension page for a component, in Node: linkedom's document as the page's, Preact rendering into it. Enough
 * for what a control shows and says after a click; the real browser's layout, focus and styles are the end-to-end
 * tests' (tests/e2e).
 */
import { parseHTML } from 'linkedom';
import { type ComponentChild, render } from 'preact';
import { expect, vi } from 'vitest';

export interface FakePage {
  root: HTMLElement;
  /** The text of what the page says in `role="alert"` (empty: nothing). */
  alerts(): string[];
  close(): void;
}

/** Renders `content` into a fresh page, the page's `document` and `window` as the globals the components use. */
export function renderPage(content: ComponentChild): FakePage {
  const { document, window } = parseHTML('<!doctype html><html><body><main></main></body></html>');
  Object.assign(globalThis, { document, window });
  const root = document.querySelector('main') as unknown as HTMLElement;
  render(content, root);
  return {
    root,
    alerts: () => [...root.querySelectorAll('[role="alert"]')].map((alert) => alert.textContent ?? '').filter(Boolean),
    close() {
      render(null, root);
      Object.assign(globalThis, { document: undefined, window: undefined });
    },
  };
}

/** The element `selector` finds once the page shows it. */
export async function shown<E extends Element = HTMLElement>(page: FakePage, selector: string): Promise<E> {
  await vi.waitFor(() => expect(page.root.querySelector(selector)).not.toBeNull());
  return page.root.querySelector(selector) as unknown as E;
}

/** The page's own Event (linkedom's: its elements take no other). */
const eventsOf = (element: Element): typeof Event => (element.ownerDocument.defaultView as unknown as typeof globalThis).Event;

/** Clicks an element, as a pointer's click reaches a Preact handler. */
export function click(element: Element): void {
  element.dispatchEvent(new (eventsOf(element))('click', { bubbles: true }));
}

/** Whether a checkbox is checked (linkedom keeps it as the attribute until a script sets the property). */
export function isChecked(input: HTMLInputElement): boolean {
  return typeof input.checked === 'boolean' ? input.checked : input.hasAttribute('checked');
}

/** Toggles a checkbox, as the reader's click does: its state first, then its change event. */
export function toggle(input: HTMLInputElement): void {
  input.checked = !isChecked(input);
  input.dispatchEvent(new (eventsOf(input))('change', { bubbles: true }));
}

/** Gives a field a value, as the browser does while the reader types or picks: the value, then its input and change events. */
export function enter(input: HTMLInputElement, value: string): void {
  input.value = value;
  for (const type of ['input', 'change']) input.dispatchEvent(new (eventsOf(input))(type, { bubbles: true }));
}
