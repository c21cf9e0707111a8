/**
 * The popup's search: what the reader typed, read into words and filters, and the pure parts of matching
 * (typo distance, marking matched words, the snippet). The reads are lib/archive/search.ts's. Pure.
 *
 * Query words: `entity:anthropic` (an entity's id, name or alias), `type:lab` (an entity type), `from:2026-06`
 * and `to:2026-07-15` (a year, month or day; `to` takes the whole of it). Everything else is searched.
 */
import { isRealDay } from '../archive/dates';
import { ENTITY_TYPES, type EntityType } from '../archive/schema';
import { terms } from './terms';

export interface SearchFilters {
  /** An entity's id, name or alias, as typed. */
  entity?: string;
  type?: EntityType;
  /** Inclusive bounds on an item's date, compared as text: `from` a prefix, `to` the whole year, month or day. */
  from?: string;
  to?: string;
}

export interface ParsedQuery extends SearchFilters {
  /** The words to search, as typed, in order. */
  words: string[];
  /** The last word is still being typed (no space after it): it matches as a prefix. */
  typing: boolean;
  /** Filter words the reader typed that mean nothing (a bad date, an unknown type), to say so. */
  ignored: string[];
}

/** A year, a month of it or a day of that (`2026-13` and `2026-02-30` are none: not understood, and said so). */
function isPartialDate(value: string): boolean {
  return /^\d{4}(-(0[1-9]|1[0-2]))?$/.test(value) || isRealDay(value);
}
const FILTER = /^(entity|type|from|to):(.*)$/i;

export function parseQuery(text: string): ParsedQuery {
  const out: ParsedQuery = { words: [], typing: text.length > 0 && !/\s$/.test(text), ignored: [] };
  for (const token of text.trim().split(/\s+/).filter(Boolean)) {
    const filter = FILTER.exec(token);
    if (!filter) {
      out.words.push(token);
      continue;
    }
    const key = (filter[1] as string).toLowerCase();
    const value = (filter[2] as string).trim();
    if (key === 'entity' && value) out.entity = value.replace(/[-_]/g, ' ');
    else if (key === 'type' && (ENTITY_TYPES as readonly string[]).includes(value.toLowerCase()))
      out.type = value.toLowerCase() as EntityType;
    else if ((key === 'from' || key === 'to') && isPartialDate(value)) out[key] = value;
    else out.ignored.push(token);
  }
  // A filter typed last is not a word being typed.
  if (out.typing && FILTER.test(text.trim().split(/\s+/).pop() ?? '')) out.typing = false;
  return out;
}

/** Filters from a message, checked at the edge: anything not a string of the right form is dropped. */
export function parseSearchFilters(data: unknown): SearchFilters {
  if (typeof data !== 'object' || data === null) return {};
  const { entity, type, from, to } = data as Record<string, unknown>;
  const out: SearchFilters = {};
  if (typeof entity === 'string' && entity.length <= 200) out.entity = entity;
  if (typeof type === 'string' && (ENTITY_TYPES as readonly string[]).includes(type)) out.type = type as EntityType;
  if (typeof from === 'string' && isPartialDate(from)) out.from = from;
  if (typeof to === 'string' && isPartialDate(to)) out.to = to;
  return out;
}

/** Whether no day can be within the range: `from` after `to` (June on to January). */
export function rangeIsEmpty({ from, to }: SearchFilters): boolean {
  return from !== undefined && to !== undefined && from.slice(0, to.length) > to;
}

/** Whether an item's date is within the filters' range. */
export function inRange(published: string, { from, to }: SearchFilters): boolean {
  if (from && published < from) return false;
  if (to && published.slice(0, to.length) > to) return false;
  return true;
}

/** A query word as the index knows it: its stemmed terms (a CJK word gives its pairs), and its folded form. */
export interface QueryWord {
  raw: string;
  /** Lower-cased, NFKC: what a prefix or a typo is matched from. */
  folded: string;
  terms: string[];
  /** The word is being typed: it also matches terms it begins. */
  prefix: boolean;
}

