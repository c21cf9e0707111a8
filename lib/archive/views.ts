/** The plain values the background answers with about the archive. */
import type { SpottedEntity } from '../entities/analysis';
import type { Item } from './schema';

/** The archive's counts and health, for the popup, options page and sidebar footer. */
export interface ArchiveStatus {
  /** What the archive holds; absent when it cannot be read just now (a full disk). */
  counts?: { entities: number; items: number };
  /** The archive is current to this date. */
  asOf?: string;
  /** Why the last import failed, if it did (a full disk, a bad snapshot). */
  error?: string;
}

/** A related archive item, with the reason it is related. */
export interface RelatedItem {
  item: Item;
  /** The entity ids it shares with the article. */
  why: string[];
}

/** What the sidebar shows for the article in its tab. */
export interface PanelContext {
  article: { url: string; title: string };
  entities: SpottedEntity[];
  related: RelatedItem[];
  status: ArchiveStatus;
}
