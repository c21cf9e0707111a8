/**
 * The first-run page, opened when Backstory is installed: what it does, what stays on the machine, the
 * keyboard command as the browser has it bound, the sites it runs on, and the feeds it syncs.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { browserFamily, changeShortcutHow, openShortcutSettings, readShortcut } from '../lib/settings/shortcut';
import { DEFAULT_SITES } from '../lib/settings/sites';
import { FeedsSection } from './FeedsSection';
import './control.css';

function Shortcut() {
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
            Press <kbd>{key}</kbd> on an article to open or close the panel.
          </>
        ) : (
          'No key is set to open the panel: the tab on the right edge of an article opens it.'
        )}{' '}
        {changeShortcutHow(browserFamily())}
      </p>
      <p>
        <button type="button" onClick={() => void openShortcutSettings(browserFamily())}>
          Change the shortcut
        </button>
      </p>
    </>
  );
}

export function Welcome() {
  return (
    <main class="welcome">
      <h1>Welcome to Backstory</h1>
      <p>
        On an AI news article, Backstory marks the companies, people and products it knows, and a tab on the right edge opens a panel with
        the backstory: the earlier stories this one follows, what came since, and the signals to watch.
      </p>

      <h2>What stays on your machine</h2>
      <p>
        Everything. The archive is kept in your browser, in Backstory's own storage, starting from a copy bundled with it. The articles you
        read are read on this machine and are sent nowhere: no account, no tracking, no analytics. Feeds only bring news to Backstory; a
        feed is never told what you read.
      </p>

      <h2>The keyboard</h2>
      <Shortcut />

      <h2>Where it runs</h2>
      <p>Backstory runs on these {DEFAULT_SITES.length} news sites only. Turn any of them off in the settings.</p>
      <ul class="sites">
        {DEFAULT_SITES.map((site) => (
          <li key={site.host}>
            {site.name} <span class="quiet">({site.host})</span>
          </li>
        ))}
      </ul>

      <FeedsSection />

      <h2>In your hands</h2>
      <p>Pause Backstory from its toolbar button whenever you like, and delete everything it stored from the settings.</p>
      <p>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          Open the settings
        </button>
      </p>
    </main>
  );
}
