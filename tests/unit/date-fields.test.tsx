/**
 * The date filters (the popup's search, the entity page) take a day only once it is whole. Chromium's date field has a
 * value at each digit of the year a reader types ("0002-07-04", "0020-07-04", "0202-07-04", then "2026-07-04"), each a
 * real day and each with its change event: each ran a search of its own. The entity page's side, with real keys, is
 * browse.e2e's.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ArchiveSearch } from '../../components/ArchiveSearch';
import { typedDay } from '../../lib/archive/dates';
import type { SearchResults } from '../../lib/archive/search';
import type { PopupSearch } from '../../lib/search/popup-search';
import type { SearchFilters } from '../../lib/search/query';
import { enter, type FakePage, renderPage, shown } from './dom';

/** What Chromium's date field holds after each key of "07", "04", "2026" (month, day, year). */
const TYPED = ['0002-07-04', '0020-07-04', '0202-07-04', '2026-07-04'];

const NOTHING: SearchResults = { items: [], headlines: [], entities: [], matched: [], prefixes: [], ignored: [] };

let page: FakePage | undefined;

afterEach(() => {
  page?.close();
  page = undefined;
  vi.unstubAllGlobals();
});

describe('a date typed digit by digit', () => {
  it('is a day once its year is whole, or cleared; not while its year is typed', () => {
    expect(TYPED.map(typedDay)).toEqual([undefined, undefined, undefined, '2026-07-04']);
    expect(typedDay('')).toBe('');
    expect(typedDay('2026-02-30')).toBeUndefined();
  });

  it('is searched by the popup once, when its year is whole', async () => {
    fakeBrowser.reset();
    // linkedom has no frames: the popup's mark of its first results waits for one.
    vi.stubGlobal('requestAnimationFrame', (run: () => void) => setTimeout(run, 0));
    const asked: SearchFilters[] = [];
    const source: PopupSearch = {
      kept: () => undefined,
      search: async (_text, filters) => {
        asked.push(filters);
        return { results: NOTHING, via: 'direct' };
      },
    };
    page = renderPage(<ArchiveSearch source={source} />);
    const [from, to] = [...page.root.querySelectorAll('input[type="date"]')] as unknown as HTMLInputElement[];
    await shown(page, '.search-heading');
    // Key by key, each drawn before the next, as a reader types.
    const type = async (input: HTMLInputElement, values: string[]) => {
      for (const value of values) {
        enter(input, value);
        await new Promise((drawn) => setTimeout(drawn, 10));
      }
    };
    await type(from as HTMLInputElement, TYPED);
    await type(
      to as HTMLInputElement,
      TYPED.map((value) => value.replace('-07-04', '-07-31')),
    );
    await vi.waitFor(() => expect(asked.at(-1)).toEqual({ from: '2026-07-04', to: '2026-07-31' }));
    expect(asked).toEqual([{}, { from: '2026-07-04' }, { from: '2026-07-04', to: '2026-07-31' }]);
  });
});
