/**
 * The worker's side of the reader's lists: it is their one writer (./one-writer.ts says why), and these
 * handlers make the changes the extension's pages and the article script ask for.
 */
import type { SettingsToBackground } from '../messaging/protocol';
import type { Handlers } from '../messaging/server';
import { siteToAdd, storeAddedSite, storeRemovedSite } from './added-sites';
import { type Seen, storeFollow, storeSeen } from './follows';
import { storeHiddenItems, storePanelOpen, storeSiteEnabled } from './settings';

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** What the reader saw, as a page sent it, or undefined for something that is none. */
function seenOf(data: Record<string, unknown>): Seen | undefined {
  if (data.all === true) return { all: true };
  if (typeof data.entityId === 'string') return { entityId: data.entityId };
  if (Array.isArray(data.itemIds)) return { itemIds: strings(data.itemIds) };
  return undefined;
}

export function createSettingsHandlers(): Pick<Handlers, keyof SettingsToBackground | 'rememberPanelOpen'> {
  return {
    async rememberPanelOpen(data) {
      if (typeof data.site === 'string') await storePanelOpen(data.site, data.open === true);
      return null;
    },
    async setFollow(data) {
      const { id, name } = data.entity ?? {};
      if (typeof id === 'string' && typeof name === 'string') await storeFollow({ id, name }, data.follow === true);
      return null;
    },
    async recordSeen(data) {
      const seen = seenOf(data as Record<string, unknown>);
      if (seen) await storeSeen(seen);
      return null;
    },
    async setSiteEnabled(data) {
      if (typeof data.host === 'string') await storeSiteEnabled(data.host, data.enabled === true);
      return null;
    },
    async addSite(data) {
      if (typeof data.site === 'string' && siteToAdd(`https://${data.site}/`) === data.site) await storeAddedSite(data.site);
      return null;
    },
    async removeSite(data) {
      if (typeof data.site === 'string') await storeRemovedSite(data.site);
      return null;
    },
    async setHiddenItems(data) {
      if (typeof data.articleUrl === 'string') await storeHiddenItems(data.articleUrl, strings(data.itemIds));
      return null;
    },
  };
}
