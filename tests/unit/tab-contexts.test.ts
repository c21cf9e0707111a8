/** A tab's record of its article belongs to the address it was read at (WXT's fake browser for session storage). */
import { beforeEach, describe, expect, it } from 'vitest';
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
    await expect(loadTabAnalysis(1)).resolves.toEqual(next);
  });

  it('is forgotten with its tab once the tab has closed, and kept while it is open', async () => {
    await Promise.all([saveTabAnalysis(1, analysis), saveTabAnalysis(2, analysis), saveTabAnalysis(3, analysis)]);
    await Promise.all([savePanelFilter(2, 'alibaba'), savePanelFilter(4, 'openai')]);
    await browser.storage.session.set({ 'something-else': 1 });
    await forgetClosedTabs(async () => new Map([2, 5].map((id) => [id, undefined])));
    await expect(Promise.all([1, 2, 3].map(loadTabAnalysis))).resolves.toEqual([undefined, analysis, undefined]);
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
});
