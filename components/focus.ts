/**
 * Gives focus to an element that is no control (a section's heading) when the control the reader used has gone with
 * what it acted on: the keyboard goes on from there, not from the page's body. Focusable by script only (tabIndex -1).
 */
export function focusInPlace(element: HTMLElement | null | undefined): void {
  if (!element) return;
  element.tabIndex = -1;
  element.focus();
}
