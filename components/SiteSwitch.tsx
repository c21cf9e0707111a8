/** The per-site switch: when off, Backstory runs no script on the site from its next page load. */
import { useEffect, useState } from 'preact/hooks';
import { setSiteEnabled, siteEnabled } from '../lib/settings/settings';
import type { SiteHost } from '../lib/settings/sites';

export function SiteSwitch({ host, label }: { host: SiteHost; label?: string }) {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  useEffect(() => {
    void siteEnabled(host).then(setEnabled);
  }, [host]);
  if (enabled === null) return null;
  return (
    <p class="site-switch">
      <label>
        <input
          type="checkbox"
          checked={enabled}
          onChange={(event) => {
            const next = (event.currentTarget as HTMLInputElement).checked;
            setEnabled(next);
            void setSiteEnabled(host, next);
          }}
        />{' '}
        {label ?? `Run Backstory on ${host}`}
      </label>
      {!enabled && <span class="quiet"> · off from the next page load</span>}
    </p>
  );
}
