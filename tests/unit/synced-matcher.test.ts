import { describe, expect, it } from 'vitest';
import { createArchiveConnection } from '../../lib/archive/db';
import { cursorKeyOf } from '../../lib/archive/feed-apply';
import type { Entity } from '../../lib/archive/schema';
import { createArchiveService } from '../../lib/archive/service';
import { analyzeArticle } from '../../lib/entities/analysis';
import { compileMatcher, patternsOf } from '../../lib/entities/matcher';
import { parseFeedPage } from '../../lib/sync/feed-format';
import { feedEntity, feedItem, feedPage, NOW } from './feed-helpers';
import { freshDbName, miniArchive, miniMatcher } from './helpers';

const FEED = 'https://feed.test/index.json';

describe('entities a feed brings', () => {
  it('are spotted on the next page once the synced matcher is compiled, beside the bundled ones', async () => {
    const archive = createArchiveService(createArchiveConnection(freshDbName()), {
      snapshotId: 'mini',
      loadSnapshot: async () => miniArchive(),
      // The mini archive's matcher stands for the one compiled at build time.
      loadMatcher: async () => miniMatcher().matcher,
    });
    const article = {
      url: 'https://techcrunch.com/2026/12/01/newco/',
      title: 'NewCo Robotics raises money',
      blocks: ['NewCo Robotics raises money', 'NewCo Robotics, a rival to OpenAI, raised $50M.'],
    };
    const spotted = async () => (await archive.analyze(article)).entities.map((e) => e.id).sort();
    expect(await spotted()).toEqual(['openai']);

    const page = parseFeedPage(
      feedPage('2026-12-01', {
        entities: [feedEntity('newco-robotics', 'NewCo Robotics')],
        items: [feedItem('newco-raises', { entities: ['newco-robotics'] })],
      }),
      NOW,
    );
    if (!page.ok) throw new Error(page.error);
    await archive.applyFeedPage({
      namespace: '',
      cursorKey: cursorKeyOf(FEED),
      ref: { key: '2026-12-01', sha256: 'a'.repeat(64) },
      page: page.value,
    });
    const compiled = await archive.refreshSyncedMatcher();
    expect(compiled).toMatchObject({ entities: 1, patterns: 1 });
    expect(await spotted()).toEqual(['newco-robotics', 'openai']);
    const analysis = await archive.analyze(article);
    expect(analysis.entities.find((e) => e.id === 'newco-robotics')?.items).toBe(1);
  });
});

describe('the bundled and the synced matcher together', () => {
  it('give one mention where a synced name holds a bundled one, as one matcher would ("Anthropic Academy", not also "Anthropic")', () => {
    const { matcher, entities } = miniMatcher();
    const academy = {
      id: 'anthropic-academy',
      name: 'Anthropic Academy',
      type: 'product',
      aliases: [],
      ambiguous: [],
      description: 'Courses.',
      parent: 'anthropic',
    } as Entity;
    const synced = compileMatcher(patternsOf([academy]));
    const all = new Map([...entities, [academy.id, academy]]);
    const text = 'Anthropic Academy opens its doors';
    const analysis = analyzeArticle(
      { url: 'https://techcrunch.com/a', title: text, blocks: [text, 'Anthropic Academy teaches prompting.'] },
      [matcher, synced],
      all,
    );
    expect(analysis.entities.map((e) => e.id)).toEqual(['anthropic-academy']);
    expect(analysis.mentions).toHaveLength(2);
  });
});
