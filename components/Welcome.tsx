/**
 * The first-run page, opened when Backstory is installed: what it does, what stays on the machine, the
 * keyboard command as the browser has it bound, the sites it runs on, and the feeds it syncs.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { browserFamily, changeShortcutHow, openShortcutSettings, readShortcut } from '../lib/settings/shortcut';
import { DEFAULT_SITES } from '../lib/settings/sites';
import { FeedsSection } from './FeedsSection';
import { useDocumentTitle, useI18n } from './i18n';
import './control.css';

function Shortcut() {
  const { t, f } = useI18n();
  const [key, setKey] = useState<string | null>(null);
  useEffect(() => {
    void readShortcut().then(
      (shortcut) => setKey(shortcut ?? ''),
      () => setKey(''),
    );
  }, []);
  if (key === null) return null;
  return (
    <>
      <p class="shortcut">
        {key ? (
          <>
            {t.welcome.pressBefore}
            <kbd>{key}</kbd>
            {t.welcome.pressAfter}
          </>
        ) : (
          t.welcome.noKey
        )}
        {f.space}
        {changeShortcutHow(browserFamily(), t.page)}
      </p>
      <p>
        <button type="button" onClick={() => void openShortcutSettings(browserFamily())}>
          {t.welcome.changeShortcut}
        </button>
      </p>
    </>
  );
}

export function Welcome() {
  const { t } = useI18n();
  useDocumentTitle(t.welcome.title);
  return (
    <main class="welcome">
      <h1>{t.welcome.title}</h1>
      <p>{t.welcome.intro}</p>

      <h2>{t.welcome.staysHeading}</h2>
      <p>{t.welcome.stays}</p>

      <h2>{t.welcome.keyboardHeading}</h2>
      <Shortcut />

      <h2>{t.welcome.whereHeading}</h2>
      <p>{t.welcome.where(DEFAULT_SITES.length)}</p>
      <ul class="sites">
        {DEFAULT_SITES.map((site) => (
          <li key={site.host}>
            {site.name} <span class="quiet">({site.host})</span>
          </li>
        ))}
      </ul>

      <FeedsSection />

      <h2>{t.welcome.handsHeading}</h2>
      <p>{t.welcome.hands}</p>
      <p>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          {t.welcome.openSettings}
        </button>
      </p>
    </main>
  );
}
