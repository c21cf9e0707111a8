/**
 * What a feed the reader added (not official) may do to the names Backstory marks on every page: no common
 * English word, no copy of a known name with an invisible character in it, no name the official feed brings.
 */
import { describe, expect, it } from 'vitest';
import { createArchiveConnection } from '../../lib/archive/db';
import { cursorKeyOf } from '../../lib/archive/feed-apply';
import { type ArchiveService, createArchiveService } from '../../lib/archive/service';
import { parseFeedPage } from '../../lib/sync/feed-format';
import { namespaceOf } from '../../lib/sync/trust';
import { feedEntity, feedItem, feedPage, NOW } from './feed-helpers';
import { freshDbName, miniArchive, miniMatcher } from './helpers';

const FEED = 'https://hostile.example/feed/index.json';
const OFFICIAL = 'https://feed.backstory.example/index.json';

function freshArchive(): ArchiveService {
  return createArchiveService(createArchiveConnection(freshDbName()), {
    snapshotId: 'mini',
    loadSnapshot: async () => miniArchive(),
    loadMatcher: async () => miniMatcher().matcher,
  });
}

/** Applies one feed page as the official feed (namespace '') or the reader's (its own namespace). */
async function apply(archive: ArchiveService, raw: unknown, feed: string) {
  const page = parseFeedPage(raw, NOW);
  if (!page.ok) throw new Error(page.error);
  return archive.applyFeedPage({
    namespace: feed === OFFICIAL ? '' : await namespaceOf(feed),
    cursorKey: cursorKeyOf(feed),
    ref: { key: page.value.key, sha256: 'b'.repeat(64) },
    page: page.value,
  });
}

/** Who each mention of an article about Zeta Robotics goes to, once the synced matcher is compiled. */
async function zetaMentions(archive: ArchiveService): Promise<string[]> {
  await archive.refreshSyncedMatcher();
  const analysis = await archive.analyze({
    url: 'https://techcrunch.com/2026/12/02/zeta/',
    title: 'Zeta Robotics raises money',
    blocks: ['Zeta Robotics raises money', 'Zeta Robotics, a rival to OpenAI, raised $50M this week.'],
  });
  return analysis.mentions.map((m) => m.entityId);
}

const officialZeta = feedPage('2026-12-02', {
  entities: [feedEntity('zeta-robotics', 'Zeta Robotics')],
  items: [feedItem('zeta-story', { entities: ['zeta-robotics'] })],
});
const readersZeta = (name: string) =>
  feedPage('2026-12-01', {
    entities: [feedEntity('zeta', name, { description: 'Zeta Robotics is under SEC investigation (attacker text).' })],
    items: [feedItem('fake-story', { entities: ['zeta'] })],
  });

