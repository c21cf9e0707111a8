/** The first-run page: opened once, when Backstory is installed (not on an update or a browser restart). */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';

/** The page's path in the extension (entrypoints/welcome/). */
export const FIRST_RUN_PATH = '/welcome.html';

/** Whether the first-run page was opened on this profile. */
// `@__PURE__`: unused items are left out of a bundle (lib/settings/settings.ts says why).
export const welcomedSetting = /* @__PURE__ */ storage.defineItem<boolean>('local:welcomed', { fallback: false, version: 1 });

/**
 * The `runtime.onInstalled` listener's part: a new install opens the first-run page in a tab, once.
 * Chromium reports an extension loaded from the command line (`--load-extension`, as the tests and
 * `npm start` load it) as installed again at every start, its storage kept: the stored flag tells.
 */
export async function openFirstRunOnInstall(details: { reason: string }): Promise<void> {
  if (details.reason !== 'install' || (await welcomedSetting.getValue())) return;
  await welcomedSetting.setValue(true);
  await browser.tabs.create({ url: browser.runtime.getURL(FIRST_RUN_PATH) });
}
