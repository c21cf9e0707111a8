/**
 * The popup's offer on a site Backstory does not run on: "Enable Backstory on SITE" asks the browser for
 * that site inside the click, adds it to the sites (the options page lists it, to remove it again), and
 * reads the page at once.
 */
import { useEffect, useState } from 'preact/hooks';
import { addedSiteOf, addedSitesSetting, addSite, requestSite, siteToAdd } from '../lib/settings/added-sites';
import { runOnceOnTab } from '../lib/settings/run-once';
import { useI18n } from './i18n';

type State = 'offer' | 'added' | 'declined' | { error: string };

export function EnableSite({ url, tabId, onEnabled }: { url: string; tabId: number; onEnabled: () => void }) {
  const { t } = useI18n();
  const site = siteToAdd(url);
  const [state, setState] = useState<State | null>(null);
  useEffect(() => {
    if (!site) return;
    void addedSitesSetting.getValue().then((added) => setState(addedSiteOf(new URL(url).hostname, added) ? 'added' : 'offer'));
  }, [site, url]);
  if (!site || state === null) return null;
  if (state === 'added') return <p class="enable-site quiet">{t.popup.siteAdded(site)}</p>;
  const enable = (): void => {
    // Asked before anything else is awaited: the browser prompts only inside the reader's click.
    const asked = requestSite(site);
    void asked.then(async (granted) => {
      if (!granted) return setState('declined');
      await addSite(site);
      // The registered script runs from the next load; this page is read now.
      const run = await runOnceOnTab(tabId);
      setState(run.ok ? 'added' : { error: t.common.cannotRun(run.error) });
      onEnabled();
    });
  };
  return (
    <div class="enable-site">
      <p>
        <button type="button" onClick={enable}>
          {t.popup.enableSite(site)}
        </button>
      </p>
      <p class="quiet">{t.popup.enableSiteNote(site)}</p>
      {state === 'declined' && <p role="alert">{t.popup.enableDeclined(site)}</p>}
      {typeof state === 'object' && <p role="alert">{state.error}</p>}
    </div>
  );
}
