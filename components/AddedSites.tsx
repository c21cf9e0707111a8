/** The options page's list of the sites the reader added, each removable (its host is given back). */
import { useEffect, useState } from 'preact/hooks';
import { addedSitesSetting, removeSite } from '../lib/settings/added-sites';
import { useI18n } from './i18n';
import { NotSaved, useWorkerChange } from './NotSaved';
import { useManagedPolicy } from './useManagedPolicy';

export function AddedSites() {
  const { t } = useI18n();
  const [sites, setSites] = useState<string[] | null>(null);
  const managed = useManagedPolicy()?.policy.addedSites ?? [];
  // The list is what is stored: a removal the worker could not store leaves the site listed, and says so.
  const { change, notSaved } = useWorkerChange();
  useEffect(() => {
    void addedSitesSetting.getValue().then(setSites);
    return addedSitesSetting.watch((next) => setSites(next));
  }, []);
  if (sites === null) return null;
  return (
    <>
      {managed.length > 0 && (
        <>
          <h3 id="managed-sites-heading">{t.managed.sitesHeading}</h3>
          <ul class="sites" aria-labelledby="managed-sites-heading">
            {managed.map((site) => (
              <li key={site}>
                {site} <span class="quiet managed">· {t.managed.setBy}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3 id="added-sites-heading">{t.options.addedSites}</h3>
      {sites.length === 0 ? (
        <p class="quiet">{t.options.noAddedSites}</p>
      ) : (
        <ul class="sites" aria-labelledby="added-sites-heading">
          {sites
            .filter((site) => !managed.includes(site))
            .map((site) => (
              <li key={site}>
                {site}{' '}
                <button
                  type="button"
                  class="more"
                  aria-label={t.options.removeSite(site)}
                  onClick={() => void change(() => removeSite(site))}
                >
                  {t.options.remove}
                </button>
              </li>
            ))}
        </ul>
      )}
      <NotSaved text={notSaved} />
    </>
  );
}
