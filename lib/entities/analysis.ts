/**
 * From an article's text blocks to the entities it mentions: the matcher's raw hits, with ambiguous
 * names kept only where the article gives evidence for them, counted and weighted. Pure.
 */
import * as v from 'valibot';
import { isRealDay, parseInstant } from '../archive/dates';
import type { Entity, EntityType } from '../archive/schema';
import { hostOf } from '../archive/url';
import { siteOfHost } from '../settings/sites';
import { findMentions, type Matcher, type RawMention } from './matcher';

/** What the content script sends: the article's text, block by block (block 0 the headline, 1 the lede). */
export interface ArticleInput {
  /** The article's canonical address. */
  url: string;
  /** The address of the page it was read on (the site it is on, when the canonical points elsewhere). */
  page?: string;
  title: string;
  /** When it was published, from the structured data or meta (absent when the page does not say). */
  published?: string;
  blocks: string[];
  /**
   * Text that is evidence but not marked: the structured data's description, about and mentions. A
   * paywalled article's context leans on it.
   */
  context?: string[];
  /** Set when the page was too long to read whole: how many words of its beginning were read. */
  readWords?: number;
}

/** One mention, with offsets into its block's text. */
export interface Mention {
  entityId: string;
  block: number;
  start: number;
  end: number;
}

/** An entity the article mentions. */
export interface SpottedEntity {
  id: string;
  name: string;
  type: EntityType;
  description: string;
  count: number;
  /** How central it is here: mentions in the headline and lede weigh more. */
  weight: number;
  /** What the article is about: named in the headline or lede, or often beside the main names. */
  central: boolean;
  /** The distinct spellings the article used. */
  surfaces: string[];
  /** How many archive items mention it, when the archive was asked. */
  items?: number;
}

export interface ArticleAnalysis {
  url: string;
  page?: string;
  title: string;
  /** The day it was published (YYYY-MM-DD, UTC), when the page says. */
  published?: string;
  /** The headline, lede and first paragraphs: what the archive's words are compared with. */
  headline: string;
  lede: string;
  body: string;
  entities: SpottedEntity[];
  mentions: Mention[];
  /**
   * Set by the worker where the reader asked for articles about AI and technology only and this one is not: no tab,
   * no marks, no count on the toolbar, nothing in the popup.
   */
  quiet?: true;
  /** How many archive items the panel shows for it, when the background has looked. */
  related?: number;
  /** Set when only the beginning of a very long page was read: how many words. */
  readWords?: number;
}

/** What the panel and the toolbar need of a tab's article: all but the marks' places, which only its page uses. */
export type TabArticle = Omit<ArticleAnalysis, 'mentions'>;

/** Headline and lede mentions weigh this much more than body mentions. */
const LEAD_WEIGHT = [3, 2];
/** How far around an ambiguous name a disambiguating word may stand, in characters. */
const CUE_WINDOW = 60;

/**
 * Words near an ambiguous name that say which sense it has, by the entity's type. Case-sensitive where
 * the cue is itself a name ("AI"), otherwise whole words in any case.
 */
/** What businesses do in the news: raise, acquire, hire, cut, compete. A company, lab or product named as the subject of it. */
const BUSINESS =
  'Inc|Corp|Ltd|LLC|[Cc]ompany|[Cc]ompanies|firm|startup|CEO|chief executive|shares|stock|investors?|valuation|funding|raises|raised|raising|round|acqui\\w+|buyout|IPO|layoffs?|lays off|employees|revenue|earnings|announced|spokesperson|headquarter\\w*|co-?founder|founded|subsidiary|competitor|rival|in talks|deal|executives?|integrations?|partnership|partnered|CPUs?|GPUs?|chips?|processors?|semiconductors?|AI';

/** Where a company sells: a retailer's words ("on Amazon, sellers …", "shoppers", "Prime Day"). */
const COMMERCE = 'retailer|e-?commerce|online store|marketplace|sellers?|shoppers|Prime Day|warehouses?|fulfill?ment|cloud';

