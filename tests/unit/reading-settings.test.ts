/**
 * What the reader's reading settings decide: which mentions are marked, and which articles count as about AI
 * and technology. Run on real articles through the real extraction and the bundled gazetteer.
 */
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { analyzeArticle } from '../../lib/entities/analysis';
import { isAboutAiOrTechnology } from '../../lib/entities/topic';
import { readArticle } from '../../lib/extract/read-article';
import { mentionsToMark } from '../../lib/marks/select';
import { markMode, markModeSetting } from '../../lib/settings/settings';
import { loadBundledGazetteer } from '../../scripts/lib/gazetteer';
import { readHtmlFile } from '../../scripts/lib/html-file';
import { ARTICLES_DIR } from './fixture-pages';

const gazetteer = loadBundledGazetteer();
const DEMO_URL = 'https://techcrunch.com/2026/07/04/backstory-demo-alibaba-claude-code/';

function analyzeFixture(slug: string, url: string) {
  const { input } = readArticle(readHtmlFile(join(ARTICLES_DIR, slug, 'source.html')), url);
  return analyzeArticle(input, gazetteer.matcher, gazetteer.entities);
}

/** An article of plain paragraphs (block 0 the headline), analysed as if on Reuters. */
function analyzeText(headline: string, ...paragraphs: string[]) {
  return analyzeArticle(
    { url: 'https://www.reuters.com/world/2026/07/04/story/', title: headline, blocks: [headline, ...paragraphs] },
    gazetteer.matcher,
    gazetteer.entities,
  );
}

describe('which mentions are marked', () => {
  const analysis = analyzeFixture('techcrunch-alibaba-claude-code', DEMO_URL);

  it('by default, one a name: its first mention in the body, not the headline', () => {
    const marked = mentionsToMark(analysis.mentions, 'first');
    expect(analysis.mentions.length).toBeGreaterThan(analysis.entities.length);
    expect(marked.map((m) => m.entityId).sort()).toEqual(analysis.entities.map((e) => e.id).sort());
    // Alibaba and Claude Code are in the headline too: their marks are the body's first ones.
    for (const id of ['alibaba', 'claude-code']) {
      const body = analysis.mentions.filter((m) => m.entityId === id && m.block > 0);
      expect(marked.find((m) => m.entityId === id)).toBe(body[0]);
    }
    // In the page's order, as the keyboard steps through them.
    expect(marked).toEqual(analysis.mentions.filter((m) => marked.includes(m)));
  });

  it('marks a name found only in the headline there, so every name has a mark and a card', () => {
    const only = analyzeText('Anthropic raises prices', 'The company said on Tuesday that its plans will cost more.');
    expect(only.entities.map((e) => e.id)).toEqual(['anthropic']);
    expect(mentionsToMark(only.mentions, 'first')).toEqual(only.mentions.filter((m) => m.block === 0));
  });

  it('marks every mention, or none', () => {
    expect(mentionsToMark(analysis.mentions, 'all')).toEqual(analysis.mentions);
    expect(mentionsToMark(analysis.mentions, 'none')).toEqual([]);
  });
});

describe('the stored mark mode', () => {
  beforeEach(() => fakeBrowser.reset());

  it('is the first mention of each name until the reader changes it', async () => {
    await expect(markMode()).resolves.toBe('first');
    await markModeSetting.setValue('all');
    await expect(markMode()).resolves.toBe('all');
  });

  it('falls back to the default when storage holds something else', async () => {
    await fakeBrowser.storage.local.set({ markMode: 'sparkles' });
    await expect(markMode()).resolves.toBe('first');
  });
});

describe('an article about AI and technology', () => {
  it('is one whose headline or lede names a lab, model, product or technology company', () => {
    expect(isAboutAiOrTechnology(analyzeFixture('techcrunch-alibaba-claude-code', DEMO_URL).entities)).toBe(true);
    const lab = analyzeText('OpenAI hires a new chief of staff', 'The move was announced on Monday.');
    expect(isAboutAiOrTechnology(lab.entities)).toBe(true);
  });

  it('is one that names two technology entities, even in passing', () => {
    const two = analyzeText(
      'Markets close higher on Friday',
      'Stocks rose broadly as investors weighed the week.',
      'Among the gainers, Nvidia and Microsoft each added about 2 percent.',
    );
    expect(isAboutAiOrTechnology(two.entities)).toBe(true);
  });

  it('is not one that names only people, governments, regulators, investors or outlets', () => {
    const politics = analyzeText(
      'Scott Bessent meets officials from China on soybean tariffs',
      'Treasury Secretary Scott Bessent said talks with China on farm goods would continue next week, Reuters reported.',
    );
    expect(politics.entities.length).toBeGreaterThan(0);
    expect(isAboutAiOrTechnology(politics.entities)).toBe(false);
  });

  it('is not one that names a single technology entity once, in passing', () => {
    const passing = analyzeText(
      'Senate passes the farm bill after a long night',
      'Senators voted 61 to 38 to pass the bill, which funds crop insurance for five years.',
      'Farm groups welcomed the vote.',
      'One senator later posted about the vote on YouTube, where it drew a few hundred views.',
    );
    expect(passing.entities.map((e) => e.type)).toContain('product');
    expect(isAboutAiOrTechnology(passing.entities)).toBe(false);
  });

  it('is not an article without entities', () => {
    expect(isAboutAiOrTechnology([])).toBe(false);
  });
});
