/** A tab's record of its article belongs to the address it was read at (WXT's fake browser for session storage). */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ArticleAnalysis } from '../../lib/entities/analysis';
import {
  analysisFor,
  forgetClosedTabs,
  keepTabAnalysis,
  loadPanelFilter,
  loadTabAnalysis,
  savePanelFilter,
  saveTabAnalysis,
} from '../../lib/related/tab-contexts';

const PAGE = 'https://techcrunch.com/2026/07/04/alibaba-claude-code/';
const analysis: ArticleAnalysis = {
  url: 'https://techcrunch.com/2026/07/04/alibaba-claude-code/',
  page: `${PAGE}?utm_source=x`,
  title: 'Alibaba reportedly bans employees from using Claude Code',
  headline: '',
  lede: '',
  body: '',
  entities: [],
  mentions: [],
};
/** What a tab keeps of an analysis: all but the marks' places. */
const kept = ({ mentions: _, ...rest }: ArticleAnalysis) => rest;

describe("a tab's article", () => {
  beforeEach(() => fakeBrowser.reset());

  it('is given out only for the address it was read at (a jump within the page is the same one)', () => {
    expect(analysisFor(analysis, `${PAGE}?utm_source=x#comments`)).toBe(analysis);
    expect(analysisFor(analysis, 'https://techcrunch.com/')).toBeUndefined();
    // A tab whose address Backstory cannot see is on none of the pages it reads: it has moved on.
    expect(analysisFor(analysis, undefined)).toBeUndefined();
  });

  it('is kept only while the tab still shows the address it was read at: a late answer for a page left behind keeps out', async () => {
    const next: ArticleAnalysis = {
      ...analysis,
      url: 'https://techcrunch.com/2026/07/05/next/',
      page: 'https://techcrunch.com/2026/07/05/next/',
    };
    await expect(keepTabAnalysis(1, next, next.page)).resolves.toBe(true);
    // The first page's answer comes after the reader moved on to the next one.
    await expect(keepTabAnalysis(1, analysis, next.page)).resolves.toBe(false);
    await expect(loadTabAnalysis(1)).resolves.toEqual(kept(next));
  });

  it('is forgotten with its tab once the tab has closed, and kept while it is open', async () => {
    await Promise.all([saveTabAnalysis(1, analysis), saveTabAnalysis(2, analysis), saveTabAnalysis(3, analysis)]);
    await Promise.all([savePanelFilter(2, 'alibaba'), savePanelFilter(4, 'openai')]);
    await browser.storage.session.set({ 'something-else': 1 });
    await forgetClosedTabs(async () => new Map([2, 5].map((id) => [id, undefined])));
    await expect(Promise.all([1, 2, 3].map(loadTabAnalysis))).resolves.toEqual([undefined, kept(analysis), undefined]);
    await expect(Promise.all([loadPanelFilter(2), loadPanelFilter(4)])).resolves.toEqual(['alibaba', null]);
    await expect(browser.storage.session.get('something-else')).resolves.toEqual({ 'something-else': 1 });
  });

  it("keeps the entity the reader asked each tab's panel to show, until the tab's next article or its closing", async () => {
    await savePanelFilter(3, 'anthropic');
    await savePanelFilter(3, 'alibaba');
    await savePanelFilter(4, 'openai');
    await expect(Promise.all([loadPanelFilter(3), loadPanelFilter(4), loadPanelFilter(5)])).resolves.toEqual(['alibaba', 'openai', null]);
    // The tab's next article starts on no entity; other tabs keep theirs.
    await saveTabAnalysis(3, analysis);
    await expect(Promise.all([loadPanelFilter(3), loadPanelFilter(4)])).resolves.toEqual([null, 'openai']);
    await forgetClosedTabs(async () => new Map([[3, undefined]]));
    await expect(loadPanelFilter(4)).resolves.toBeNull();
  });

  it("keeps of a long article what its panel needs, not every mark's place: a few huge pages cannot fill the browser's session storage", async () => {
    // A page read to its budget (150,000 characters) naming one entity in every other word.
    const mentions = Array.from({ length: 20_000 }, (_, i) => ({
      entityId: 'openai',
      block: 2 + (i >> 4),
      start: (i & 15) * 9,
      end: (i & 15) * 9 + 6,
    }));
    const long: ArticleAnalysis = { ...analysis, body: 'OpenAI said '.repeat(330), mentions };
    await saveTabAnalysis(1, long);
    const kept = await browser.storage.session.get(null);
    // Chromium gives an extension 10 MB of session storage for all its tabs.
    expect(JSON.stringify(kept).length).toBeLessThan(10_000);
    await expect(loadTabAnalysis(1)).resolves.toMatchObject({ url: long.url, body: long.body });
  });

  it('says a tab was not kept when the browser refuses to store it, rather than failing the page that asked', async () => {
    const set = vi.spyOn(browser.storage.session, 'set').mockRejectedValueOnce(new Error('Session storage quota bytes exceeded.'));
    await expect(keepTabAnalysis(1, analysis, analysis.page)).resolves.toBe(false);
    set.mockRestore();
    await expect(loadTabAnalysis(1)).resolves.toBeUndefined();
  });
});
