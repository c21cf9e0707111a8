/**
 * News feed benchmark hooks, compiled into the worker only in a bench build: a news feed's page read,
 * cleaned and spotted by the worker's own code with the bundled gazetteer; and headlines applied through
 * the archive's write path against a bare idb put loop of the same records in the same batches.
 */
import { unwrap } from 'idb';
import type { ArchiveDatabase } from '../../lib/archive/db';
import { applyHeadlines, DEFAULT_RETENTION, type HeadlineInput, headlineDoc, mergeHeadline } from '../../lib/archive/headlines';
import { type ArchiveDocument, parseArchiveDocument } from '../../lib/archive/schema';
import { HEADLINE_COUNT } from '../../lib/archive/store';
import type { IndexChange } from '../../lib/archive/term-stats';
import { compileMatcher, patternsOf } from '../../lib/entities/matcher';
import { parseNewsFeed } from '../../lib/sync/news-feed';
import { spotHeadline } from '../../lib/sync/news-spot';

const PAGE = 100;

/** n synthetic headlines on the bundled archive's names, dated over two years before `now`. */
function headlines(n: number, doc: ArchiveDocument, now: Date): HeadlineInput[] {
  const ids = doc.entities.map((e) => e.id);
  return Array.from({ length: n }, (_, i) => ({
    url: `https://news.example/${i}/story-${i}?utm_source=rss`,
    headline: `Headline ${i} about ${doc.entities[i % doc.entities.length]?.name}`,
    outlet: 'Bench News',
    published: new Date(now.getTime() - (n - i) * 3_600_000).toISOString(),
    summary: `Summary ${i}: what happened, in a sentence or two of plain text.`,
    entities: [ids[i % ids.length] as string, ids[(i * 7) % ids.length] as string],
    termText: `headlin ${i} summari happen sentenc plain text`,
  }));
}

export function createNewsBenchHooks(fresh: (name: string) => Promise<ArchiveDatabase>, loadSnapshot: () => Promise<unknown>) {
  let gazetteer: Promise<{ doc: ArchiveDocument; matcher: ReturnType<typeof compileMatcher> }> | undefined;
  const load = () => {
    gazetteer ??= loadSnapshot().then((raw) => {
      const parsed = parseArchiveDocument(raw);
      if (!parsed.ok) throw new Error(parsed.issues.join('; '));
      return { doc: parsed.value, matcher: compileMatcher(patternsOf(parsed.value.entities)) };
    });
    return gazetteer;
  };
  return {
    /** A news feed's text parsed, cleaned (HTML to text) and spotted, `runs` times; ms each, and the entries. */
    async newsPage(text: string, runs: number): Promise<{ times: number[]; entries: number; spotted: number }> {
      const { doc, matcher } = await load();
      const entities = new Map(doc.entities.map((e) => [e.id, e]));
      const times: number[] = [];
      let entries = 0;
      let spotted = 0;
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        const parsed = parseNewsFeed(text, 'https://techcrunch.com/feed/', new Date());
        if (!parsed.ok) throw new Error(parsed.error);
        const ready = parsed.value.entries.map((entry) => spotHeadline({ ...entry, outlet: 'TechCrunch' }, matcher, entities));
        times.push(performance.now() - start);
        entries = ready.length;
        spotted = ready.filter((h) => h.entities.length > 0).length;
      }
      return { times, entries, spotted };
    },
    /**
     * n headlines applied in pages of 100 through the archive's write path (merge, curated link, retention);
     * headlines/s. `again`: the same pages applied a second time, and that timed (every headline held: merges).
     */
    async applyHeadlines(name: string, n: number, again = false): Promise<number> {
      const { doc } = await load();
      const target = await fresh(name);
      const now = new Date();
      const all = headlines(n, doc, now);
      let ms = 0;
      for (const timed of again ? [false, true] : [true]) {
        for (let i = 0; i < n; i += PAGE) {
          const start = performance.now();
          await applyHeadlines(target, {
            feedUrl: 'https://news.example/rss',
            headlines: all.slice(i, i + PAGE),
            now,
            retention: DEFAULT_RETENTION,
          });
          if (timed) ms += performance.now() - start;
        }
      }
      target.close();
      return n / (ms / 1000);
    },
    /**
     * The same records put with a bare idb loop in the same batches, nothing read or checked: the headlines, the
     * count, and the search queue's record of their index changes (each new headline's place); headlines/s.
     */
    async bareHeadlines(name: string, n: number): Promise<number> {
      const { doc } = await load();
      const target = await fresh(name);
      const now = new Date();
      const all = headlines(n, doc, now);
      let ms = 0;
      for (let i = 0; i < n; i += PAGE) {
        const start = performance.now();
        const tx = target.transaction(['headlines', 'meta', 'searchQueue'], 'readwrite', { durability: 'relaxed' });
        const store = unwrap(tx.objectStore('headlines'));
        const changes: IndexChange[] = [];
        for (const input of all.slice(i, i + PAGE)) {
          const record = mergeHeadline(undefined, input, 'https://news.example/rss', now);
          if (!record) continue;
          store.put(record);
          const after = headlineDoc(record);
          if (after) changes.push({ kind: 'headline', id: record.key, after });
        }
        unwrap(tx.objectStore('meta')).put({ headlines: Math.min(n, i + PAGE) }, HEADLINE_COUNT);
        if (changes.length > 0) unwrap(tx.objectStore('searchQueue')).add({ changes });
        await tx.done;
        ms += performance.now() - start;
      }
      target.close();
      return n / (ms / 1000);
    },
  };
}
