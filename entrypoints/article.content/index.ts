import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { runArticleScript } from '../../lib/content/article-script';
import { readPageSettings } from '../../lib/content/page-settings';
import type { ArticleScriptContext } from '../../lib/content/script-context';
import { isTogglePanel } from '../../lib/messaging/to-content';
import { addedSiteOf } from '../../lib/settings/added-sites';
import { pausedSetting } from '../../lib/settings/control';
import { managedSiteOf, readManagedPolicy } from '../../lib/settings/managed';
import { SITE_PATTERNS, siteOfUrl } from '../../lib/settings/sites';

export default defineContentScript({
  matches: SITE_PATTERNS,
  // Registered by the background for the enabled sites only (lib/settings/registration.ts).
  registration: 'runtime',
  // The context is lib/content/script-context.ts's (wxt.config.ts): only what both it and WXT's have is used.
  async main(ctx: ArticleScriptContext) {
    // The reader's settings, all in one read (lib/content/page-settings.ts); the page's first read uses it too.
    const first = readPageSettings();
    const settings = await first;
    // Paused (the script was injected just before it was unregistered): the page is not read.
    if (settings.paused) return;
    // The panel on the default sites and the ones the reader or the organisation added; elsewhere (run once
    // from the popup) the marks and cards work alone.
    const enabled =
      siteOfUrl(location.href) ||
      (location.protocol === 'https:' &&
        (addedSiteOf(location.hostname, settings.addedSites) ?? managedSiteOf(await readManagedPolicy(), location.hostname)));
    const sidebarUrl = enabled ? browser.runtime.getURL('/sidebar.html') : null;
    // Paused while the page is open: everything Backstory added goes, and nothing reads the page again. Watched from
    // before the first read, which waits for the worker: a pause meanwhile is not missed.
    const unwatch = pausedSetting.watch((paused) => {
      if (paused) ctx.abort();
    });
    let reads = 0;
    const handle = await runArticleScript(
      document,
      () => location.href,
      sidebarUrl,
      () => (reads++ === 0 ? first : readPageSettings()),
    );
    // Ended during the first read (paused, or a newer copy of the script started, as Run once does): what this
    // copy added goes at once, as it would have had it ended later.
    if (!ctx.isValid) {
      unwatch();
      handle.remove();
      return;
    }
    // The keyboard command arrives from the background: only this extension's messages are listened to.
    const onMessage = (message: unknown, sender: { id?: string }) => {
      if (sender.id !== browser.runtime.id) return;
      if (isTogglePanel(message)) handle.toggle();
    };
    browser.runtime.onMessage.addListener(onMessage);
    // An old tab's script, after the extension is updated or unloaded, takes away what it added.
    ctx.onInvalidated(() => {
      unwatch();
      browser.runtime.onMessage.removeListener(onMessage);
      handle.remove();
    });
  },
});
