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
import { useDocumentTitle, useI18n } from './i18n';
import { LanguageSetting } from './LanguageSetting';
import { ManagedNotice } from './ManagedNotice';
import { PauseControl } from './PauseControl';
import { ReadingSettings } from './ReadingSettings';
import { ShortcutNote } from './ShortcutNote';
import { SiteSwitch } from './SiteSwitch';
import { StorageError } from './StorageError';
import { useArchiveStatus } from './useArchiveStatus';

export function Options() {
  const { t } = useI18n();
  // Counted again after each sync this page sees finish ("Sync now", or one on schedule while it is open).
  const [synced, setSynced] = useState(0);
  const status = useArchiveStatus(synced);
  const [persistence, setPersistence] = useState<Persistence>();
  // Asked here: the service worker has no navigator.storage.persist().
  useEffect(() => {
    void requestPersistence().then(setPersistence);
  }, []);
  useDocumentTitle(t.options.title);
  return (
    <main class="options">
      <h1>{t.options.title}</h1>
      <ManagedNotice />
      <PauseControl />
      <section aria-labelledby="archive-heading">
        <h2 id="archive-heading">{t.options.archive}</h2>
        <StorageError load={status} />
        <StatusFooter load={status} refresh={synced} />
        {persistence === 'best-effort' && <p class="quiet">{t.options.mayClear}</p>}
      </section>
      <FeedsSection onSynced={() => setSynced((n) => n + 1)} />
      <LanguageSetting />
      <ReadingSettings />
      <FollowSettings />
      <ExportImport />
      <section aria-labelledby="sites-heading">
        <h2 id="sites-heading">{t.options.sites}</h2>
        <p class="quiet">{t.options.sitesNote}</p>
        <ul class="sites">
          {DEFAULT_SITES.map((site) => (
            <li key={site.host}>
              <SiteSwitch host={site.host} label={t.options.siteLabel(site.name, site.host)} />
            </li>
          ))}
        </ul>
        <AddedSites />
      </section>
      <section aria-labelledby="keys-heading">
        <h2 id="keys-heading">{t.options.keyboard}</h2>
        <ShortcutNote />
        <p class="quiet">{t.options.keyboardNote}</p>
      </section>
      <DeleteEverything />
    </main>
  );
}
