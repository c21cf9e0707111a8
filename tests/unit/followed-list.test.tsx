/**
 * The popup's list of followed entities and what is new for them (components/FollowedList.tsx): its heading counts
 * new items, not item–entity pairs (an item naming two followed entities is one item), and an entity with more new
 * items than it lists says how many more, linking to its page. Preact on linkedom, on WXT's fake browser.
 */
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { FollowedList } from '../../components/FollowedList';
import { type Arrival, arrivalsItem, followsSetting } from '../../lib/settings/follows';
import { renderPage, shown } from './dom';

const SINCE = '2026-07-01T00:00:00Z';

/** A new item naming these entities, arrived in order of its number. */
const arrival = (n: number, entities: string[]): Arrival => ({
  itemId: `item-${n}`,
  title: `Item ${n}`,
  published: `2026-07-${String(n).padStart(2, '0')}`,
  entities,
  arrived: `2026-07-10T10:00:0${n}Z`,
});

beforeEach(() => {
  fakeBrowser.reset();
});

describe('what is new for followed entities, in the popup', () => {
  it('counts items, and lists the rest of an entity’s on its page', async () => {
    await followsSetting.setValue([
      { entityId: 'anthropic', name: 'Anthropic', since: SINCE },
      { entityId: 'alibaba', name: 'Alibaba', since: SINCE },
    ]);
    // Seven items: six name Anthropic, three Alibaba, two of them both (nine pairs).
    await arrivalsItem.setValue([
      arrival(1, ['anthropic', 'alibaba']),
      arrival(2, ['anthropic', 'alibaba']),
      ...[3, 4, 5, 6].map((n) => arrival(n, ['anthropic'])),
      arrival(7, ['alibaba']),
    ]);
    const page = renderPage(<FollowedList />);
    onTestFinished(() => page.close());
    const heading = await shown(page, '#followed-heading');
    expect(heading.textContent).toBe('Following · 7 new');
    const rows = [...page.root.querySelectorAll('.followed-list > li')].map((row) => ({
      count: row.querySelector('.new-count')?.textContent,
      listed: row.querySelectorAll('.followed-news .new-mark').length,
      more: row.querySelector('.followed-news li:not(:has(.new-mark)) a')?.textContent ?? null,
    }));
    expect(rows).toEqual([
      { count: '6 new', listed: 3, more: "3 more on Anthropic's page" },
      { count: '3 new', listed: 3, more: null },
    ]);
  });
});
