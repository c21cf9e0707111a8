/**
 * The gazetteer matcher: every alias of every entity in one Aho-Corasick automaton, so a page is
 * scanned once, in time linear in its length, however many aliases there are. Pure: text in, mentions
 * out. Written here rather than taken from a package because the matching needs offsets mapped back
 * through folding, word boundaries that know unspaced scripts, leftmost-longest selection, and an
 * automaton in flat typed arrays that is built once at build time and loaded without parsing
 * (see `matcherToBytes`), which the Aho-Corasick packages do not offer together.
 */
import type { Entity } from '../archive/schema';
import { foldAlias, foldText, isUnspacedCode, isWordCode } from './text';

/** One alias as the matcher knows it. */
export interface Pattern {
  entityId: string;
  /** The alias with its case kept (folded as the text is). */
  surface: string;
  /** Also a plain word or another thing: needs the exact case, and evidence (see analysis). */
  ambiguous: boolean;
  /**
   * Written in capitals (a ticker, an acronym: SAP, SEC, BABA, 1X): matched only so, since the same letters in
   * lower case are ordinary words ("could sap demand", "30 sec", "baba ganoush"). Not ambiguous for that.
   */
  capitals?: boolean;
}

/**
 * The automaton in flat arrays. Node 0 is the root; its transitions are a dense table over all
 * UTF-16 code units, every other node's are a sorted run in `edgeCode`/`edgeNext` (binary search).
 */
export interface Matcher {
  /** The entity of each pattern, as an index into `entityIds`. */
  entityIds: string[];
  patternEntity: Int32Array;
  /** 1 where the pattern is ambiguous, 2 where it is written in capitals (`Pattern.capitals`): both need the exact case. */
  patternAmbiguous: Uint8Array;
  /** Every pattern's surface, case kept, joined: `surfaces.slice(surfaceStart[p], surfaceStart[p + 1])`. */
  surfaces: string;
  surfaceStart: Int32Array;
  /** Folded length of each pattern, in code units. */
  lengths: Int32Array;
  root: Int32Array;
  edgeStart: Int32Array;
  edgeCode: Uint16Array;
  edgeNext: Int32Array;
  fail: Int32Array;
  /** The patterns that end exactly at a node: `ownList[ownStart[n] .. ownStart[n + 1])`. */
  ownStart: Int32Array;
  ownList: Int32Array;
  /** The nearest node down the failure chain that has patterns of its own (0: none). */
  dict: Int32Array;
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
      const capitals = surface.length >= 2 && /\p{Lu}/u.test(surface) && !/\p{Ll}/u.test(surface);
      patterns.push({ entityId: entity.id, surface, ambiguous: ambiguous.has(surface.toLowerCase()), ...(capitals ? { capitals } : {}) });
    }
  }
  return patterns;
}

