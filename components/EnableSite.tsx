/**
 * The popup's offer on a site Backstory does not run on: "Enable Backstory on SITE" asks the browser for
 * that site inside the click, adds it to the sites (the options page lists it, to remove it again), and
 * reads the page at once.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { errorText } from '../lib/i18n/index';
import { addedSiteOf, addedSitesSetting, addSite, requestSite, siteToAdd } from '../lib/settings/added-sites';
import { managedSiteOf, readManagedPolicy } from '../lib/settings/managed';
import { runOnceOnTab } from '../lib/settings/run-once';
import { sitePattern } from '../lib/settings/sites';
import { useI18n } from './i18n';
import { NotSaved, useWorkerChange } from './NotSaved';

/** `managed`: the organisation added the site and the browser lets Backstory read it. */
type State = 'offer' | 'added' | 'managed' | 'declined' | { error: string };

export function EnableSite({ url, tabId, onEnabled }: { url: string; tabId: number; onEnabled: () => void }) {
  const { t } = useI18n();
  const site = siteToAdd(url);
  const [state, setState] = useState<State | null>(null);
  // The organisation added the site: it runs there once the browser lets Backstory read it, which no policy
  // can grant (docs/enterprise.md), so the same one-click request is offered until then.
  const [byOrganisation, setByOrganisation] = useState(false);
  const { change, notSaved } = useWorkerChange();
  useEffect(() => {
    if (!site) return;
    const hostname = new URL(url).hostname;
    void (async () => {
      const managed = managedSiteOf(await readManagedPolicy(), hostname);
      setByOrganisation(managed !== undefined);
      if (managed) {
        const granted = await browser.permissions.contains({ origins: [sitePattern(managed)] }).catch(() => false);
        return setState(granted ? 'managed' : 'offer');
      }
      setState(addedSiteOf(hostname, await addedSitesSetting.getValue()) ? 'added' : 'offer');
    })();
  }, [site, url]);
  if (!site || state === null) return null;
  if (state === 'managed')
    return (
      <p class="enable-site quiet">
        {t.managed.runsOn(site)} <span class="managed">· {t.managed.setBy}</span>
      </p>
    );
  if (state === 'added') return <p class="enable-site quiet">{t.popup.siteAdded(site)}</p>;
  const enable = (): void => {
    // Asked before anything else is awaited: the browser prompts only inside the reader's click.
    const asked = requestSite(site);
    void asked.then(async (granted) => {
      if (!granted) return setState('declined');
      // A site the organisation added is its own: only the access is the reader's to give. A site the worker could not
      // store is not added: the offer stays, saying so, and the page is not read as if it were.
      if (!byOrganisation && !(await change(() => addSite(site)))) return setState('offer');
      // The registered script runs from the next load; this page is read now.
      const run = await runOnceOnTab(tabId, t);
      setState(run.ok ? (byOrganisation ? 'managed' : 'added') : { error: errorText(t, run) });
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
      <p class="quiet">
        {byOrganisation ? `${t.managed.addedSite(site)} ` : ''}
        {t.popup.enableSiteNote(site)}
      </p>
      {state === 'declined' && <p role="alert">{t.popup.enableDeclined(site)}</p>}
      {typeof state === 'object' && <p role="alert">{state.error}</p>}
      <NotSaved text={notSaved} />
    </div>
  );
}
