/** The background's answers about browsing the archive: the entity page, and feed files out and in. */
import type { browser } from 'wxt/browser';
import type { ArchiveService } from '../archive/service';
import { failureOf } from '../i18n/index';
import { ProblemError } from '../messaging/problem';
import type { BrowseToBackground, ContentToBackground } from '../messaging/protocol';
import type { Handlers } from '../messaging/server';
import { buildFeedFile, feedFileName, importFeedFile } from '../sync/feed-file';
import type { FeedArchive } from '../sync/sync';
import { entityPageUrl } from './links';

export interface BrowseHandlerOptions {
  archive: Pick<ArchiveService, 'entityPage' | 'exportRecords'>;
  /** What an import writes through: the archive's feed path (with the follows told of what it adds). */
  feedArchive: FeedArchive;
  tabs: Pick<(typeof browser)['tabs'], 'create'>;
  now?: () => Date;
}

export function createBrowseHandlers(options: BrowseHandlerOptions): Pick<Handlers, keyof BrowseToBackground | 'openEntityPage'> {
  const now = options.now ?? (() => new Date());
  return {
    getEntityPage: (data) =>
      options.archive.entityPage({
        entityId: String(data.entityId),
        ...(typeof data.from === 'string' ? { from: data.from } : {}),
        ...(typeof data.to === 'string' ? { to: data.to } : {}),
        ...(typeof data.related === 'string' ? { related: data.related } : {}),
        ...(typeof data.limit === 'number' ? { limit: data.limit } : {}),
      }),
    async exportFeedFile(data) {
      const entityId = typeof data.entityId === 'string' ? data.entityId : undefined;
      const { entities, items } = await options.archive.exportRecords(entityId);
      const named = entityId ? (entities.find((e) => e.id === entityId)?.name ?? entityId) : undefined;
      const title = named ? `Backstory: ${named}` : 'Backstory archive';
      const at = now();
      return { name: feedFileName(title, at), text: await buildFeedFile(entities, items, { title, now: at }), items: items.length };
    },
    async importFeedFile(data) {
      if (typeof data.text !== 'string') throw new ProblemError(failureOf({ code: 'noFile' }));
      const outcome = await importFeedFile(options.feedArchive, data.text, now());
      if (!outcome.ok) throw new ProblemError(outcome);
      return outcome.value;
    },
    async openEntityPage(data, sender) {
      const index = sender.tab?.index;
      await options.tabs.create({ url: entityPageUrl(String(data.entityId)), ...(index !== undefined ? { index: index + 1 } : {}) });
      return null;
    },
  } satisfies Pick<Handlers, keyof BrowseToBackground | keyof Pick<ContentToBackground, 'openEntityPage'>>;
}
