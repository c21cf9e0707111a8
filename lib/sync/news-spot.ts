/**
 * A news feed's headline made ready for the archive: the names in it spotted by the worker's own
 * analysis (the bundled matcher and the one for entities feeds brought, with every disambiguation rule a
 * page gets: the headline as the headline, the summary as the lede), and its terms for the ranking. Pure.
 */
import type { HeadlineInput } from '../archive/headlines';
import type { Entity } from '../archive/schema';
import { analyzeArticle } from '../entities/analysis';
import type { Matcher } from '../entities/matcher';
import { terms } from '../search/terms';
import type { NewsEntry } from './news-feed';

export function spotHeadline(
  entry: NewsEntry & { outlet: string },
  matcher: Matcher | readonly Matcher[],
  entities: ReadonlyMap<string, Entity>,
): HeadlineInput {
  const analysis = analyzeArticle({ url: entry.url, title: entry.title, blocks: [entry.title, entry.summary] }, matcher, entities);
  return {
    url: entry.url,
    headline: entry.title,
    outlet: entry.outlet,
    ...(entry.published ? { published: entry.published } : {}),
    summary: entry.summary,
    entities: analysis.entities.map((e) => e.id),
    termText: terms(`${entry.title} ${entry.summary}`).join(' '),
  };
}
