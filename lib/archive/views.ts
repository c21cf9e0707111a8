/** The plain values the background answers with about the archive. */
import type { Entity } from './schema';
import type { StorageProblem } from './storage-problem';

/** The archive's counts and health, for the popup, options page and sidebar footer. */
export interface ArchiveStatus {
  /** What the archive holds; absent when it cannot be read just now (a full disk). */
  counts?: { entities: number; items: number };
  /** The archive is current to this date. */
  asOf?: string;
  /** Why the last import or write failed, if it did (a full disk, a bad snapshot), as one sentence. */
  error?: string;
  /** The same, as the popup, options page and panel show it (components/StorageError.tsx). */
  problem?: StorageProblem;
}

export type { PanelContext, RelatedItem } from '../related/panel';

/** An entity as its card in the panel shows it: with its owner, and its items over time. */
export interface EntityCard {
  entity: Entity;
  parent?: { id: string; name: string };
  /** How many of its items were counted (up to a cap). */
  items: number;
  byYear: { year: string; count: number }[];
}
