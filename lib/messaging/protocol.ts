/**
 * The one typed protocol between Backstory's parts, named by direction. Each message takes one `data`
 * object and answers a plain serialisable value; errors travel as values (`Result`), never as throws.
 */
import type { ArchiveStatus, EntityCard, PanelContext } from '../archive/views';
import type { ArticleAnalysis, ArticleInput } from '../entities/analysis';

/** What Backstory found on one tab. */
export interface TabStatus {
  url: string;
  title: string;
  entities: number;
}

/** A reply: the value, or a readable error. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

type NoData = Record<string, never>;

/** Messages the content script sends. */
export interface ContentToBackground {
  /** Spots the entities in the article's text blocks; the background keeps the answer for the sender's tab. */
  analyzeArticle(data: ArticleInput): ArticleAnalysis;
}

/** Messages the sidebar page (in its iframe on the article) sends. */
export interface SidebarToBackground {
  /** The context for the article in the sender's tab, or null when that tab has no article. */
  getPanelContext(data: NoData): PanelContext | null;
  /** One entity's card: what it is, who owns it, its archive items over time. */
  getEntityCard(data: { entityId: string }): EntityCard | null;
}

/** Messages the popup and options pages send. */
export interface PopupToBackground {
  /** The archive's counts and health. */
  getArchiveStatus(data: NoData): ArchiveStatus;
  /** What Backstory found on a tab's article (the popup asks about the active tab), or null. */
  getTabStatus(data: { tabId: number }): TabStatus | null;
}

export type Protocol = ContentToBackground & SidebarToBackground & PopupToBackground;
export type MessageType = keyof Protocol;
export type MessageData<K extends MessageType> = Parameters<Protocol[K]>[0];
export type MessageValue<K extends MessageType> = ReturnType<Protocol[K]>;

/** Who may send each message: a content script in a tab, or one of the extension's own pages. */
export type SenderKind = 'content-script' | 'extension-page';
export const ALLOWED_SENDER: { [K in MessageType]: SenderKind } = {
  analyzeArticle: 'content-script',
  getPanelContext: 'extension-page',
  getEntityCard: 'extension-page',
  getArchiveStatus: 'extension-page',
  getTabStatus: 'extension-page',
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
