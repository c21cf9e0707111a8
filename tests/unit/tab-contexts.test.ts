/** A tab's record of its article belongs to the address it was read at (WXT's fake browser for session storage). */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ArticleAnalysis } from '../../lib/entities/analysis';
import {
  analysisFor,
  forgetTab,
  forgetTabUnlessAt,
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
    // Where the tab's address is not known (no permission for it), the record stands: loading clears it.
    expect(analysisFor(analysis, undefined)).toBe(analysis);
  });

  it('is forgotten when the tab starts loading another page, or a page whose address is not known', async () => {
    await saveTabAnalysis(1, analysis);
    await forgetTabUnlessAt(1, `${PAGE}?utm_source=x`);
    await expect(loadTabAnalysis(1)).resolves.toEqual(analysis);
    await forgetTabUnlessAt(1, 'https://techcrunch.com/');
    await expect(loadTabAnalysis(1)).resolves.toBeUndefined();
    await saveTabAnalysis(2, analysis);
    await forgetTabUnlessAt(2, undefined);
    await expect(loadTabAnalysis(2)).resolves.toBeUndefined();
  });

  it("keeps the entity the reader asked each tab's panel to show, until the tab's next article or its closing", async () => {
    await savePanelFilter(3, 'anthropic');
    await savePanelFilter(3, 'alibaba');
    await savePanelFilter(4, 'openai');
    await expect(Promise.all([loadPanelFilter(3), loadPanelFilter(4), loadPanelFilter(5)])).resolves.toEqual(['alibaba', 'openai', null]);
    // The tab's next article starts on no entity; other tabs keep theirs.
    await saveTabAnalysis(3, analysis);
    await expect(Promise.all([loadPanelFilter(3), loadPanelFilter(4)])).resolves.toEqual([null, 'openai']);
    await forgetTab(4);
    await expect(loadPanelFilter(4)).resolves.toBeNull();
  });
});
