/** The one message the background sends to an article script: open or close the panel (the keyboard command). */
import { browser } from 'wxt/browser';

export const TOGGLE_COMMAND = 'toggle-panel';

export interface BackgroundToContent {
  backstory: 1;
  type: 'togglePanel';
}

export function isTogglePanel(message: unknown): message is BackgroundToContent {
  return (message as BackgroundToContent | null)?.backstory === 1 && (message as BackgroundToContent).type === 'togglePanel';
}

/** Tells the article script in a tab to toggle its panel; a tab without one (no article there) is left alone. */
export async function togglePanelInTab(tabId: number): Promise<void> {
  const message: BackgroundToContent = { backstory: 1, type: 'togglePanel' };
  await browser.tabs.sendMessage(tabId, message).catch(() => undefined);
}

/** The `commands.onCommand` listener: the toggle command goes to the tab it was pressed in. */
export function createCommandListener() {
  return (command: string, tab?: { id?: number }): void => {
    if (command === TOGGLE_COMMAND && tab?.id !== undefined) void togglePanelInTab(tab.id);
  };
}

/** The toolbar badge: how many entities Backstory found on the tab's article. */
export async function showCountOnBadge(tabId: number, count: number): Promise<void> {
  await browser.action.setBadgeBackgroundColor({ tabId, color: '#3b2f8f' });
  await browser.action.setBadgeText({ tabId, text: count > 0 ? String(count) : '' });
}
