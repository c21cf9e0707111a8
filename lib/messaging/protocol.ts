/**
 * The one typed protocol between Backstory's parts, named by direction. Each message takes one `data`
 * object and answers a plain serialisable value; errors travel as values (`Result`), never as throws.
 */

import type { EntityPage, EntityPageQuery } from '../archive/entity-page';
import type { SearchResults } from '../archive/search';
import type { ArchiveStatus, EntityCard, PanelContext } from '../archive/views';
import type { ArticleAnalysis, ArticleInput } from '../entities/analysis';
import type { SearchFilters } from '../search/query';
import type { Seen } from '../settings/follows';
import type { ImportOutcome } from '../sync/feed-file';
import type { FeedPreview, FeedView } from '../sync/feeds';
import type { Failure } from './problem';

export type { Failure, Problem } from './problem';

/** What Backstory found on one tab. */
export interface TabStatus {
  url: string;
  title: string;
  entities: number;
}

/** A reply: the value, or a readable error (and what it says, as data, where the worker knows it). */
export type Result<T> = { ok: true; value: T } | Failure;

type NoData = Record<string, never>;

/** Messages the content script sends. */
export interface ContentToBackground {
  /**
   * Spots the entities in the article's text blocks; the background keeps the answer for the sender's tab. With
   * it, the panel command's keyboard shortcut as the browser has it now (null: none is set), for the tab's
   * tooltip: one round trip a page, not two (each costs the page's main thread a reply task).
   */
  analyzeArticle(data: ArticleInput): ArticleAnalysis & { shortcut?: string | null };
  /**
   * The tab no longer shows the article it reported (its site showed a page that is none without loading one, or
   * stopped being read): the worker forgets it and the toolbar stops counting its entities.
   */
  leftArticle(data: NoData): null;
  /** Injects Readability into the sender's frame, for a page only it can read (true once it is there). */
  loadReadability(data: NoData): boolean;
  /** Opens an entity's page in a new tab (the mention card's "Entity page": a web page cannot link to it). */
  openEntityPage(data: { entityId: string }): null;
  /** The entity the reader asked this tab's panel to show (a card's "Show in Backstory"): lib/messaging/panel-filter.ts. */
  setPanelFilter(data: { entityId: string }): null;
  /** Remembers whether the reader left the panel open on this site (the worker writes the list: lib/settings/one-writer.ts). */
  rememberPanelOpen(data: { site: string; open: boolean }): null;
}

/** A feed file as the worker writes it: the file's suggested name, its text, and how many items it holds. */
export interface FeedFileOut {
  name: string;
  text: string;
  items: number;
}

/** Messages about browsing the archive: the entity page, and feed files (the entity page, options and popup send them). */
export interface BrowseToBackground {
  /** An entity's page: the entity, its relatives, its items by date (filtered); null when there is no such entity. */
  getEntityPage(data: EntityPageQuery): EntityPage | null;
  /** The archive, or one entity's items, as a feed file (docs/feed-format.md, "Feed files"). */
  exportFeedFile(data: { entityId?: string }): FeedFileOut;
  /** Imports a feed file through a feed's checks, as a source that is not official. */
  importFeedFile(data: { text: string }): ImportOutcome;
}

/** Messages the sidebar page (in its iframe on the article) sends. */
export interface SidebarToBackground {
  /** The context for the article in the sender's tab, or null when that tab has no article. */
  getPanelContext(data: NoData): PanelContext | null;
  /** One entity's card: what it is, who owns it, its archive items over time. */
  getEntityCard(data: { entityId: string }): EntityCard | null;
  /** The entity the sender's tab's panel is to show; null when none was asked for, or outside a tab. */
  getPanelFilter(data: NoData): string | null;
}

/** Messages the popup and options pages send. */
export interface PopupToBackground {
  /** The archive's counts and health. */
  getArchiveStatus(data: NoData): ArchiveStatus;
  /**
   * What Backstory found on a tab's article (the popup asks about the active tab), or null; with the tab's
   * address when the popup knows it, null unless the article was read at that address.
   */
  getTabStatus(data: { tabId: number; url?: string }): TabStatus | null;
  /** Searches the archive (the popup reads the database itself when it can: lib/search/popup-search.ts). */
  searchArchive(data: { query: string; filters?: SearchFilters }): SearchResults;
}

/** How current the archive is: for the options page and the sidebar's footer. */
export interface SyncSummary {
  /** The newest date the archive is current to: the last successful sync's, else the bundled snapshot's. */
  asOf?: string;
  /** When a sync last succeeded, of any feed. */
  lastSuccess?: string;
  /** No sync has succeeded for 7 days (and there is a feed to sync): the reader is warned. */
  stale: boolean;
  /** Hours between syncs. */
  intervalHours: number;
  feeds: number;
}

