/**
 * The gazetteer matcher: every alias of every entity in one Aho-Corasick automaton, so a page is
 * scanned once, in time linear in its length, however many aliases there are. Pure: text in,
 * mentions out. Written here rather than taken from a package because the matching needs
 * offsets mapped back through folding, word boundaries that know unspaced scripts, and
 * leftmost-longest selection, which the Aho-Corasick packages do not offer together.
 */
import type { Entity } from '../archive/schema';
import { foldAlias, foldText, isUnspacedChar, isWordChar } from './text';

/** One alias as the matcher knows it. */
export interface Pattern {
  entityId: string;
  /** The alias with its case kept (folded as the text is). */
  surface: string;
  /** Also a plain word or another thing: needs the exact case, and evidence (see analysis). */
  ambiguous: boolean;
}

export interface Matcher {
  patterns: Pattern[];
  /** Trie transitions: one map a node, from a UTF-16 code unit to the next node. */
  next: Map<number, number>[];
  fail: Int32Array;
  /** The patterns that end at each node (its own and, through failure links, its suffixes'). */
  out: (number[] | undefined)[];
  /** Length of each pattern in code units. */
  lengths: Int32Array;
}

/** A raw hit in one text, with offsets in the original (unfolded) text. */
export interface RawMention {
  pattern: number;
  entityId: string;
  start: number;
  end: number;
  ambiguous: boolean;
}

/** The patterns of a gazetteer: names and aliases, each entity's surfaces once. */
export function patternsOf(entities: readonly Entity[]): Pattern[] {
  const patterns: Pattern[] = [];
  for (const entity of entities) {
    const ambiguous = new Set(entity.ambiguous.map((s) => foldAlias(s).toLowerCase()));
    const seen = new Set<string>();
    for (const raw of [entity.name, ...entity.aliases]) {
      const surface = foldAlias(raw);
      if (surface.length === 0 || seen.has(surface)) continue;
      seen.add(surface);
      patterns.push({ entityId: entity.id, surface, ambiguous: ambiguous.has(surface.toLowerCase()) });
    }
  }
  return patterns;
}

/** Builds the automaton. Done once per gazetteer, never per page. */
export function compileMatcher(patterns: Pattern[]): Matcher {
  const next: Map<number, number>[] = [new Map()];
  const out: (number[] | undefined)[] = [undefined];
  const lengths = new Int32Array(patterns.length);
  patterns.forEach((pattern, index) => {
    const key = pattern.surface.toLowerCase();
    lengths[index] = key.length;
    let node = 0;
    for (let i = 0; i < key.length; i++) {
      const code = key.charCodeAt(i);
      const transitions = next[node] as Map<number, number>;
      let child = transitions.get(code);
      if (child === undefined) {
        child = next.length;
        next.push(new Map());
        out.push(undefined);
        transitions.set(code, child);
      }
      node = child;
    }
    const ends = out[node];
    if (ends) ends.push(index);
    else out[node] = [index];
  });

  // Breadth-first failure links; each node's output gains its longest proper suffix's.
  const fail = new Int32Array(next.length);
  const queue: number[] = [];
  for (const child of (next[0] as Map<number, number>).values()) queue.push(child);
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    for (const [code, child] of next[node] as Map<number, number>) {
      let f = fail[node] as number;
      while (f !== 0 && !(next[f] as Map<number, number>).has(code)) f = fail[f] as number;
      const target = (next[f] as Map<number, number>).get(code);
      fail[child] = target !== undefined && target !== child ? target : 0;
      const inherited = out[fail[child] as number];
      if (inherited) out[child] = [...(out[child] ?? []), ...inherited];
      queue.push(child);
    }
  }
  return { patterns, next, fail, out, lengths };
}

/**
 * Every whole-word occurrence of every alias, leftmost-longest and without overlaps ("Claude Code" is
 * one mention, not "Claude" plus a word). Ambiguous aliases are kept only in their exact case.
 */
export function findMentions(text: string, matcher: Matcher): RawMention[] {
  const { norm, lower, offsets } = foldText(text);
  const candidates: { pattern: number; start: number; end: number }[] = [];
  let node = 0;
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    let target = (matcher.next[node] as Map<number, number>).get(code);
    while (target === undefined && node !== 0) {
      node = matcher.fail[node] as number;
      target = (matcher.next[node] as Map<number, number>).get(code);
    }
    node = target ?? 0;
    const ends = matcher.out[node];
    if (!ends) continue;
    for (const index of ends) {
      const end = i + 1;
      const start = end - (matcher.lengths[index] as number);
      if (acceptable(norm, start, end, matcher.patterns[index] as Pattern)) candidates.push({ pattern: index, start, end });
    }
  }

  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const mentions: RawMention[] = [];
  let taken = 0;
  for (const candidate of candidates) {
    if (candidate.start < taken) continue;
    const pattern = matcher.patterns[candidate.pattern] as Pattern;
    mentions.push({
      pattern: candidate.pattern,
      entityId: pattern.entityId,
      start: offsets[candidate.start] as number,
      end: (offsets[candidate.end - 1] as number) + 1,
      ambiguous: pattern.ambiguous,
    });
    taken = candidate.end;
  }
  return mentions;
}

/** Whole words only (unless the alias's edge is in an unspaced script), and the exact case where ambiguous. */
function acceptable(norm: string, start: number, end: number, pattern: Pattern): boolean {
  const first = norm[start];
  const last = norm[end - 1];
  if (isWordChar(first) && isWordChar(norm[start - 1])) return false;
  if (isWordChar(last) && isWordChar(norm[end])) return false;
  if (!isUnspacedChar(first) && !isUnspacedChar(last) && pattern.ambiguous) {
    return norm.slice(start, end) === pattern.surface;
  }
  return true;
}
