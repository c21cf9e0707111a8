/**
 * The panel's frame sits on a page Backstory does not trust, and the page can draw over it: a cover of its own with
 * `pointer-events: none` (the reader's click passes through to the panel beneath it), or the panel made transparent
 * through the host's open shadow root. A reader who clicks the page's "No thanks" would then switch Backstory off
 * on the site, hide an item or follow an entity without seeing it. So the panel's controls that change something
 * (marked `data-guard`) take a click of the pointer only once they have been in plain sight for a moment: nothing
 * drawn over them, fully opaque, not transformed.
 *
 * The browser says so: IntersectionObserver v2 (`trackVisibility`, Chromium), whose `isVisible` takes in the
 * embedding page's content and styles, across the frame's boundary; it was made for frames that take clicks
 * (https://web.dev/articles/intersectionobserver-v2). Each guarded control is watched on its own, not the panel
 * whole: a page's sticky video player over the panel's lower corner must not lock the switch at its top. Firefox
 * has no `isVisible`: there every click counts, as before. Keys are not guarded: a page cannot send the panel's
 * frame keystrokes, and a refused press does not give the control the focus, so a key reaches it only when the
 * reader moved the focus there. That is also the way left where the page filters everything it shows (a grey page on
 * a day of mourning): the browser cannot tell a filter from a cover, so the panel says to use the keyboard.
 */

/** How long a control must have been in plain sight before a click on it counts (as browsers guard their own prompts). */
export const SEEN_FOR_MS = 500;

/** The attribute that marks a control (or a part of the panel holding controls) whose clicks are guarded. */
export const GUARD_ATTRIBUTE = 'data-guard';
const GUARDED = `[${GUARD_ATTRIBUTE}]`;

export interface ClickGuard {
  stop(): void;
}

/**
 * Watches the guarded controls in `root` (the panel's content) as they come and go, and drops any click of the
 * pointer on one that is not plainly seen, calling `refused` so the panel can say why nothing happened.
 */
export function guardClicks(win: Window & typeof globalThis, root: Element, refused: () => void): ClickGuard {
  const Observer = win.IntersectionObserver;
  if (Observer === undefined || !('isVisible' in win.IntersectionObserverEntry.prototype)) return { stop() {} };
  // Since when each guarded control has been in plain sight (absent: not now, or not yet known).
  const since = new WeakMap<Element, number>();
  const visibility = new Observer(
    (entries) => {
      for (const entry of entries) {
        const visible = (entry as IntersectionObserverEntry & { isVisible?: boolean }).isVisible === true;
        if (!visible) since.delete(entry.target);
        else if (!since.has(entry.target)) since.set(entry.target, entry.time);
      }
    },
    // `delay` is the least the browser allows with `trackVisibility`: how often, at most, it says how sight changed.
    { threshold: [0], trackVisibility: true, delay: 100 } as IntersectionObserverInit,
  );
  const watch = (node: Node): void => {
    if (!(node instanceof win.Element)) return;
    if (node.matches(GUARDED)) visibility.observe(node);
    for (const inside of node.querySelectorAll(GUARDED)) visibility.observe(inside);
  };
  watch(root);
  const added = new win.MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) watch(node);
  });
  added.observe(root, { childList: true, subtree: true });

  /** Whether a press of the pointer on this target is to be dropped: on a guarded control not plainly seen. */
  const unseen = (event: MouseEvent): boolean => {
    const control = event.target instanceof win.Element ? event.target.closest(GUARDED) : null;
    if (!control) return false;
    const seenAt = since.get(control);
    return seenAt === undefined || event.timeStamp - seenAt < SEEN_FOR_MS;
  };
  const onClick = (event: MouseEvent): void => {
    // `detail` 0: a click made with a key (Enter, Space) on the control that has the focus.
    if (event.detail === 0 || !unseen(event)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    refused();
  };
  // Nor does the press give the control the focus: else the page's next "press Space to continue" would work it.
  const onPress = (event: MouseEvent): void => {
    if (unseen(event)) event.preventDefault();
  };
  // Capturing, on the window: before the control hears the click.
  win.addEventListener('click', onClick, true);
  win.addEventListener('mousedown', onPress, true);
  return {
    stop() {
      visibility.disconnect();
      added.disconnect();
      win.removeEventListener('click', onClick, true);
      win.removeEventListener('mousedown', onPress, true);
    },
  };
}
