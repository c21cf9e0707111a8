/** The options page's list of the sites the reader added, each removable (its host is given back). */
import { useEffect, useState } from 'preact/hooks';
import { addedSitesSetting, removeSite } from '../lib/settings/added-sites';
import { SET_BY_ORGANISATION } from '../lib/settings/managed';
import { useManagedPolicy } from './useManagedPolicy';

export function AddedSites() {
  const [sites, setSites] = useState<string[] | null>(null);
  const managed = useManagedPolicy()?.policy.addedSites ?? [];
  useEffect(() => {
    void addedSitesSetting.getValue().then(setSites);
    return addedSitesSetting.watch((next) => setSites(next));
  }, []);
  if (sites === null) return null;
  return (
    <>
      {managed.length > 0 && (
        <>
          <h3 id="managed-sites-heading">Sites your organisation added</h3>
          <ul class="sites" aria-labelledby="managed-sites-heading">
            {managed.map((site) => (
              <li key={site}>
                {site} <span class="quiet managed">· {SET_BY_ORGANISATION}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3 id="added-sites-heading">Sites you added</h3>
      {sites.length === 0 ? (
        <p class="quiet">None. On any other site, the toolbar button offers "Enable Backstory on" that site.</p>
      ) : (
        <ul class="sites" aria-labelledby="added-sites-heading">
          {sites
            .filter((site) => !managed.includes(site))
            .map((site) => (
              <li key={site}>
                {site}{' '}
                <button type="button" class="more" aria-label={`Remove ${site}`} onClick={() => void removeSite(site)}>
                  Remove
                </button>
              </li>
            ))}
        </ul>
      )}
    </>
  );
}