/** Builds the automaton. Done once per gazetteer (at build time for the bundled one), never per page. */
export function compileMatcher(patterns: Pattern[]): Matcher {
  const children: Map<number, number>[] = [new Map()];
  const own: number[][] = [[]];
  const lengths = new Int32Array(patterns.length);
  patterns.forEach((pattern, index) => {
    const key = foldText(pattern.surface).lower.subarray(0, pattern.surface.length);
    lengths[index] = key.length;
    let node = 0;
    for (const code of key) {
      const map = children[node] as Map<number, number>;
      let child = map.get(code);
      if (child === undefined) {
        child = children.length;
        children.push(new Map());
        own.push([]);
        map.set(code, child);
      }
      node = child;
    }
    (own[node] as number[]).push(index);
  });

  const count = children.length;
  const edgeStart = new Int32Array(count + 1);
  let edges = 0;
  for (let n = 0; n < count; n++) {
    edgeStart[n] = edges;
    if (n !== 0) edges += (children[n] as Map<number, number>).size;
  }
  edgeStart[count] = edges;
  const edgeCode = new Uint16Array(edges);
  const edgeNext = new Int32Array(edges);
  const root = new Int32Array(65536);
  for (const [code, child] of children[0] as Map<number, number>) root[code] = child;
  for (let n = 1; n < count; n++) {
    const sorted = [...(children[n] as Map<number, number>)].sort((a, b) => a[0] - b[0]);
    let at = edgeStart[n] as number;
    for (const [code, child] of sorted) {
      edgeCode[at] = code;
      edgeNext[at++] = child;
    }
  }

  const ownStart = new Int32Array(count + 1);
  const ownList = new Int32Array(patterns.length);
  let o = 0;
  for (let n = 0; n < count; n++) {
    ownStart[n] = o;
    for (const p of own[n] as number[]) ownList[o++] = p;
  }
  ownStart[count] = o;

  const partial = { root, edgeStart, edgeCode, edgeNext } as Matcher;
  const fail = new Int32Array(count);
  const dict = new Int32Array(count);
  // Breadth first, so a node's failure target (shallower) is always done before the node.
  const queue: number[] = [...(children[0] as Map<number, number>).values()];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    for (const [code, child] of children[node] as Map<number, number>) {
      let f = fail[node] as number;
      let target = step(partial, f, code);
      while (target < 0 && f !== 0) {
        f = fail[f] as number;
        target = step(partial, f, code);
      }
      const failTo = target > 0 && target !== child ? target : 0;
      fail[child] = failTo;
      dict[child] = (ownStart[failTo + 1] as number) > (ownStart[failTo] as number) ? failTo : (dict[failTo] as number);
      queue.push(child);
    }
  }
  const entityIds = [...new Set(patterns.map((p) => p.entityId))];
  const entityIndex = new Map(entityIds.map((id, i) => [id, i]));
  const surfaceStart = new Int32Array(patterns.length + 1);
  patterns.forEach((p, i) => {
    surfaceStart[i + 1] = (surfaceStart[i] as number) + p.surface.length;
  });
  return {
    entityIds,
    patternEntity: Int32Array.from(patterns, (p) => entityIndex.get(p.entityId) as number),
    patternAmbiguous: Uint8Array.from(patterns, (p) => (p.ambiguous ? 1 : p.capitals ? 2 : 0)),
    surfaces: patterns.map((p) => p.surface).join(''),
    surfaceStart,
    lengths,
    root,
    edgeStart,
    edgeCode,
    edgeNext,
    fail,
    ownStart,
    ownList,
    dict,
  };
}

