/** The per-site switch: when off, Backstory runs no script on the site from its next page load. */
import { useEffect, useState } from 'preact/hooks';
import { setSiteEnabled, siteEnabled } from '../lib/settings/settings';
import type { SiteHost } from '../lib/settings/sites';
import './control.css';
import { useI18n } from './i18n';
import { NotSaved, useWorkerChange } from './NotSaved';
import { useManagedPolicy } from './useManagedPolicy';

export function SiteSwitch({ host, label }: { host: SiteHost; label?: string }) {
  const { t } = useI18n();
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const managed = useManagedPolicy();
  const { change, notSaved } = useWorkerChange();
  useEffect(() => {
    void siteEnabled(host).then(setEnabled);
  }, [host]);
  if (enabled === null || managed === null) return null;
  // Switched off by the organisation: shown off and locked (the worker keeps the script off there anyway).
  if (managed.policy.disabledSites?.includes(host))
    return (
      <p class="site-switch">
        <label>
          <input type="checkbox" checked={false} disabled /> {label ?? t.site.runOn(host)}
        </label>
        <span class="quiet managed"> · {t.managed.siteOff}</span>
      </p>
    );
  // Shown at once; a switch the worker could not store goes back to what is stored, saying so.
  const switchTo = (next: boolean) => {
    setEnabled(next);
    void change(
      () => setSiteEnabled(host, next),
      () => siteEnabled(host).then(setEnabled),
    );
  };
  // In the panel, a click through something the page drew over it does nothing (lib/panel/click-guard.ts).
  return (
    <>
      <p class="site-switch" data-guard>
        <label>
          <input type="checkbox" checked={enabled} onChange={(event) => switchTo((event.currentTarget as HTMLInputElement).checked)} />{' '}
          {label ?? t.site.runOn(host)}
        </label>
        {!enabled && <span class="quiet">{t.site.offFromNext}</span>}
      </p>
      <NotSaved text={notSaved} />
    </>
  );
}
