/** The project's own article fixtures: `tests/fixtures/articles/<slug>/source.html` with `expected.json`. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ExpectedArticle {
  url: string;
  isArticle: boolean;
  title?: string;
  path: 'jsonld' | 'selectors' | 'readability' | 'none';
  entities: string[];
  absent: string[];
  note?: string;
}

export const ARTICLES_DIR = new URL('../fixtures/articles/', import.meta.url).pathname;

export function fixtureArticles(): { slug: string; source: string; expected: ExpectedArticle }[] {
  return readdirSync(ARTICLES_DIR)
    .filter((slug) => existsSync(join(ARTICLES_DIR, slug, 'expected.json')))
    .sort()
    .map((slug) => ({
      slug,
      source: join(ARTICLES_DIR, slug, 'source.html'),
      expected: JSON.parse(readFileSync(join(ARTICLES_DIR, slug, 'expected.json'), 'utf8')) as ExpectedArticle,
    }));
}
