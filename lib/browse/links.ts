/**
 * Addresses of Backstory's own pages that show the archive: the entity page (entrypoints/entity). The
 * panel's chips, the mention card, the popup's search and followed list link there. An extension page, so
 * the entity's id in its address is seen by no web page.
 */
import { browser } from 'wxt/browser';
import { isRealDay } from '../archive/dates';

/** The entity page's filters, as its address carries them. Dates are days (YYYY-MM-DD). */
export interface EntityPageFilters {
  from?: string;
  to?: string;
  /** Only items that also name this entity. */
  related?: string;
  /** An item to show opened (a search result without a link of its own). */
  item?: string;
}

/** The query string of an entity page's address (without the `?`). */
export function entityPageQuery(entityId: string, filters: EntityPageFilters = {}): string {
  const params = new URLSearchParams({ id: entityId });
  for (const key of ['from', 'to', 'related', 'item'] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params.toString();
}

/** The full address of an entity's page, e.g. `chrome-extension://…/entity.html?id=anthropic`. */
export function entityPageUrl(entityId: string, filters: EntityPageFilters = {}): string {
  return `${browser.runtime.getURL('/entity.html')}?${entityPageQuery(entityId, filters)}`;
}

const ID = /^[a-z0-9~-]{1,200}$/;

/** What an entity page's address asks for; values that are not ids or days are left out. */
export function readEntityPageAddress(search: string): ({ entityId: string } & EntityPageFilters) | null {
  const params = new URLSearchParams(search);
  const entityId = params.get('id') ?? '';
  if (!ID.test(entityId)) return null;
  const out: { entityId: string } & EntityPageFilters = { entityId };
  const from = params.get('from');
  const to = params.get('to');
  const related = params.get('related');
  const item = params.get('item');
  if (from && isRealDay(from)) out.from = from;
  if (to && isRealDay(to)) out.to = to;
  if (related && ID.test(related)) out.related = related;
  if (item && ID.test(item)) out.item = item;
  return out;
}
