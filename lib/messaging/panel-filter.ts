/**
 * The entity the reader asked the panel to show (a mention card's "Show in Backstory"), on its way from the
 * article script to the panel's frame. It goes through the worker, by tab: the article script tells the worker
 * (`setPanelFilter`), the worker keeps it for the tab and tells the extension's pages, and the panel's frame takes
 * what is for its own tab, or asks when it starts (`getPanelFilter`). Not by a message through the page's window:
 * the page shares that window with the article script, so the panel could not tell the page's messages from ours.
 */
import { browser } from 'wxt/browser';

export interface PanelFilterPush {
  backstoryPanel: 'filter';
  tabId: number;
  entityId: string;
}

export function isPanelFilterPush(message: unknown): message is PanelFilterPush {
  const push = message as PanelFilterPush | null;
  return push?.backstoryPanel === 'filter' && typeof push.tabId === 'number' && typeof push.entityId === 'string';
}

/** The worker's side: the entity each tab's panel is to show, until the tab's next article. */
export function createPanelFilters(tell: (push: PanelFilterPush) => Promise<unknown> = (push) => browser.runtime.sendMessage(push)) {
  const byTab = new Map<number, string>();
  return {
    set(tabId: number, entityId: string): void {
      byTab.set(tabId, entityId);
      // No panel open anywhere is no error: the frame asks when it starts.
      void tell({ backstoryPanel: 'filter', tabId, entityId }).catch(() => undefined);
    },
    get(tabId: number): string | null {
      return byTab.get(tabId) ?? null;
    },
    forget(tabId: number): void {
      byTab.delete(tabId);
    },
  };
}