export function queryWords(parsed: ParsedQuery): QueryWord[] {
  return parsed.words.flatMap((raw, i) => {
    const folded = raw
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '');
    const prefix = parsed.typing && i === parsed.words.length - 1;
    const stemmed = terms(raw);
    // A stop word alone ("the") searches nothing, unless it may be the start of another word.
    if (stemmed.length === 0 && !(prefix && folded.length >= 2)) return [];
    return [{ raw, folded, terms: stemmed, prefix }];
  });
}

/** The rows withinEdits works in, kept between calls: a typo search runs it over thousands of terms. */
let editRows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)] as const;

/**
 * Whether two words are within `max` edits (insertions, deletions, substitutions, and swaps of two
 * neighbours: "Nvida", "Antrhopic"). Bounded: gives up once every path is past `max`.
 */
export function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  const width = b.length + 1;
  if (editRows[0].length < width) editRows = [new Int32Array(width * 2), new Int32Array(width * 2), new Int32Array(width * 2)];
  let [prev2, prev, row] = editRows;
  for (let j = 0; j < width; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    row[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, (prev2[j - 2] as number) + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return false;
    const spare = prev2;
    prev2 = prev;
    prev = row;
    row = spare;
  }
  return (prev[b.length] as number) <= max;
}

/** How many typos a word of this length may hold: none under 4 letters, one to 7, two beyond. */
export function typoBudget(word: string): number {
  return word.length < 4 ? 0 : word.length < 8 ? 1 : 2;
}

/** A piece of text, marked or not: rendered as text nodes and <mark> elements, never as HTML. */
export interface TextPart {
  text: string;
  mark: boolean;
}

const WORD = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/**
 * Splits text into parts, marking the words that match: a word whose terms include one of `matched`, or
 * that begins with a prefix being typed. CJK runs are marked where they hold a matched pair.
 */
export function markMatches(text: string, matched: ReadonlySet<string>, prefixes: readonly string[] = []): TextPart[] {
  // Nothing to mark (the popup's newest items, before a word is typed): no word needs stemming.
  if (matched.size === 0 && !prefixes.some((p) => p.length > 0)) return text ? [{ text, mark: false }] : [];
  const parts: TextPart[] = [];
  let at = 0;
  for (const found of text.matchAll(WORD)) {
    const word = found[0];
    const folded = word.normalize('NFKC').toLowerCase();
    const hit = terms(word).some((t) => matched.has(t)) || prefixes.some((p) => p.length > 0 && folded.startsWith(p));
    if (!hit) continue;
    const start = found.index ?? 0;
    if (start > at) parts.push({ text: text.slice(at, start), mark: false });
    parts.push({ text: word, mark: true });
    at = start + word.length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), mark: false });
  return mergeParts(parts);
}

function mergeParts(parts: TextPart[]): TextPart[] {
  const out: TextPart[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (last && last.mark === part.mark && !part.mark) last.text += part.text;
    else out.push({ ...part });
  }
  return out;
}

/** The sentence of a text with the most matched words, cut to about `max` characters around the first. */
export function snippet(text: string, matched: ReadonlySet<string>, prefixes: readonly string[] = [], max = 160): TextPart[] {
  const sentences = text.split(/(?<=[.!?。])\s+/).filter(Boolean);
  let best = sentences[0] ?? '';
  let bestHits = -1;
  for (const sentence of sentences) {
    const hits = markMatches(sentence, matched, prefixes).filter((p) => p.mark).length;
    if (hits > bestHits) {
      best = sentence;
      bestHits = hits;
    }
  }
  if (best.length > max) {
    // From a little before the first marked word; from the start when none is (nothing typed).
    const parts = markMatches(best, matched, prefixes);
    const firstMark = parts.findIndex((part) => part.mark);
    const offset = firstMark < 0 ? 0 : parts.slice(0, firstMark).reduce((n, part) => n + part.text.length, 0);
    const start = Math.max(0, Math.min(offset - 40, best.length - max));
    const cut = best.slice(start, start + max);
    best = `${start > 0 ? '…' : ''}${cut}${start + max < best.length ? '…' : ''}`;
  }
  return markMatches(best, matched, prefixes);
}
