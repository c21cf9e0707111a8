/**
 * The keyboard command that opens or closes the panel, as the browser has it now: the reader (or a clash
 * with another extension) may have changed or cleared the manifest's suggestion, so it is read from
 * `commands.getAll()` every time it is shown, never written out from the manifest.
 */
import { browser } from 'wxt/browser';
import { type PageMessages, pageMessagesFor } from '../i18n/page';
import { TOGGLE_COMMAND } from '../messaging/to-content';

/** The browsers whose shortcut settings Backstory can point to. */
export type BrowserFamily = 'chrome' | 'firefox';

/** The family of the browser this build is for (WXT's BROWSER: "chrome", "firefox", "edge", …). */
export function browserFamily(name: string = import.meta.env.BROWSER): BrowserFamily {
  return name === 'firefox' ? 'firefox' : 'chrome';
}

/** The toggle command's key, or null when none is set. */
export async function readShortcut(): Promise<string | null> {
  const commands = await browser.commands.getAll();
  return commands.find((command) => command.name === TOGGLE_COMMAND)?.shortcut || null;
}

/** Where the reader sets or changes the shortcut, in words. */
export function changeShortcutHow(family: BrowserFamily, t: PageMessages = pageMessagesFor('en')): string {
  return family === 'firefox' ? t.howFirefox : t.howChrome;
}

/** The tab's tooltip: what it does, and its shortcut or how to set one. */
export function tabTooltip(shortcut: string | null, family: BrowserFamily, t: PageMessages = pageMessagesFor('en')): string {
  return shortcut ? t.tabTooltip(shortcut) : t.tabTooltipUnset(changeShortcutHow(family, t));
}

/**
 * Opens the browser's shortcut settings, where an extension may: Chrome lets an extension open its
 * chrome://extensions pages in a tab; Firefox (137+) has `commands.openShortcutSettings`. False where neither works.
 */
export async function openShortcutSettings(family: BrowserFamily): Promise<boolean> {
  try {
    if (family === 'chrome') {
      await browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
      return true;
    }
    const commands = browser.commands as typeof browser.commands & { openShortcutSettings?: () => Promise<void> };
    if (!commands.openShortcutSettings) return false;
    await commands.openShortcutSettings();
    return true;
  } catch {
    return false;
  }
}