const CUES: Partial<Record<EntityType, RegExp>> = {
  company: new RegExp(`\\b(?:${BUSINESS}|${COMMERCE}|app|iPhone|Nasdaq|NYSE)\\b`),
  lab: new RegExp(`\\b(?:${BUSINESS}|lab|labs|model|models|researchers|chatbot|open-weight)\\b`),
  investor: /\b(?:led|round|investors?|fund|funding|raised|backed|portfolio|venture|partner|valuation)\b/,
  model: /\b(?:AI|model|models|LLM|chatbot|assistant|reasoning|benchmarks?|open-weight|weights|tokens|API)\b/,
  product: new RegExp(
    `\\b(?:${BUSINESS}|app|apps|tool|tools|platform|feature|users|subscribers|launch\\w*|agent|agents|coding|editor|IDE|browser|update)\\b`,
  ),
  outlet: /\b(?:reported|reports|report|according to|told|reporting|newsletter|scoop|first reported)\b/,
  regulator: /\b(?:rules?|regulat\w+|law|ban|agency|fine[ds]?|probe|investigation|antitrust|complaint)\b/,
  government: /\b(?:government|officials?|ministry|administration|rules?|ban|sanctions?|export)\b/,
  law: /\b(?:law|act|bill|rules?|compliance|obligations|signed|passed)\b/,
  person:
    /\b(?:said|says|told|CEO|founder|co-?founder|president|President|administration|executive|chief|former|pick|nominee|senator|minister)\b/,
};

/** "X brings its ...", "X and its ...": a name that owns things right after it is an organisation. */
const OWNS_AFTER = /^(?:'s)?\s+(?:[\w'’]+\s+){0,4}?its\b/;

/** A version or tier right after a model or product name ("Gemini 2.5", "Llama-3", "Grok 4 Heavy"). */
const VERSION_AFTER = /^[\s-]?(?:\d|[Pp]ro\b|Ultra\b|Flash\b|Nano\b|Mini\b|mini\b|Max\b|Heavy\b|Opus\b|Sonnet\b|Haiku\b)/;

/** Entities that vouch for each other: ancestors, descendants, and those sharing a parent. */
function relativesOf(id: string, entities: ReadonlyMap<string, Entity>, children: ReadonlyMap<string, string[]>): Set<string> {
  const out = new Set<string>();
  let at = entities.get(id)?.parent;
  for (let depth = 0; at && depth < 4 && !out.has(at); depth++) {
    out.add(at);
    for (const sibling of children.get(at) ?? []) out.add(sibling);
    at = entities.get(at)?.parent;
  }
  const queue = [...(children.get(id) ?? [])];
  while (queue.length > 0 && out.size < 500) {
    const next = queue.shift() as string;
    if (out.has(next)) continue;
    out.add(next);
    queue.push(...(children.get(next) ?? []));
  }
  out.delete(id);
  return out;
}

interface Hit extends RawMention {
  block: number;
  text: string;
}

/** "Apple will introduce …", "Apple is supposed to release …": a company as the subject of a product release. */
const RELEASES_AFTER = /^(?:'s)?\s+(?:[\w'’]+\s+){0,3}?(?:releas|launch|unveil|introduc|ship)\w*/;