/** Messages the options page sends about feeds and sync (the sidebar asks `getSyncSummary` too). */
export interface OptionsToBackground {
  /** The feeds, each with its last success, last error, counts, next run and any progress. */
  getFeeds(data: NoData): FeedView[];
  /** Reads a feed's index and says what it would bring; asked after the reader permitted its host. */
  previewFeed(data: { url: string }): FeedPreview;
  /**
   * Adds a feed (the reader permitted its host inside the click) and starts its first sync. `outlet`: the
   * name an offered news feed's headlines are labelled with (lib/sync/offered-feeds.ts).
   */
  addFeed(data: { url: string; outlet?: string }): FeedPreview;
  /** Removes a feed and takes its items out of the archive (not the official feed). */
  removeFeed(data: { url: string }): null;
  /** Pauses or resumes a feed's syncs. */
  setFeedPaused(data: { url: string; paused: boolean }): null;
  /** Sets the hours between syncs (kept within 1 to 72); answers the interval set. */
  setSyncInterval(data: { hours: number }): number;
  /** Starts a sync of every feed that is not paused; progress shows in `getFeeds`. */
  syncNow(data: NoData): null;
  /** How current the archive is, and whether to warn that it is stale. */
  getSyncSummary(data: NoData): SyncSummary;
}

/** The reader's global controls, from the popup and the options page. */
export interface ControlToBackground {
  /** Pauses or resumes everything Backstory does (reading pages, syncing); answers the state now in force. */
  setPaused(data: { paused: boolean }): boolean;
  /** Deletes everything Backstory stored: settings, feeds, follows, granted hosts; the archive back to the bundled snapshot. */
  deleteEverything(data: NoData): null;
}

/**
 * Changes to the reader's lists, from the extension's pages (the panel, popup, options and entity pages): the
 * worker is their one writer, so two changes at once both count (lib/settings/one-writer.ts).
 */
export interface SettingsToBackground {
  /** Follows an entity, or stops following it. */
  setFollow(data: { entity: { id: string; name: string }; follow: boolean }): null;
  /** Marks what the reader saw of the new items: some items, an entity's, or all. */
  recordSeen(data: Seen): null;
  /** Turns Backstory on or off on a default site. */
  setSiteEnabled(data: { host: string; enabled: boolean }): null;
  /** Adds a site the reader was granted. */
  addSite(data: { site: string }): null;
  /** Removes an added site from the list (the page gives its host back). */
  removeSite(data: { site: string }): null;
  /** Sets the items hidden on an article (none: forgets the article). */
  setHiddenItems(data: { articleUrl: string; itemIds: string[] }): null;
}

export type Protocol = ContentToBackground &
  SettingsToBackground &
  SidebarToBackground &
  PopupToBackground &
  OptionsToBackground &
  ControlToBackground &
  BrowseToBackground;
export type MessageType = keyof Protocol;
export type MessageData<K extends MessageType> = Parameters<Protocol[K]>[0];
export type MessageValue<K extends MessageType> = ReturnType<Protocol[K]>;

/** Who may send each message: a content script in a tab, or one of the extension's own pages. */
export type SenderKind = 'content-script' | 'extension-page';
export const ALLOWED_SENDER: { [K in MessageType]: SenderKind } = {
  analyzeArticle: 'content-script',
  leftArticle: 'content-script',
  loadReadability: 'content-script',
  openEntityPage: 'content-script',
  setPanelFilter: 'content-script',
  rememberPanelOpen: 'content-script',
  setFollow: 'extension-page',
  recordSeen: 'extension-page',
  setSiteEnabled: 'extension-page',
  addSite: 'extension-page',
  removeSite: 'extension-page',
  setHiddenItems: 'extension-page',
  getPanelContext: 'extension-page',
  getEntityCard: 'extension-page',
  getPanelFilter: 'extension-page',
  getArchiveStatus: 'extension-page',
  getTabStatus: 'extension-page',
  searchArchive: 'extension-page',
  getFeeds: 'extension-page',
  previewFeed: 'extension-page',
  addFeed: 'extension-page',
  removeFeed: 'extension-page',
  setFeedPaused: 'extension-page',
  setSyncInterval: 'extension-page',
  syncNow: 'extension-page',
  getSyncSummary: 'extension-page',
  getEntityPage: 'extension-page',
  exportFeedFile: 'extension-page',
  importFeedFile: 'extension-page',
  setPaused: 'extension-page',
  deleteEverything: 'extension-page',
};

/** The envelope on the wire; the tag keeps other extensions' or libraries' messages apart. */
export interface Envelope<K extends MessageType = MessageType> {
  backstory: 1;
  type: K;
  data: MessageData<K>;
}

export function isEnvelope(message: unknown): message is Envelope {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  return (
    m.backstory === 1 &&
    typeof m.type === 'string' &&
    Object.hasOwn(ALLOWED_SENDER, m.type) &&
    typeof m.data === 'object' &&
    m.data !== null
  );
}
