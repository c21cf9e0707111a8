/** The matcher on the bundled gazetteer: build once, then scan an article's text. */
import { readFileSync } from 'node:fs';
import { bench, describe } from 'vitest';
import { parseArchiveDocument } from '../../lib/archive/schema';
import { compileMatcher, findMentions, patternsOf } from '../../lib/entities/matcher';
import { readSnapshotSource } from '../../scripts/lib/snapshot-source';

const parsed = parseArchiveDocument(readSnapshotSource());
if (!parsed.ok) throw new Error(`the bundled archive is invalid: ${parsed.issues[0]}`);
const patterns = patternsOf(parsed.value.entities);
const matcher = compileMatcher(patterns);
// The demo article's text, repeated to about 10,000 words.
const html = readFileSync(new URL('../fixtures/articles/techcrunch-alibaba-claude-code/source.html', import.meta.url), 'utf8');
const paragraph = [...html.matchAll(/<p[^>]*>(.*?)<\/p>/gs)].map((m) => m[1]?.replace(/<[^>]+>/g, '')).join(' ');
const words = paragraph.split(/\s+/).length;
const article = Array.from({ length: Math.ceil(10_000 / words) }, () => paragraph).join('\n');

describe(`gazetteer of ${patterns.length} aliases`, () => {
  bench('compile the matcher', () => {
    compileMatcher(patterns);
  });
  bench(`scan a ${article.split(/\s+/).length}-word article`, () => {
    findMentions(article, matcher);
  });
});
