/**
 * Terms: the words a text is compared and searched by, and the BM25 score of a document against a query.
 * One tokenizer for the relevance ranking and the archive's document frequencies (and the popup's search
 * to come), so a word counts the same everywhere. Pure.
 *
 * Stemming is the Porter stemmer of `stemmer` (wooorm's, a few hundred lines, no dependencies):
 * "bans", "banned" and "banning" meet at "ban". Text in scripts without spaces (Chinese, Japanese) is cut
 * into overlapping pairs of characters, the usual unit for CJK retrieval, so it never breaks the tokenizer.
 */
import { stemmer } from 'stemmer';

/**
 * Words too common in news text to say what a story is about: function words (the closed classes:
 * prepositions, conjunctions, determiners, pronouns, and adverbs of degree, time and manner), and news's
 * everyday verbs and times. The archive's document frequencies cannot tell these alone: in a few hundred
 * items "within" or "across" is as rare as "lawsuit", and two stories sharing it share nothing.
 */
const STOPWORDS = new Set(
  `a about after again against all also an and another any are as at be because been before being between both but by can
could did do does doing down during each few for from further had has have having he her here hers him his how i if in into
is it its itself just may me might more most much must my new no nor not now of off on once one only or other our out over
own per same says said say she should so some such than that the their them then there these they this those through to too
two under until up very via was we were what when where which while who whom why will with would year years you your
use uses used using tell tells told get gets got make makes made take takes took come comes came go goes going went want wants
week weeks month months day days today people thing things way ways lot still even well back like first last next
across within without among amid around along alongside above below behind beyond beside besides despite except inside
outside onto toward towards upon versus including regarding according whether though although unless yet since already
rather instead ever every either neither else almost nearly quite perhaps maybe really actually simply soon later often
always never sometimes several many fewer less least however therefore thus meanwhile whose`.split(/\s+/),
);

/** Letters and digits; CJK runs are kept apart so they can be cut into pairs. */
const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** Made once: the bundler writes a Unicode class as `new RegExp(...)`, which in the loop below was made again for every word. */
const NUMBER = /^\p{N}+$/u;

/** A text's terms in order, repeats kept: lower-cased, stop words dropped, stemmed. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const [raw] of text.normalize('NFKC').toLowerCase().matchAll(TOKEN)) {
    if (CJK.test(raw)) {
      if (raw.length === 1) out.push(raw);
      for (let i = 0; i + 1 < raw.length; i++) out.push(raw.slice(i, i + 2));
      continue;
    }
    const word = raw.replace(/['’]s$/, '').replace(/['’]/g, '');
    if (word.length < 2 || STOPWORDS.has(word) || /^\d{1,2}$/.test(word)) continue;
    out.push(NUMBER.test(word) ? word : stemmer(word));
  }
  return out;
}

/** A text's distinct terms. */
export function termSet(text: string): Set<string> {
  return new Set(terms(text));
}

/** The parts of an item that its terms are drawn from: what the item is about, in its own words. */
export function itemText(item: { title: string; summary: string; take: string }): string {
  return `${item.title}\n${item.summary}\n${item.take}`;
}

/** The archive's statistics a BM25 score needs. */
export interface TermStats {
  /** How many documents the statistics count. */
  docs: number;
  /** The average document length, in terms. */
  avgLength: number;
  /** How many documents hold each term (absent: none). */
  df: ReadonlyMap<string, number>;
}

/** BM25's usual constants (Robertson and Zaragoza, "The Probabilistic Relevance Framework", 2009). */
const K1 = 1.2;
const B = 0.75;

/** The inverse document frequency, BM25's form with +1 so it never goes negative on a small archive. */
export function idf(term: string, stats: TermStats): number {
  const n = Math.min(stats.df.get(term) ?? 0, stats.docs);
  return Math.log(1 + (stats.docs - n + 0.5) / (n + 0.5));
}

/** A query: its terms, each with a weight (words of the headline weigh more than the body's). */
export type Query = ReadonlyMap<string, number>;

export interface Scored {
  score: number;
  /** The query's terms the document holds, most telling first. */
  matched: string[];
}

/** BM25 of one document (its terms, repeats kept) against a weighted query. */
export function bm25(query: Query, doc: readonly string[], stats: TermStats): Scored {
  const tf = new Map<string, number>();
  for (const term of doc) if (query.has(term)) tf.set(term, (tf.get(term) ?? 0) + 1);
  const norm = K1 * (1 - B + (B * doc.length) / Math.max(1, stats.avgLength));
  let score = 0;
  const parts: [string, number][] = [];
  for (const [term, f] of tf) {
    const part = (query.get(term) ?? 0) * idf(term, stats) * ((f * (K1 + 1)) / (f + norm));
    score += part;
    parts.push([term, part]);
  }
  return { score, matched: parts.sort((a, b) => b[1] - a[1]).map(([term]) => term) };
}
