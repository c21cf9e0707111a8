/**
 * Text folding shared by the matcher's aliases and the article text, so both sides agree.
 * Folding keeps a map back to the original offsets: marks must land on the page's own characters.
 */

/** Characters a writer or CMS inserts inside words that carry no meaning for matching. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/;
const APOSTROPHES = /[\u2018\u2019\u02bc\u2032]/;
const HYPHENS = /[\u2010\u2011]/;
const SPACE = /\s/;

/** Scripts written without spaces between words: their aliases need no word boundary. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
const WORD = /[\p{L}\p{N}\p{M}_]/u;

export interface FoldedText {
  /** Normalised text with its case kept: apostrophes, hyphens and white space unified, invisibles dropped. */
  norm: string;
  /** `norm`, lower-cased one code unit at a time so offsets stay aligned. */
  lower: string;
  /** For each code unit of `norm`, its offset in the original text; one extra entry for the end. */
  offsets: Int32Array;
}

/** Folds text for matching. Linear in the text's length. */
export function foldText(text: string): FoldedText {
  let norm = '';
  let lower = '';
  const offsets = new Int32Array(text.length + 1);
  let n = 0;
  let lastWasSpace = true; // drops leading white space
  for (let i = 0; i < text.length; i++) {
    let ch = text[i] as string;
    if (INVISIBLE.test(ch)) continue;
    if (SPACE.test(ch)) {
      if (lastWasSpace) continue;
      ch = ' ';
      lastWasSpace = true;
    } else {
      lastWasSpace = false;
      if (APOSTROPHES.test(ch)) ch = "'";
      else if (HYPHENS.test(ch)) ch = '-';
    }
    const low = ch.toLowerCase();
    norm += ch;
    lower += low.length === 1 ? low : ch;
    offsets[n++] = i;
  }
  offsets[n] = text.length;
  return { norm, lower, offsets: offsets.subarray(0, n + 1) };
}

/** Folds an alias the way `foldText` folds the article (trimmed, case kept). */
export function foldAlias(alias: string): string {
  return foldText(alias).norm.trimEnd();
}

/** True for a letter or digit of a script that separates words with spaces. */
export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD.test(ch) && !UNSPACED.test(ch);
}

export function isUnspacedChar(ch: string | undefined): boolean {
  return ch !== undefined && UNSPACED.test(ch);
}