describe('a reader-added feed', () => {
  it('cannot make ordinary English words ("people", "company", "year") into marked names on every article', async () => {
    const archive = freshArchive();
    await apply(
      archive,
      feedPage('2026-12-01', {
        entities: [
          feedEntity('everywhere', 'Everywhere Labs', {
            aliases: ['people', 'company', 'year', 'news', 'time', 'million', 'technology', 'week', 'says', 'first'],
            description: 'Backstory notice: your archive is out of date, re-add your feeds at https://evil.example',
          }),
        ],
        items: [feedItem('everywhere-story', { entities: ['everywhere'] })],
      }),
      FEED,
    );
    await archive.refreshSyncedMatcher();
    // An ordinary article about OpenAI, which never names the feed's entity.
    const analysis = await archive.analyze({
      url: 'https://techcrunch.com/2026/12/02/openai-hires/',
      title: 'OpenAI hires more people',
      blocks: [
        'OpenAI hires more people',
        'OpenAI said this week that the company will hire 500 people this year, its first such news in a long time, says a spokesperson; the technology costs a million dollars.',
      ],
    });
    expect(analysis.mentions.filter((m) => m.entityId.includes('everywhere'))).toEqual([]);
    expect(analysis.entities.filter((e) => e.id.includes('everywhere'))).toEqual([]);
  });

  it('cannot take a known name by hiding an invisible character in it ("Open\u200bAI" for OpenAI)', async () => {
    const archive = freshArchive();
    const applied = await apply(
      archive,
      feedPage('2026-12-01', {
        entities: [
          feedEntity('openai-x', 'Open\u200bAI', {
            aliases: ['Anthrop\u00adic', 'Open\u2011AI'],
            description: 'Backstory notice: OpenAI has been acquired. Details at https://evil.example',
          }),
        ],
        items: [feedItem('x-story', { entities: ['openai-x'] })],
      }),
      FEED,
    );
    await archive.refreshSyncedMatcher();
    const analysis = await archive.analyze({
      url: 'https://techcrunch.com/2026/12/02/openai-anthropic/',
      title: 'OpenAI and Anthropic',
      blocks: ['OpenAI and Anthropic', 'OpenAI and Anthropic both shipped models this week, and Open-AI fans cheered.'],
    });
    expect(applied.entities).toBe(0);
    expect(analysis.mentions.filter((m) => m.entityId.includes('~'))).toEqual([]);
  });

  it('cannot take the mentions of a name the official feed brought, with an invisible character in its own copy', async () => {
    const archive = freshArchive();
    await apply(archive, officialZeta, OFFICIAL);
    await apply(archive, readersZeta('Zeta \u200bRobotics'), FEED);
    const owners = await zetaMentions(archive);
    expect(owners).toContain('zeta-robotics');
    expect(owners.filter((id) => id.includes('~'))).toEqual([]);
  });

  it('cannot keep the mentions of a name it claimed before the official feed brought that name', async () => {
    const archive = freshArchive();
    await apply(archive, readersZeta('Zeta Robotics'), FEED);
    await apply(archive, officialZeta, OFFICIAL);
    const owners = await zetaMentions(archive);
    expect(owners).toContain('zeta-robotics');
    expect(owners.filter((id) => id.includes('~'))).toEqual([]);
  });
});

describe('a reader-added feed, with a known name in look-alike characters', () => {
  /** The official name written with typographic hyphens, dashes and apostrophes, or full-width: another string, the same to the eye. */
  const lookAlikes = [
    'Zeta\u2010Robotics', // hyphen
    'Zeta\u2011Robotics', // non-breaking hyphen
    'Zeta\u2012Robotics', // figure dash
    'Zeta\u2013Robotics', // en dash
    'Zeta\u2212Robotics', // minus sign
    '\uff3a\uff45\uff54\uff41-Robotics', // full-width letters
    'Zeta\uff0dRobotics', // full-width hyphen-minus
    'Zeta\u2019s Robots', // right single quotation mark
    'Zeta\u02bcs Robots', // modifier letter apostrophe
  ];

  it('cannot bring it as a name of its own (its entity would pass for the official one in the panel and the search)', async () => {
    const archive = freshArchive();
    await apply(
      archive,
      feedPage('2026-12-02', {
        entities: [feedEntity('zeta-robotics', 'Zeta-Robotics', { aliases: ["Zeta's Robots"] })],
        items: [feedItem('zeta-story', { entities: ['zeta-robotics'] })],
      }),
      OFFICIAL,
    );
    const applied = await apply(
      archive,
      feedPage('2026-12-01', {
        entities: lookAlikes.map((name, i) =>
          feedEntity(`zeta-${i}`, name, { description: 'Zeta-Robotics is under SEC investigation (attacker text).' }),
        ),
        items: [feedItem('fake-story', { entities: lookAlikes.map((_, i) => `zeta-${i}`) })],
      }),
      FEED,
    );
    const admitted = lookAlikes.filter(
      (name) => !applied.skipped.some((line) => line.includes(`"${name}" is already another entity's name`)),
    );
    expect(admitted).toEqual([]);
    // Nor its mentions (the matcher folds some of these alike, and gives a name to the official entity first).
    await archive.refreshSyncedMatcher();
    const analysis = await archive.analyze({
      url: 'https://techcrunch.com/2026/12/02/zeta/',
      title: 'Zeta-Robotics raises money',
      blocks: ['Zeta-Robotics raises money', "Zeta-Robotics, a rival to OpenAI, raised $50M this week; Zeta's Robots ship in May."],
    });
    expect(analysis.mentions.map((m) => m.entityId).filter((id) => id.includes('~'))).toEqual([]);
  });
});
