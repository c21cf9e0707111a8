/** The message an article script takes from the extension: toggle the panel (the keyboard command, the popup's button). */
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