/** Whether a hit opens its text or a sentence, where a capital says nothing of a name. */
function opensSentence(hit: Hit): boolean {
  const ahead = hit.text.slice(Math.max(0, hit.start - 100), hit.start).trimEnd();
  return ahead.length === 0 || /[.!?:;"“”]$/.test(ahead);
}

/** Whether the words around a hit say it is this entity: a cue for its type, or a version after it. */
function hasCue(hit: Hit, entity: Entity): boolean {
  // (At a sentence's start "Nothing will ship" is no company: there only a name with a usual sense counts.)
  if (
    (entity.type === 'company' || entity.type === 'lab') &&
    (!opensSentence(hit) || entity.newsSense !== undefined) &&
    RELEASES_AFTER.test(hit.text.slice(hit.end, hit.end + 60))
  ) {
    return true;
  }
  if ((entity.type === 'model' || entity.type === 'product') && VERSION_AFTER.test(hit.text.slice(hit.end, hit.end + 8))) return true;
  if (
    (entity.type === 'company' || entity.type === 'lab' || entity.type === 'product') &&
    OWNS_AFTER.test(hit.text.slice(hit.end, hit.end + 40))
  ) {
    return true;
  }
  const cue = CUES[entity.type];
  if (!cue) return false;
  const before = hit.text.slice(Math.max(0, hit.start - CUE_WINDOW), hit.start);
  const after = hit.text.slice(hit.end, hit.end + CUE_WINDOW);
  return cue.test(before) || cue.test(after);
}

/**
 * Words that open a sentence before a name without being part of it ("As X shuts down", "Yesterday Apple said"):
 * a closed class, so any other capitalised word right before a name is taken as part of a longer one.
 */
const OPENERS = new RegExp(
  `^(?:${[
    'A|An|The|This|That|These|Those|Its|Their|Our|His|Her|My|Your|Every|Each|Some|Many|Most|All|Both|Neither|Either|No|Not',
    'And|But|Or|Nor|So|Yet|For|As|At|By|In|On|To|Of|From|With|Without|Within|Into|Onto|Upon|About|Above|Below|Across|After|Before',
    'During|Since|Until|Because|Although|Though|While|When|Where|Whether|Why|What|Who|Which|How|If|Unless|Than|Then|Thus|Like|Unlike',
    'Including|Despite|Under|Over|Among|Through|Against|Behind|Beyond|Via|Per|Plus',
    'Former|Current|Longtime|Today|Yesterday|Tomorrow|Now|Meanwhile|Still|Also|Even|Only|Just|Last|Next|Once|Soon|Instead|Besides|However|Earlier|Later|Recently|Already',
    'Is|Are|Was|Were|Do|Does|Did|Can|Could|Will|Would|Should|May|Might|Must|Has|Have|Had|Here|There|It|We|They|He|She|I|You',
  ].join('|')})$`,
);

/** The last text judged by `isTitleCase`: its hits are judged one after another, and a block may be long. */
let titleCaseSeen: { text: string; value: boolean } | undefined;

/** Mostly capitalised words: a headline in title case, where capitals say nothing about names. */
function isTitleCase(text: string): boolean {
  if (titleCaseSeen?.text === text) return titleCaseSeen.value;
  const value = titleCaseOf(text);
  titleCaseSeen = { text, value };
  return value;
}

function titleCaseOf(text: string): boolean {
  const words = text.match(/\p{L}[\p{L}'’-]*/gu) ?? [];
  return words.length >= 4 && words.filter((w) => /^\p{Lu}/u.test(w)).length / words.length > 0.6;
}

/**
 * A one-word ambiguous name with a capitalised word right after it, or right before it mid-sentence, is
 * part of another name ("Raspberry Pi", "Killer Instinct"), unless that word is itself a name we matched
 * ("Google Gemini") or a version ("Gemini Ultra").
 */
function insideAnotherName(hit: Hit, matchedAt: (text: string, offset: number) => boolean): boolean {
  if (isTitleCase(hit.text)) return false;
  // (A whole word: the "B" of "$50B" is not a name before "Amazon".)
  const before = /(?<![\p{L}\p{N}$])(\p{Lu}[\p{L}'’-]*)\s+$/u.exec(hit.text.slice(Math.max(0, hit.start - 100), hit.start));
  if (before) {
    const wordStart = hit.start - before[0].length;
    const ahead = hit.text.slice(0, wordStart).trimEnd();
    // At a sentence's start the word before may be an ordinary one with its capital ("The", "Yesterday").
    const opens = ahead.length === 0 || /[.!?:;"“”([]$/.test(ahead);
    if ((!opens || !OPENERS.test(before[1] as string)) && !matchedAt(hit.text, wordStart)) return true;
  }
  // (After a name of several words, a capitalised word may start the next: "Tinder Ventures" is tested, "App Store Connect" not.)
  if (/\s/.test(hit.text.slice(hit.start, hit.end).trim())) return false;
  // A lone capital letter after it is a series or grade ("Series C"), not the name alone.
  if (/^\s+\p{Lu}\b/u.test(hit.text.slice(hit.end, hit.end + 4))) return true;
  // (An acronym after it, "Apple CEO", is not part of a name.)
  const after = /^\s+(\p{Lu}\p{Ll}[\p{L}-]*)/u.exec(hit.text.slice(hit.end, hit.end + 40));
  if (
    after &&
    !VERSION_AFTER.test(hit.text.slice(hit.end, hit.end + 8)) &&
    !matchedAt(hit.text, hit.end + after[0].length - (after[1] as string).length)
  ) {
    return true;
  }
  return false;
}

/**
 * For a product's name without its maker's or its family's ("Teams" for Microsoft Teams, "Haiku" for Claude
 * Haiku, "Atlas" for ChatGPT Atlas): the relative's name it leaves out ("microsoft", "claude", "chatgpt");
 * undefined otherwise ("Sequoia" for Sequoia Capital drops no relative's name, and is judged like any other
 * ambiguous name).
 */
function leftOut(hit: Hit, entity: Entity, entities: ReadonlyMap<string, Entity>, relatives: ReadonlySet<string>): string | undefined {
  const surface = hit.text.slice(hit.start, hit.end).toLowerCase();
  const name = entity.name.toLowerCase();
  if (name === surface || !name.includes(surface)) return undefined;
  const missing = name.replace(surface, ' ').replace(/\s+/g, ' ').trim();
  for (const id of relatives) if (entities.get(id)?.name.toLowerCase() === missing) return missing;
  return undefined;
}

/** A version or model code after a product's name ("iOS 13", "iPhone XS", "Pi 3"): it names one release, not the line. */
const RELEASE_AFTER = /^[\s-]?(?:\d|(?:X|XS|XR|SE|S\d+)\b)/;

/** Link text and handles ("pic.twitter.com/…", "twitter.com/OpenAI", "@Google"): an address, not a mention. */
function inAddress(hit: Hit): boolean {
  const before = hit.text.slice(Math.max(0, hit.start - 60), hit.start);
  const after = hit.text.slice(hit.end, hit.end + 60);
  const token = (/\S*$/.exec(before)?.[0] ?? '') + hit.text.slice(hit.start, hit.end) + (/^\S*/.exec(after)?.[0] ?? '');
  return /^@|^(?:https?:\/\/|www\.|pic\.)|\.[a-z]{2,}\//i.test(token);
}

/**
 * An ambiguous one-word name that is part of a longer word or name: a hyphenated compound ("Meta-analysis",
 * "X-ray", "Jean-Claude"; "Amazon-backed" and the like stay), or a single letter after a name or beside other
 * letters ("Malcolm X", "iPhone X", "X, Y and Z").
 */
function partOfCompound(hit: Hit): boolean {
  const surface = hit.text.slice(hit.start, hit.end);
  if (/\s/.test(surface.trim())) return false;
  const after = hit.text.slice(hit.end, hit.end + 100);
  const compound = /^-(\p{L}+)/u.exec(after);
  if (compound && !/(?:ed|like|style|sized|only|first|centric|friendly|specific|exclusive|compatible|esque)$/i.test(compound[1] as string))
    return true;
  const before = hit.text.slice(Math.max(0, hit.start - 100), hit.start);
  if (/\p{Lu}\p{Ll}+-$/u.test(before)) return true;
  if (surface.length === 1) {
    const word = /(?<![\p{L}\p{N}])([\p{L}\p{N}]+)\s+$/u.exec(before)?.[1];
    if (word && /\p{Lu}/u.test(word) && !OPENERS.test(word)) return true;
    // "the X makes more sense": a letter after an article is a thing's short name, not the company.
    if (
      /(?<![\p{L}\p{N}])(?:[Tt]he|an?|An?)\s+$/u.test(before) &&
      !/^(?:'s)?\s+(?:app|platform|account|feed|post|posts|CEO|team)\b/.test(after)
    )
      return true;
    if (/^,?\s+(?:(?:and|or)\s+)?\p{Lu}\b/u.test(after) || /(?<![\p{L}\p{N}])\p{Lu},?\s+(?:(?:and|or)\s+)?$/u.test(before)) return true;
  }
  return false;
}

/** Capitalised words after a company's name that say who, not what: "Google President …", "Amazon Group". */
const ROLE_AFTER =
  /^(?:President|Chief|Vice|Executive|Chair\w*|Founder|Co-?founder|Director|Head|Senior|General|Managing|Partner|Principal|Fellow|Corp\w*|Inc|Ltd|LLC|Co|Group|Holdings|Technologies|International)\b/;

/**
 * A company's name that starts a longer name of two or more capitalised words the gazetteer does not hold
 * ("AWS Simple Queue Service", "Amazon Echo Dot"): the product is what the words name. (One word after it,
 * "Intel Core i7", "AMD Polaris GPU", is too often the maker named with its product to say.)
 */
function makerOfLongerName(hit: Hit, matchedAt: (text: string, offset: number) => boolean): boolean {
  if (/\s/.test(hit.text.slice(hit.start, hit.end).trim()) || isTitleCase(hit.text)) return false;
  const after = /^\s+(\p{Lu}\p{Ll}[\p{L}-]*)\s+\p{Lu}\p{Ll}/u.exec(hit.text.slice(hit.end, hit.end + 60));
  if (!after || ROLE_AFTER.test(after[1] as string)) return false;
  return !matchedAt(hit.text, hit.end + after[0].indexOf(after[1] as string));
}

/** How far around a name its other sense's words are looked for, in characters. */
const SENSE_WINDOW = 80;
const otherSenseWords = new WeakMap<Entity, RegExp | null>();

/** A word of the name's other sense near it ("Amazon" by "river"): it is that other thing. */
function otherSenseNear(hit: Hit, entity: Entity): boolean {
  let words = otherSenseWords.get(entity);
  if (words === undefined) {
    const list = entity.newsSense?.otherSense ?? [];
    words =
      list.length > 0
        ? new RegExp(
            `(?<![\\p{L}\\p{N}])(?:${list.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}\\p{N}])`,
            'iu',
          )
        : null;
    otherSenseWords.set(entity, words);
  }
  if (!words) return false;
  return (
    words.test(hit.text.slice(Math.max(0, hit.start - SENSE_WINDOW), hit.start)) ||
    words.test(hit.text.slice(hit.end, hit.end + SENSE_WINDOW))
  );
}

/** Entity types that vouch for each other in a list: organisations, things made, publications, people, rule-makers. */
const KINDS: EntityType[][] = [
  ['company', 'lab', 'investor', 'organization'],
  ['model', 'product'],
  ['outlet'],
  ['person'],
  ['regulator', 'government', 'law'],
];
const sameKind = (a: EntityType, b: EntityType): boolean => KINDS.some((kind) => kind.includes(a) && kind.includes(b));

/** What stands between two members of a list: "Amazon, Microsoft and Google", "Apple or Google", "Apple/Google". */
const LIST_GAP = /^(?:'s)?\s*(?:,\s*(?:(?:and|or)\s+)?|\s(?:and|or|&)\s+|\/)$/;

/** "April 14 (Reuters) -": a wire service's dateline names the source, not a subject of the story. */
function isDateline(hit: Hit, entity: Entity): boolean {
  return entity.type === 'outlet' && hit.start < 60 && hit.text[hit.start - 1] === '(' && /^\)\s*[-–—]/.test(hit.text.slice(hit.end));
}

/**
 * The publication's own name on its own pages is a byline, not a mention: on the site the page is on, and on the
 * one its canonical address names (a syndicated story: Time's, read on fortune.com, is Fortune's page all the same).
 */
function isOwnSite(entity: Entity, pageHosts: readonly string[]): boolean {
  if (entity.type !== 'outlet' || entity.homepage === undefined) return false;
  const own = hostOf(entity.homepage);
  return pageHosts.some((host) => host !== '' && host === own);
}

/**
 * Central: a weight of at least CENTRAL_WEIGHT (a mention in the headline or lede, or two in the body) and
 * at least 1/CENTRAL_SHARE of the top entity's; at most MAX_CENTRAL of them.
 */
const CENTRAL_WEIGHT = 2;
const CENTRAL_SHARE = 4;
const MAX_CENTRAL = 6;

/** How much of the article its words are compared by: the headline, the lede and the first paragraphs. */
const MAX_LEAD_CHARS = 2000;
const BODY_BLOCKS = 4;
const MAX_BODY_CHARS = 4000;

/** The first day a page's own date is believed from: no news page on the web is older. */
const FIRST_DAY = '1990-01-01';
const DAY_MS = 86_400_000;

/**
 * A date or date-time as its calendar day in UTC (one without an offset is in UTC: `parseInstant`), or undefined when
 * it is no day a page could be published on: a real day (YYYY-MM-DD) from FIRST_DAY to tomorrow by `now` (a page
 * dated by its own zone may be a day ahead of UTC). The date is the page's to write: "-271821-04-20" and "Jan 1 10000" parse, but as days "-271821-04"
 * and "+010000-01", which the archive can neither compare with its own days nor count from.
 */
export function dayOf(date: string | undefined, now = new Date()): string | undefined {
  if (!date) return undefined;
  // V8 reads "2026-02-30" as 2 March: a day that is none is no date, not another one.
  const written = /^\s*(\d{4}-\d{2}-\d{2})/.exec(date)?.[1];
  const time = written && !isRealDay(written) ? Number.NaN : parseInstant(date);
  if (Number.isNaN(time)) return undefined;
  const day = new Date(time).toISOString().slice(0, 10);
  const tomorrow = new Date(now.getTime() + DAY_MS).toISOString().slice(0, 10);
  return isRealDay(day) && day >= FIRST_DAY && day <= tomorrow ? day : undefined;
}

/**
 * Each entity's children, by parent id, for one gazetteer. Kept per entities map: built afresh for every
 * call it walked all the entities each time, most of a short text's analysis (a feed's 100 headlines,
 * `npm run bench`); the worker's map changes only by being replaced, so the cache never goes stale.
 */
const childrenCache = new WeakMap<ReadonlyMap<string, Entity>, ReadonlyMap<string, string[]>>();
function childrenOf(entities: ReadonlyMap<string, Entity>): ReadonlyMap<string, string[]> {
  let children = childrenCache.get(entities);
  if (!children) {
    const made = new Map<string, string[]>();
    for (const entity of entities.values()) {
      if (entity.parent) made.set(entity.parent, [...(made.get(entity.parent) ?? []), entity.id]);
    }
    children = made;
    childrenCache.set(entities, children);
  }
  return children;
}

/**
 * The mentions of several matchers as one would give them: leftmost first, the longest at a place, none overlapping
 * (a feed's "Anthropic Academy" is one mention, not also "Anthropic" inside it), as each matcher does alone.
 */
function leftmostLongest(mentions: RawMention[]): RawMention[] {
  const kept: RawMention[] = [];
  let taken = 0;
  for (const mention of mentions.sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (mention.start < taken) continue;
    kept.push(mention);
    taken = mention.end;
  }
  return kept;
}

/**
 * `matcher`: the bundled gazetteer's, or it and the small one compiled for entities that feeds brought
 * since (lib/sync/synced-matcher.ts): each text is scanned by each. `now`: the clock the page's date is checked by.
 */
export function analyzeArticle(
  input: ArticleInput,
  matcher: Matcher | readonly Matcher[],
  entities: ReadonlyMap<string, Entity>,
  now = new Date(),
): ArticleAnalysis {
  const published = dayOf(input.published, now);
  // No usable address (''): the own-site rule just does not apply.
  const pageHosts = [hostOf(input.url), hostOf(input.page ?? '')];
  const matchers: readonly Matcher[] = Array.isArray(matcher) ? matcher : [matcher as Matcher];
  const find = (text: string) =>
    matchers.length === 1 ? findMentions(text, matchers[0] as Matcher) : leftmostLongest(matchers.flatMap((m) => findMentions(text, m)));
  const hits: Hit[] = input.blocks.flatMap((text, block) => find(text).map((m) => ({ ...m, block, text })));
  const contextHits: Hit[] = (input.context ?? []).flatMap((text) => find(text).map((m) => ({ ...m, block: -1, text })));

  const children = childrenOf(entities);

  const relatives = new Map<string, Set<string>>();
  const relativesFor = (id: string): Set<string> => {
    let set = relatives.get(id);
    if (!set) {
      set = relativesOf(id, entities, children);
      relatives.set(id, set);
    }
    return set;
  };

  const usable = (hit: Hit): boolean => {
    const entity = entities.get(hit.entityId);
    return entity !== undefined && !isDateline(hit, entity) && !isOwnSite(entity, pageHosts);
  };
  const all = [...hits, ...contextHits].filter(usable);
  // Evidence: a name that stands on its own (unambiguous, or ambiguous with a cue or a multi-word exact name).
  const starts = new Map<string, Set<number>>();
  for (const hit of all) {
    const set = starts.get(hit.text) ?? new Set<number>();
    set.add(hit.start);
    starts.set(hit.text, set);
  }
  const matchedAt = (text: string, offset: number): boolean => starts.get(text)?.has(offset) ?? false;
  const vetoed = new Set(
    all.filter((hit) => {
      const entity = entities.get(hit.entityId) as Entity;
      if (inAddress(hit)) return true;
      // A release of a product line is not the line, unless the gazetteer lists it as an alias ("Alexa+"). A model
      // family's versions belong to it ("Gemini 2.5"), and an event's year names an edition of it ("Disrupt 2026").
      if (entity.type === 'product' && RELEASE_AFTER.test(hit.text.slice(hit.end, hit.end + 6))) return true;
      if (!hit.ambiguous) return (entity.type === 'company' || entity.type === 'lab') && makerOfLongerName(hit, matchedAt);
      return insideAnotherName(hit, matchedAt) || partOfCompound(hit) || otherSenseNear(hit, entity);
    }),
  );
  // On the default news sites, a big name's usual sense holds without other evidence (neutral elsewhere).
  const newsSite = siteOfHost(hostOf(input.page ?? input.url)) !== undefined;
  // A short form ("Teams") stands alone only by the long form elsewhere, or by the words it leaves out
  // being a relative's name that the article uses ("Haiku" with "Claude" named); cues do not vouch for it.
  const standsAlone = (hit: Hit): boolean => {
    if (vetoed.has(hit)) return false;
    const surface = hit.text.slice(hit.start, hit.end);
    if (!hit.ambiguous || /\s/.test(surface.trim())) return true;
    const entity = entities.get(hit.entityId) as Entity;
    if (newsSite && entity.newsSense?.names.includes(surface)) return true;
    return leftOut(hit, entity, entities, relativesFor(hit.entityId)) === undefined && hasCue(hit, entity);
  };
  const alone = new Set(all.filter(standsAlone));
  // A list vouches for its members: "Amazon, Microsoft and Google" names three companies when one stands alone.
  const byText = new Map<string, Hit[]>();
  for (const hit of all) {
    const list = byText.get(hit.text);
    if (list) list.push(hit);
    else byText.set(hit.text, [hit]);
  }
  for (let grew = true; grew; ) {
    grew = false;
    for (const list of byText.values()) {
      list.forEach((hit, i) => {
        const entity = entities.get(hit.entityId) as Entity;
        // (A short form still needs its long form or the relative it leaves out: "Atlas" beside Instagram is not ChatGPT's.)
        if (alone.has(hit) || vetoed.has(hit) || leftOut(hit, entity, entities, relativesFor(hit.entityId)) !== undefined) return;
        const type = entity.type;
        const vouched = [list[i - 1], list[i + 1]].some((other) => {
          if (!other || !alone.has(other) || !sameKind(type, (entities.get(other.entityId) as Entity).type)) return false;
          const [a, b] = other.start < hit.start ? [other, hit] : [hit, other];
          return LIST_GAP.test(hit.text.slice(a.end, b.start));
        });
        if (vouched) {
          alone.add(hit);
          grew = true;
        }
      });
    }
  }
  const sure = new Set([...alone].map((hit) => hit.entityId));
  const sureNames = new Set([...sure].map((id) => entities.get(id)?.name.toLowerCase()));
  // ...or, for a name that is not a short form, a relative named for sure elsewhere in the article.
  const relativeSure = new Map<string, boolean>();
  const accepted = (hit: Hit): boolean => {
    if (!usable(hit) || vetoed.has(hit)) return false;
    if (alone.has(hit) || sure.has(hit.entityId)) return true;
    const missing = leftOut(hit, entities.get(hit.entityId) as Entity, entities, relativesFor(hit.entityId));
    if (missing !== undefined) return sureNames.has(missing);
    let known = relativeSure.get(hit.entityId);
    if (known === undefined) {
      known = [...relativesFor(hit.entityId)].some((r) => sure.has(r));
      relativeSure.set(hit.entityId, known);
    }
    return known;
  };
  const kept = hits.filter(accepted);
  // Names in the structured data count as mentioned (a paywalled article's context rests on them), unmarked.
  const fromContext = contextHits.filter(accepted);

  const spotted = new Map<string, SpottedEntity>();
  for (const m of [...kept, ...fromContext]) {
    const entity = entities.get(m.entityId) as Entity;
    let entry = spotted.get(entity.id);
    if (!entry) {
      entry = {
        id: entity.id,
        name: entity.name,
        type: entity.type,
        description: entity.description,
        count: 0,
        weight: 0,
        central: false,
        surfaces: [],
      };
      spotted.set(entity.id, entry);
    }
    entry.count++;
    entry.weight += LEAD_WEIGHT[m.block] ?? 1;
    const surface = m.text.slice(m.start, m.end);
    if (!entry.surfaces.includes(surface)) entry.surfaces.push(surface);
  }
  const ordered = [...spotted.values()].sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name));
  const bar = Math.max(CENTRAL_WEIGHT, (ordered[0]?.weight ?? 0) / CENTRAL_SHARE);
  ordered.forEach((entity, i) => {
    entity.central = i < MAX_CENTRAL && entity.weight >= bar;
  });
  return {
    url: input.url,
    ...(input.page ? { page: input.page } : {}),
    title: input.title,
    ...(published ? { published } : {}),
    headline: (input.blocks[0] ?? input.title).slice(0, MAX_LEAD_CHARS),
    lede: (input.blocks[1] ?? '').slice(0, MAX_LEAD_CHARS),
    body: input.blocks
      .slice(2, 2 + BODY_BLOCKS)
      .join('\n')
      .slice(0, MAX_BODY_CHARS),
    entities: ordered,
    mentions: kept.map(({ entityId, block, start, end }) => ({ entityId, block, start, end })),
    ...(input.readWords !== undefined ? { readWords: input.readWords } : {}),
  };
}

/** How many pieces of structured-data evidence an article may send, and how long each. */
export const MAX_CONTEXT_ITEMS = 50;
export const MAX_CONTEXT_CHARS = 20_000;

/** The most text one article may send: beyond it the page is refused with a clear error. */
export const MAX_INPUT_CHARS = 1_000_000;

const Texts = v.array(v.pipe(v.string(), v.maxLength(MAX_INPUT_CHARS)));
const ArticleInputSchema = v.object({
  url: v.pipe(v.string(), v.maxLength(4096)),
  page: v.optional(v.pipe(v.string(), v.maxLength(4096))),
  title: v.pipe(v.string(), v.maxLength(2000)),
  published: v.optional(v.pipe(v.string(), v.maxLength(64))),
  blocks: v.pipe(
    Texts,
    // The read budget's 20,000 text nodes (READ_BUDGET, lib/extract/read-steps.ts), and the title standing in as
    // block 0 on a page without a headline element: a page read to its budget is never refused for one block.
    v.maxLength(20_001),
    v.check((blocks) => blocks.reduce((n, b) => n + b.length, 0) <= MAX_INPUT_CHARS, 'the article is too large to read'),
  ),
  context: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(MAX_CONTEXT_CHARS))), v.maxLength(MAX_CONTEXT_ITEMS))),
  readWords: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

/** Checks what a content script sent (page text is data from the page, so it is checked where it enters). */
export function parseArticleInput(data: unknown): ArticleInput {
  const result = v.safeParse(ArticleInputSchema, data);
  if (!result.success) throw new Error(`Bad article: ${result.issues[0]?.message ?? 'invalid'}`);
  return result.output;
}
