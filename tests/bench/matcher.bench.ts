/**
 * The matcher: build, and scan a 10,000-word article, on the bundled gazetteer and on a 20,000-alias
 * one; with compromise's entity extraction on the same text for scale.
 */
import { readFileSync } from 'node:fs';
import nlp from 'compromise';
import { bench, describe } from 'vitest';
import { compileMatcher, findMentions, matcherFromBytes, matcherToBytes, type Pattern, patternsOf } from '../../lib/entities/matcher';
import { loadBundledGazetteer } from '../../scripts/lib/gazetteer';

const bundled = patternsOf(loadBundledGazetteer().doc.entities);

/** Company-like names that do not occur in the article: the gazetteer grown to a size. */
function grown(size: number): Pattern[] {
  const syllables = ['ka', 'lo', 'mi', 'zen', 'tor', 'vex', 'qua', 'dri', 'sol', 'nym', 'par', 'lux'];
  const out = [...bundled];
  for (let i = 0; out.length < size; i++) {
    const a = syllables[i % 12] as string;
    const b = syllables[Math.floor(i / 12) % 12] as string;
    const c = syllables[Math.floor(i / 144) % 12] as string;
    out.push({
      entityId: `synth-${i}`,
      surface: `${a}${b}${c} ${['Labs', 'AI', 'Systems', 'Robotics'][i % 4]} ${Math.floor(i / 1728)}`,
      ambiguous: false,
    });
  }
  return out;
}

const aliases20k = grown(20_000);
const aliases50k = grown(50_000);
const matcherBundled = compileMatcher(bundled);
const matcher20k = compileMatcher(aliases20k);
const bytes50k = matcherToBytes(compileMatcher(aliases50k));

// The demo article's text, repeated to about 10,000 words.
const html = readFileSync(new URL('../fixtures/articles/techcrunch-alibaba-claude-code/source.html', import.meta.url), 'utf8');
const paragraph = [...html.matchAll(/<p[^>]*>(.*?)<\/p>/gs)].map((m) => m[1]?.replace(/<[^>]+>/g, '')).join(' ');
const article = Array.from({ length: Math.ceil(10_000 / paragraph.split(/\s+/).length) }, () => paragraph).join('\n');
const words = article.split(/\s+/).length;

const options = { time: 3000, warmupTime: 500 };

describe(`bundled gazetteer (${bundled.length} aliases)`, () => {
  bench('compile the matcher', () => void compileMatcher(bundled), options);
  bench(`scan a ${words}-word article`, () => void findMentions(article, matcherBundled), options);
});

describe('20,000 aliases', () => {
  bench(`scan a ${words}-word article`, () => void findMentions(article, matcher20k), options);
  bench(
    `compromise: people, places, organizations of the same ${words} words`,
    () => {
      const doc = nlp(article);
      doc.people().out('array');
      doc.organizations().out('array');
      doc.places().out('array');
    },
    { time: 3000, warmupTime: 500, iterations: 5 },
  );
});

describe('50,000 aliases', () => {
  bench(
    'load the prebuilt matcher from its bytes (the worker at start)',
    () => {
      const copy = new ArrayBuffer(bytes50k.byteLength);
      new Uint8Array(copy).set(bytes50k);
      matcherFromBytes(copy);
    },
    options,
  );
});
