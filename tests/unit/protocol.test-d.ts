import { expectTypeOf, it } from 'vitest';
import type { ArchiveStatus } from '../../lib/archive/views';
import { sendMessage } from '../../lib/messaging/client';
import type { Result } from '../../lib/messaging/protocol';

it('types each message by its name', () => {
  expectTypeOf(sendMessage('getArchiveStatus', {})).resolves.toEqualTypeOf<Result<ArchiveStatus>>();
  expectTypeOf(sendMessage)
    .parameter(0)
    .toEqualTypeOf<
      | 'analyzeArticle'
      | 'leftArticle'
      | 'loadReadability'
      | 'openEntityPage'
      | 'setPanelFilter'
      | 'rememberPanelOpen'
      | 'setFollow'
      | 'recordSeen'
      | 'setSiteEnabled'
      | 'addSite'
      | 'removeSite'
      | 'setHiddenItems'
      | 'getPanelFilter'
      | 'getPanelContext'
      | 'getEntityCard'
      | 'getArchiveStatus'
      | 'getTabStatus'
      | 'searchArchive'
      | 'getFeeds'
      | 'previewFeed'
      | 'addFeed'
      | 'removeFeed'
      | 'setFeedPaused'
      | 'setSyncInterval'
      | 'syncNow'
      | 'getSyncSummary'
      | 'getEntityPage'
      | 'exportFeedFile'
      | 'importFeedFile'
      | 'setPaused'
      | 'deleteEverything'
    >();
  // @ts-expect-error: a message the protocol does not have
  void sendMessage('dropTables', {});
  // @ts-expect-error: the wrong data for the message
  void sendMessage('analyzeArticle', { url: 1 });
});
