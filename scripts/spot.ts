/**
 * `npm run --silent spot -- FILE.html [--url URL]`: the extension's own extraction and matching, run on
 * a saved page, printed as one JSON object. `related` lists the archive items that share entities with
 * the article, newest first.
 */
import 'fake-indexeddb/auto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openArchiveDb } from '../lib/archive/db';
import { importDocument, itemsForEntities } from '../lib/archive/store';
import { analyzeArticle } from '../lib/entities/analysis';
import { readArticle } from '../lib/extract/read-article';
import { loadBundledGazetteer } from './lib/gazetteer';
import { readHtmlFile } from './lib/html-file';

const args = process.argv.slice(2);
const urlAt = args.indexOf('--url');
const url = urlAt >= 0 ? args[urlAt + 1] : undefined;
const file = args.find((a, i) => !a.startsWith('--') && (urlAt < 0 || i !== urlAt + 1));
if (!file) {
  console.error('usage: npm run --silent spot -- FILE.html [--url URL]');
  process.exit(2);
}

const doc = readHtmlFile(file);
const { article, input } = readArticle(doc, url ?? pathToFileURL(resolve(file)).href);
const gazetteer = loadBundledGazetteer();
const analysis = article.isArticle ? analyzeArticle(input, gazetteer.matcher, gazetteer.entities) : { entities: [] };

const db = await openArchiveDb('spot');
await importDocument(db, gazetteer.doc);
const ids = analysis.entities.map((e) => e.id);
const mentioned = new Set(ids);
const related = ids.length === 0 ? [] : await itemsForEntities(db, ids);

console.log(
  JSON.stringify(
    {
      article: { title: article.title, url: article.url, site: article.site, published: article.published ?? null },
      isArticle: article.isArticle,
      path: article.path,
      entities: analysis.entities.map(({ id, name, type, count, surfaces }) => ({ id, name, type, count, surfaces })),
      related: related.map((item) => ({
        id: item.id,
        title: item.title,
        published: item.published,
        why: item.entities.filter((e) => mentioned.has(e)),
      })),
    },
    null,
    2,
  ),
);
