/**
 * The popup's way to the panel on this tab's article: the same as the tab on the page and the keyboard
 * command, for a page whose text leaves no room for the tab (it is tucked away there until focused). Shown
 * only where the panel may be embedded: a default site or one the reader added.
 */
import { useEffect, useState } from 'preact/hooks';
import { togglePanelInTab } from '../lib/messaging/to-content';
import { addedSiteOf, addedSitesSetting } from '../lib/settings/added-sites';
import { siteOfUrl } from '../lib/settings/sites';
import { useI18n } from './i18n';

export function PanelToggle({ tabId, url }: { tabId: number; url: string }) {
  const { t } = useI18n();
  const [embeddable, setEmbeddable] = useState(siteOfUrl(url) !== undefined);
  useEffect(() => {
    if (embeddable || !url.startsWith('https://')) return;
    void addedSitesSetting.getValue().then((added) => setEmbeddable(addedSiteOf(new URL(url).hostname, added) !== undefined));
  }, [url, embeddable]);
  if (!embeddable) return null;
  return (
    <p>
      <button type="button" onClick={() => void togglePanelInTab(tabId).then(() => window.close())}>
        {t.popup.togglePanel}
      </button>
    </p>
  );
}
