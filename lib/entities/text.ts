/**
 * Text folding shared by the matcher's aliases and the article text, so both sides agree. Folding keeps
 * a map back to the original offsets: marks must land on the page's own characters. It works on UTF-16
 * code units with table lookups, because it runs over every character of every article.
 */

/** Code units with a meaning for folding; everything else is an ordinary character. */
const SKIP = 1;
const SPACE = 2;
const APOSTROPHE = 3;
const HYPHEN = 4;

/** One entry per BMP code unit: its folding class (0: ordinary), filled once. */
const CLASS = new Uint8Array(65536);
for (const c of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]) CLASS[c] = SPACE;
for (let c = 0x2000; c <= 0x200a; c++) CLASS[c] = SPACE;
// Soft hyphen, zero-width space/joiners, word joiner, BOM: a writer's or CMS's invisible marks inside words.
for (const c of [0xad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]) CLASS[c] = SKIP;
for (const c of [0x2018, 0x2019, 0x02bc, 0x2032]) CLASS[c] = APOSTROPHE;
for (const c of [0x2010, 0x2011]) CLASS[c] = HYPHEN;

/** Lower case of each BMP code unit where that is one code unit; 0 until first asked. */
const LOWER = new Uint16Array(65536);
for (let c = 0; c < 128; c++) LOWER[c] = c >= 65 && c <= 90 ? c + 32 : c;

function lowerOf(c: number): number {
  let l = LOWER[c] as number;
  if (l === 0 && c !== 0) {
    const s = String.fromCharCode(c).toLowerCase();
    l = s.length === 1 ? s.charCodeAt(0) : c;
    LOWER[c] = l;
  }
  return l;
}

export interface FoldedText {
  /** Normalised code units with their case kept: apostrophes, hyphens and white space unified, invisibles dropped. */
  norm: Uint16Array;
  /** `norm` lower-cased one code unit at a time, so offsets stay aligned. */
  lower: Uint16Array;
  /** For each code unit of `norm`, its offset in the original text; one extra entry for the end. */
  offsets: Int32Array;
  length: number;
}

/**
 * Buffers reused from one call to the next: a 10,000-word article would otherwise allocate half a
 * megabyte per scan, and the garbage collector's pauses would set the p95.
 */
let scratch = { norm: new Uint16Array(0), lower: new Uint16Array(0), offsets: new Int32Array(1) };

/**
 * Folds text for matching. Linear in the text's length. With `reuse`, the result lives in shared
 * buffers that the next call overwrites: for a caller that is done with it before folding again.
 */
export function foldText(text: string, reuse = false): FoldedText {
  const n = text.length;
  if (reuse && scratch.norm.length < n) {
    const size = Math.max(n, scratch.norm.length * 2);
    scratch = { norm: new Uint16Array(size), lower: new Uint16Array(size), offsets: new Int32Array(size + 1) };
  }
  const norm = reuse ? scratch.norm : new Uint16Array(n);
  const lower = reuse ? scratch.lower : new Uint16Array(n);
  const offsets = reuse ? scratch.offsets : new Int32Array(n + 1);
  let k = 0;
  let lastWasSpace = true; // drops leading white space
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    const kind = CLASS[c];
    if (kind === SKIP) continue;
    if (kind === SPACE) {
      if (lastWasSpace) continue;
      c = 0x20;
      lastWasSpace = true;
    } else {
      lastWasSpace = false;
      if (kind === APOSTROPHE) c = 0x27;
      else if (kind === HYPHEN) c = 0x2d;
    }
    norm[k] = c;
    lower[k] = lowerOf(c);
    offsets[k++] = i;
  }
  offsets[k] = n;
  return { norm, lower, offsets, length: k };
}

/** Folds an alias the way `foldText` folds the article, as a string (trailing space trimmed). */
export function foldAlias(alias: string): string {
  const { norm, length } = foldText(alias);
  let end = length;
  while (end > 0 && norm[end - 1] === 0x20) end--;
  return String.fromCharCode(...norm.subarray(0, end));
}

const WORD = /[\p{L}\p{N}\p{M}_]/u;
/** Scripts written without spaces between words: their aliases need no word boundary. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

/** True for a code unit of a script written without spaces (CJK, Thai). */
export function isUnspacedCode(c: number): boolean {
  return c >= 0x0e00 && UNSPACED.test(String.fromCharCode(c));
}

/** True for a letter or digit of a script that separates words with spaces; -1 (no character) is not. */
export function isWordCode(c: number): boolean {
  if (c < 0) return false;
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  // A lone surrogate half: judge by the pair's letter-ness is not worth it here; treat as a letter.
  if (c >= 0xd800 && c <= 0xdfff) return true;
  const ch = String.fromCharCode(c);
  return WORD.test(ch) && !isUnspacedCode(c);
}