/** The transition from a node on a code unit, or -1. The root always answers (0: stay at the root). */
function step(m: Pick<Matcher, 'root' | 'edgeStart' | 'edgeCode' | 'edgeNext'>, node: number, code: number): number {
  if (node === 0) return m.root[code] as number;
  let lo = m.edgeStart[node] as number;
  let hi = (m.edgeStart[node + 1] as number) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = m.edgeCode[mid] as number;
    if (c === code) return m.edgeNext[mid] as number;
    if (c < code) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Every whole-word occurrence of every alias, leftmost-longest and without overlaps ("Claude Code" is
 * one mention, not "Claude" plus a word). Ambiguous aliases are kept only in their exact case.
 */
export function findMentions(text: string, m: Matcher): RawMention[] {
  const { norm, lower, offsets, length } = foldText(text, true);
  const starts: number[] = [];
  const ends: number[] = [];
  const which: number[] = [];
  let node = 0;
  for (let i = 0; i < length; i++) {
    const code = lower[i] as number;
    let next = step(m, node, code);
    while (next < 0) {
      node = m.fail[node] as number;
      next = step(m, node, code);
    }
    node = next;
    if (node === 0) continue;
    let out = (m.ownStart[node + 1] as number) > (m.ownStart[node] as number) ? node : (m.dict[node] as number);
    while (out !== 0) {
      for (let k = m.ownStart[out] as number; k < (m.ownStart[out + 1] as number); k++) {
        const p = m.ownList[k] as number;
        const start = i + 1 - (m.lengths[p] as number);
        if (acceptable(norm, length, start, i + 1, m, p)) {
          starts.push(start);
          ends.push(i + 1);
          which.push(p);
        }
      }
      out = m.dict[out] as number;
    }
  }

  const order = starts
    .map((_, k) => k)
    .sort((a, b) => (starts[a] as number) - (starts[b] as number) || (ends[b] as number) - (ends[a] as number));
  const mentions: RawMention[] = [];
  let taken = 0;
  for (const k of order) {
    const start = starts[k] as number;
    if (start < taken) continue;
    const end = ends[k] as number;
    const p = which[k] as number;
    mentions.push({
      pattern: p,
      entityId: m.entityIds[m.patternEntity[p] as number] as string,
      start: offsets[start] as number,
      end: (offsets[end - 1] as number) + 1,
      ambiguous: m.patternAmbiguous[p] === 1,
    });
    taken = end;
  }
  return mentions;
}

/** Whole words only (unless the alias's edge is in an unspaced script), and the exact case where ambiguous or in capitals. */
function acceptable(norm: Uint16Array, length: number, start: number, end: number, m: Matcher, p: number): boolean {
  const first = norm[start] as number;
  const last = norm[end - 1] as number;
  if (isWordCode(first) && start > 0 && isWordCode(norm[start - 1] as number)) return false;
  if (isWordCode(last) && end < length && isWordCode(norm[end] as number)) return false;
  if (m.patternAmbiguous[p] !== 0 && !isUnspacedCode(first)) {
    const from = m.surfaceStart[p] as number;
    for (let k = 0; k < end - start; k++) if (norm[start + k] !== m.surfaces.charCodeAt(from + k)) return false;
  }
  return true;
}

/** The surface (case kept) of pattern p. */
export function surfaceOf(m: Matcher, p: number): string {
  return m.surfaces.slice(m.surfaceStart[p], m.surfaceStart[p + 1]);
}

const ARRAYS = [
  'patternEntity',
  'patternAmbiguous',
  'surfaceStart',
  'lengths',
  'edgeStart',
  'edgeCode',
  'edgeNext',
  'fail',
  'ownStart',
  'ownList',
  'dict',
] as const;
type ArrayKey = (typeof ARRAYS)[number];
const KINDS: Record<ArrayKey, Int32ArrayConstructor | Uint16ArrayConstructor | Uint8ArrayConstructor> = {
  patternEntity: Int32Array,
  patternAmbiguous: Uint8Array,
  surfaceStart: Int32Array,
  lengths: Int32Array,
  edgeStart: Int32Array,
  edgeCode: Uint16Array,
  edgeNext: Int32Array,
  fail: Int32Array,
  ownStart: Int32Array,
  ownList: Int32Array,
  dict: Int32Array,
};
const aligned = (n: number): number => Math.ceil(n / 4) * 4;

/**
 * The matcher as bytes: a small JSON header (entity ids, the joined surfaces, the arrays' lengths) and
 * the typed arrays, each 4-byte aligned, so that loading is a few views over one buffer, with no parse
 * of the automaton and no object per pattern.
 */
export function matcherToBytes(m: Matcher): Uint8Array {
  // The root's dense table is mostly zeros: it travels as its few non-zero entries.
  const root: [number, number][] = [];
  m.root.forEach((next, code) => {
    if (next !== 0) root.push([code, next]);
  });
  const header = new TextEncoder().encode(
    JSON.stringify({ entityIds: m.entityIds, surfaces: m.surfaces, root, sizes: ARRAYS.map((k) => m[k].length) }),
  );
  let total = aligned(4 + header.length);
  for (const k of ARRAYS) total += aligned(m[k].byteLength);
  const bytes = new Uint8Array(total);
  new DataView(bytes.buffer).setUint32(0, header.length, true);
  bytes.set(header, 4);
  let at = aligned(4 + header.length);
  for (const k of ARRAYS) {
    bytes.set(new Uint8Array(m[k].buffer, m[k].byteOffset, m[k].byteLength), at);
    at += aligned(m[k].byteLength);
  }
  return bytes;
}

export function matcherFromBytes(buffer: ArrayBuffer): Matcher {
  const headerLength = new DataView(buffer).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, headerLength))) as {
    entityIds: string[];
    surfaces: string;
    root: [number, number][];
    sizes: number[];
  };
  const root = new Int32Array(65536);
  for (const [code, next] of header.root) root[code] = next;
  let at = aligned(4 + headerLength);
  const arrays = {} as Record<ArrayKey, Int32Array | Uint16Array | Uint8Array>;
  ARRAYS.forEach((k, i) => {
    const Kind = KINDS[k];
    const size = header.sizes[i] as number;
    arrays[k] = new Kind(buffer, at, size);
    at += aligned(size * Kind.BYTES_PER_ELEMENT);
  });
  return {
    entityIds: header.entityIds,
    surfaces: header.surfaces,
    root,
    ...(arrays as unknown as Omit<Matcher, 'entityIds' | 'surfaces' | 'root'>),
  };
}
