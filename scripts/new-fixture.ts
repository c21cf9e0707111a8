/**
 * `npm run fixture:new -- SLUG PAGE.html --url URL`: starts a new article fixture. Copies a page you wrote
 * into tests/fixtures/articles/SLUG/source.html and writes expected.json from what Backstory finds on it
 * now, for you to correct by hand into what a careful reader would tag (never copy a real site's page:
 * fixtures are pages you write).
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeArticle } from '../lib/entities/analysis';
import { readArticle } from '../lib/extract/read-article';
import { ROOT } from './lib/browser';
import { loadBundledGazetteer } from './lib/gazetteer';
import { readHtmlFile } from './lib/html-file';

const [slug, file] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const urlAt = process.argv.indexOf('--url');
const url = urlAt > 0 ? process.argv[urlAt + 1] : undefined;
if (!slug || !file || !url || !/^[a-z0-9-]+$/.test(slug)) {
  console.error('usage: npm run fixture:new -- SLUG PAGE.html --url URL   (SLUG in kebab-case)');
  process.exit(2);
}
const dir = join(ROOT, 'tests/fixtures/articles', slug);
if (existsSync(dir)) {
  console.error(`${dir} exists already`);
  process.exit(1);
}
const { article, input } = readArticle(readHtmlFile(file), url);
const { matcher, entities } = loadBundledGazetteer();
const found = article.isArticle ? analyzeArticle(input, matcher, entities).entities.map((e) => e.id) : [];
mkdirSync(dir, { recursive: true });
copyFileSync(file, join(dir, 'source.html'));
const expected = {
  url,
  isArticle: article.isArticle,
  title: article.title,
  path: article.path,
  entities: found,
  absent: [],
  note: 'TODO: what this case tests',
};
writeFileSync(join(dir, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
console.log(`wrote ${dir}: check expected.json by hand (entities found now: ${found.join(', ') || 'none'})`);
