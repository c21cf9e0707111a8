/**
 * `npm run eval:spot`: precision and recall of entity spotting on the hand-labelled development set
 * (tests/corpus-labels.json) over the real material in ../shared/corpus: TechCrunch headlines with
 * their ledes, and saved article pages. Prints every false hit, every hit outside the article body
 * (on the Readability pages, the body is their .expected.txt) and every miss. Skips, saying so, when
 * the corpus is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeArticle } from '../lib/entities/analysis';
import { readArticle } from '../lib/extract/read-article';
import { loadBundledGazetteer } from './lib/gazetteer';
import { readHtmlFile } from './lib/html-file';

const CORPUS = new URL('../../shared/corpus/', import.meta.url).pathname;
const LABELS = new URL('../tests/corpus-labels.json', import.meta.url).pathname;

if (!existsSync(CORPUS)) {
  console.log(`notice: ${CORPUS} is absent: the spotting evaluation needs the shared corpus, so it is skipped.`);
  process.exit(0);
}

interface Label {
  id: string | null;
  name: string;
  surfaces: string[];
}
interface Labels {
  headlines: { url: string; entities: Label[] }[];
  pages: { file: string; entities: Label[] }[];
}

const labels = JSON.parse(readFileSync(LABELS, 'utf8')) as Labels;
const { matcher, entities } = loadBundledGazetteer();
const headlines = new Map(
  readFileSync(join(CORPUS, 'techcrunch-ai-2026.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { url: string; title: string; lede: string })
    .map((row) => [row.url, row]),
);
const pageUrls = new Map(
  readFileSync(join(CORPUS, 'INDEX.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .map((cols) => [cols[1] ?? '', cols[10] || `https://${cols[2] ?? 'example.com'}/article`]),
);

interface Tally {
  tp: number;
  fp: number;
  knownLabels: number;
  allLabels: number;
  falseHits: string[];
  misses: string[];
  outside: string[];
}
const tally = (): Tally => ({ tp: 0, fp: 0, knownLabels: 0, allLabels: 0, falseHits: [], misses: [], outside: [] });

function score(t: Tally, where: string, found: { id: string; surfaces: string[] }[], gold: Label[], body?: string): void {
  const goldIds = new Set(gold.flatMap((l) => (l.id ? [l.id] : [])));
  t.knownLabels += goldIds.size;
  t.allLabels += goldIds.size + gold.filter((l) => l.id === null).length;
  const foundIds = new Set(found.map((f) => f.id));
  for (const f of found) {
    if (goldIds.has(f.id)) t.tp++;
    else {
      t.fp++;
      t.falseHits.push(`${where}: ${f.id} (${f.surfaces.join(', ')})`);
    }
    if (body !== undefined && !f.surfaces.some((s) => body.includes(s))) t.outside.push(`${where}: ${f.id} (${f.surfaces.join(', ')})`);
  }
  for (const id of goldIds) if (!foundIds.has(id)) t.misses.push(`${where}: ${id} (${gold.find((l) => l.id === id)?.surfaces.join(', ')})`);
}

const onHeadlines = tally();
for (const { url, entities: gold } of labels.headlines) {
  const row = headlines.get(url);
  if (!row) continue;
  const analysis = analyzeArticle({ url, title: row.title, blocks: [row.title, row.lede] }, matcher, entities);
  score(onHeadlines, url.replace('https://techcrunch.com/', ''), analysis.entities, gold);
}

const onPages = tally();
for (const { file, entities: gold } of labels.pages) {
  const path = join(CORPUS, file);
  if (!existsSync(path)) continue;
  const { article, input } = readArticle(readHtmlFile(path), pageUrls.get(file) ?? 'https://example.com/article');
  const found = article.isArticle ? analyzeArticle(input, matcher, entities).entities : [];
  const expectedTxt = path.replace(/\.html$/, '.expected.txt');
  score(onPages, file, found, gold, existsSync(expectedTxt) ? readFileSync(expectedTxt, 'utf8') : undefined);
}

const ratio = (a: number, b: number): string => (b === 0 ? 'n/a' : (a / b).toFixed(3));
function report(title: string, t: Tally): void {
  console.log(`\n## ${title}`);
  console.log(
    `precision ${ratio(t.tp, t.tp + t.fp)} (${t.tp}/${t.tp + t.fp}) · recall on known names ${ratio(t.tp, t.knownLabels)} (${t.tp}/${t.knownLabels}) · recall on all labelled names ${ratio(t.tp, t.allLabels)} (${t.tp}/${t.allLabels})`,
  );
  console.log(`hits outside the article body: ${t.outside.length}`);
  for (const line of t.outside) console.log(`  outside: ${line}`);
  for (const line of t.falseHits) console.log(`  false hit: ${line}`);
  for (const line of t.misses) console.log(`  miss: ${line}`);
}
report(`TechCrunch headlines and ledes (${labels.headlines.length})`, onHeadlines);
report(`Saved article pages (${labels.pages.length})`, onPages);
const all = tally();
for (const t of [onHeadlines, onPages]) {
  all.tp += t.tp;
  all.fp += t.fp;
  all.knownLabels += t.knownLabels;
  all.allLabels += t.allLabels;
}
console.log(
  `\nall: precision ${ratio(all.tp, all.tp + all.fp)}, recall on known names ${ratio(all.tp, all.knownLabels)}, recall on all labelled names ${ratio(all.tp, all.allLabels)}, outside the body ${onPages.outside.length}`,
);
