/**
 * `npm run eval:spot`: precision and recall of entity spotting on the hand-labelled development set
 * (tests/corpus-labels.json) over the real material in ../shared/corpus: TechCrunch headlines with
 * their ledes, and saved article pages. Prints every false hit, every hit outside the article body
 * (on the Readability pages, the body is their .expected.txt) and every miss. Skips, saying so, when
 * the corpus is absent. The fresh set (tests/spot-fresh-labels.json, labelled before the rules of issue 10)
 * is scored apart, occurrence by occurrence: recall of the big ambiguous names, precision where it
 * labelled, and the traps and the names outside the body that must stay unspotted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ArticleAnalysis, analyzeArticle } from '../lib/entities/analysis';
import { readArticle } from '../lib/extract/read-article';
import { loadBundledGazetteer } from './lib/gazetteer';
import { readHtmlFile } from './lib/html-file';

const CORPUS = new URL('../../shared/corpus/', import.meta.url).pathname;
const LABELS = new URL('../tests/corpus-labels.json', import.meta.url).pathname;
const FRESH = new URL('../tests/spot-fresh-labels.json', import.meta.url).pathname;

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

/** A corpus page as the extension reads it: its blocks, and the analysis (none when it is no article). */
function readPage(file: string): { blocks: string[]; analysis: ArticleAnalysis | undefined } | undefined {
  const path = join(CORPUS, file);
  if (!existsSync(path)) return undefined;
  const { article, input } = readArticle(readHtmlFile(path), pageUrls.get(file) ?? 'https://example.com/article');
  return { blocks: input.blocks, analysis: article.isArticle ? analyzeArticle(input, matcher, entities) : undefined };
}

const onPages = tally();
for (const { file, entities: gold } of labels.pages) {
  const page = readPage(file);
  if (!page) continue;
  const found = page.analysis?.entities ?? [];
  const path = join(CORPUS, file);
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
/** One labelled occurrence of the fresh set (tests/spot-fresh-labels.json describes the fields). */
interface FreshMention {
  file?: string;
  url?: string;
  near: string;
  surface: string;
  id: string | null;
  outside?: boolean;
}
interface FreshTrap {
  id: string;
  url: string;
  title: string;
  text: string;
}
const fresh = JSON.parse(readFileSync(FRESH, 'utf8')) as { mentions: FreshMention[]; traps: FreshTrap[] };
const BIG = new Set(['amazon', 'apple', 'google', 'meta', 'x', 'microsoft']);

/** Where `surface` inside `near` is in the blocks (white space folded), as block and offsets, or undefined. */
function locate(blocks: string[], near: string, surface: string): { block: number; start: number; end: number } | undefined {
  const fold = (part: string) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  const at = near.indexOf(surface);
  const pattern = new RegExp(`${fold(near.slice(0, at))}(${fold(surface)})${fold(near.slice(at + surface.length))}`, 'd');
  for (const [block, text] of blocks.entries()) {
    const span = pattern.exec(text)?.indices?.[1];
    if (span) return { block, start: span[0], end: span[1] };
  }
  return undefined;
}

const f = {
  bigLabels: 0,
  bigFound: 0,
  right: 0,
  wrong: 0,
  traps: 0,
  trapHits: 0,
  outside: 0,
  outsideHits: 0,
  outsideRead: [] as string[],
  lines: [] as string[],
};
const readings = new Map<string, { blocks: string[]; analysis: ArticleAnalysis | undefined } | undefined>();
for (const label of fresh.mentions) {
  const key = label.file ?? label.url ?? '';
  if (!readings.has(key)) {
    if (label.file) readings.set(key, readPage(label.file));
    else {
      const row = headlines.get(key);
      const blocks = row ? [row.title, row.lede] : [];
      readings.set(key, row ? { blocks, analysis: analyzeArticle({ url: key, title: row.title, blocks }, matcher, entities) } : undefined);
    }
  }
  const reading = readings.get(key);
  if (!reading) continue;
  const where = `${key.replace(/^pages\//, '').replace('https://techcrunch.com/', '')} «${label.near}»`;
  const at = locate(reading.blocks, label.near, label.surface);
  const hits = at
    ? (reading.analysis?.mentions ?? []).filter((m) => m.block === at.block && m.start < at.end && m.end > at.start).map((m) => m.entityId)
    : [];
  if (label.outside) {
    f.outside++;
    if (at) f.outsideRead.push(`  outside the body, read as body: ${where}`);
    if (hits.length > 0) {
      f.outsideHits++;
      f.lines.push(`  outside the body, spotted: ${where}: ${hits.join(', ')}`);
    }
    continue;
  }
  if (label.id === null) {
    f.traps++;
    if (hits.length > 0) {
      f.trapHits++;
      f.wrong += hits.length;
      f.lines.push(`  trap hit: ${where}: ${hits.join(', ')}`);
    }
    continue;
  }
  const big = BIG.has(label.id);
  if (big) f.bigLabels++;
  if (hits.includes(label.id)) {
    f.right++;
    if (big) f.bigFound++;
  } else f.lines.push(`  miss: ${where}: ${label.id}${at ? '' : ' (not in the body text read)'}`);
  const others = hits.filter((id) => id !== label.id);
  f.wrong += others.length;
  for (const id of others) f.lines.push(`  false hit: ${where}: ${id}`);
}
let writtenHit = 0;
for (const trap of fresh.traps) {
  const found = analyzeArticle({ url: trap.url, title: trap.title, blocks: [trap.title, trap.text] }, matcher, entities).entities;
  if (found.length === 0) continue;
  writtenHit++;
  f.wrong += found.length;
  f.lines.push(`  trap hit: ${trap.id}: ${found.map((e) => `${e.id} (${e.surfaces.join(', ')})`).join('; ')}`);
}
console.log(`\n## Fresh set (${fresh.mentions.length} occurrences, ${fresh.traps.length} trap sentences)`);
console.log(
  `recall of Amazon, Apple, Google, Meta, X, Microsoft ${ratio(f.bigFound, f.bigLabels)} (${f.bigFound}/${f.bigLabels}) · precision ${ratio(f.right, f.right + f.wrong)} (${f.right}/${f.right + f.wrong}) · traps hit ${f.trapHits}/${f.traps} in the corpus, ${writtenHit}/${fresh.traps.length} written · outside the body spotted ${f.outsideHits}/${f.outside}, read as body text ${f.outsideRead.length}/${f.outside}`,
);
for (const line of [...f.outsideRead, ...f.lines]) console.log(line);

const all = tally();
for (const t of [onHeadlines, onPages]) {
  all.tp += t.tp;
  all.fp += t.fp;
  all.knownLabels += t.knownLabels;
  all.allLabels += t.allLabels;
}
console.log(
  `\nall (headlines and pages): precision ${ratio(all.tp, all.tp + all.fp)}, recall on known names ${ratio(all.tp, all.knownLabels)}, recall on all labelled names ${ratio(all.tp, all.allLabels)}, outside the body ${onPages.outside.length}`,
);
