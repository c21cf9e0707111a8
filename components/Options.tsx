/** The options page: the archive's state, its feeds, and the sites Backstory runs on. */
import { useEffect, useState } from 'preact/hooks';
import { type Persistence, requestPersistence } from '../lib/archive/persist';
import { DEFAULT_SITES } from '../lib/settings/sites';
import { AddedSites } from './AddedSites';
import { StatusFooter } from './ArchiveFooter';
import { DeleteEverything } from './DeleteEverything';
import { ExportImport } from './ExportImport';
import { FeedsSection } from './FeedsSection';
import { FollowSettings } from './FollowSettings';
import { ManagedNotice } from './ManagedNotice';
import { PauseControl } from './PauseControl';
import { ReadingSettings } from './ReadingSettings';
import { ShortcutNote } from './ShortcutNote';
import { SiteSwitch } from './SiteSwitch';
import { StorageError } from './StorageError';
import { useArchiveStatus } from './useArchiveStatus';

export function Options() {
  const status = useArchiveStatus();
  const [persistence, setPersistence] = useState<Persistence>();
  // Asked here: the service worker has no navigator.storage.persist().
  useEffect(() => {
    void requestPersistence().then(setPersistence);
  }, []);
  return (
    <main class="options">
      <h1>Backstory settings</h1>
      <ManagedNotice />
      <PauseControl />
      <section aria-labelledby="archive-heading">
        <h2 id="archive-heading">Archive</h2>
        <StorageError load={status} />
        <StatusFooter load={status} />
        {persistence === 'best-effort' && (
          <p class="quiet">
            The browser may clear the archive when the disk runs low; Backstory would then rebuild it from the bundled copy and its feeds.
          </p>
        )}
      </section>
      <FeedsSection />
      <ReadingSettings />
      <FollowSettings />
      <ExportImport />
      <section aria-labelledby="sites-heading">
        <h2 id="sites-heading">Sites</h2>
        <p class="quiet">
          Backstory runs only on these sites and the ones you add. A site turned off gets no script at all from its next page load.
        </p>
        <ul class="sites">
          {DEFAULT_SITES.map((site) => (
            <li key={site.host}>
              <SiteSwitch host={site.host} label={`${site.name} (${site.host})`} />
            </li>
          ))}
        </ul>
        <AddedSites />
      </section>
      <section aria-labelledby="keys-heading">
        <h2 id="keys-heading">Keyboard</h2>
        <ShortcutNote />
        <p class="quiet">
          The tab on the page's right edge is the first stop of the Tab key. In the panel or on the tab, Alt+↓ / Alt+↑ go to the next or
          previous marked name; Esc closes.
        </p>
      </section>
      <DeleteEverything />
    </main>
  );
}
