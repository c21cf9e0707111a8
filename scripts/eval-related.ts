/**
 * `npm run eval:related`: how good the panel's items are, on blind labels over real TechCrunch headlines and
 * ledes in ../shared/corpus: the development set the floor was tuned on (tests/related-labels.json) and, apart,
 * the held-out set labelled later and never tuned on (tests/related-labels-heldout.json, when present). Each article
 * is read by the real archive service on an archive without its own item and without every item dated on
 * or after it (the reader's article is newer than the archive), as the panel would show it. Prints, over
 * the first five items a panel shows (the borrowed lead, then the closest stories, then the earlier ones):
 * precision (relevant; relevant or loosely related), recall of the relevant items, the share of panels
 * showing a relevant item where one exists, and whether each borrowed lead is right. `--verbose` lists
 * every panel. Skips, saying so, when the corpus is absent.
 */
import 'fake-indexeddb/auto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createArchiveConnection } from '../lib/archive/db';
import { parseArchiveDocument } from '../lib/archive/schema';
import { createArchiveService } from '../lib/archive/service';
import { dayOf } from '../lib/entities/analysis';
import type { PanelContext } from '../lib/related/panel';
import { readSnapshotSource } from './lib/snapshot-source';

const CORPUS = new URL('../../shared/corpus/', import.meta.url).pathname;
const LABEL_SETS = [
  { name: 'development', file: new URL('../tests/related-labels.json', import.meta.url).pathname },
  { name: 'held out', file: new URL('../tests/related-labels-heldout.json', import.meta.url).pathname },
  { name: 'second held out', file: new URL('../tests/related-labels-heldout2.json', import.meta.url).pathname },
  { name: 'third held out', file: new URL('../tests/related-labels-heldout3.json', import.meta.url).pathname },
].filter((set) => existsSync(set.file));
const verbose = process.argv.includes('--verbose');

if (!existsSync(CORPUS)) {
  console.log(`notice: ${CORPUS} is absent: the relevance evaluation reads the articles' text there, so it is skipped.`);
  process.exit(0);
}

interface Labelled {
  url: string;
  published: string;
  relevant: string[];
  loose: string[];
  own: string | null;
  lead: string[];
}
const corpus = new Map(
  readFileSync(join(CORPUS, 'techcrunch-ai-2026.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { url: string; title: string; lede: string; published: string })
    .map((row) => [row.url, row]),
);
const parsed = parseArchiveDocument(readSnapshotSource());
if (!parsed.ok) throw new Error(parsed.issues.join('\n'));
const archive = parsed.value;

/** The items a panel shows, in the order a reader meets them, each once. */
export function shownItems(context: PanelContext): string[] {
  const ids = [
    ...(context.lead?.kind === 'borrowed' ? [context.lead.item.id] : []),
    ...context.closest.map((r) => r.item.id),
    ...context.earlier.map((r) => r.item.id),
  ];
  return [...new Set(ids)];
}

const FIRST = 5;
let n = 0;

async function evaluate(setName: string, file: string): Promise<void> {
  const labels = JSON.parse(readFileSync(file, 'utf8')) as { articles: Labelled[] };
  const total = {
    shown: 0,
    relevant: 0,
    loose: 0,
    visibleRelevant: 0,
    foundRelevant: 0,
    withRelevant: 0,
    hit: 0,
    panels: 0,
    empty: 0,
    emptyRight: 0,
  };
  const leads = { shown: 0, right: 0, wrong: [] as string[], missed: 0 };
  for (const label of labels.articles) {
    const row = corpus.get(label.url);
    if (!row) {
      console.log(`notice: ${label.url} is not in the corpus; skipped`);
      continue;
    }
    const day = dayOf(row.published) ?? label.published.slice(0, 10);
    const hidden = new Set(archive.items.filter((item) => item.published >= day || item.id === label.own).map((item) => item.id));
    const doc = { ...archive, items: archive.items.filter((item) => !hidden.has(item.id)) };
    const name = `eval-related-${n++}`;
    const service = createArchiveService(createArchiveConnection(name), {
      snapshotId: name,
      loadSnapshot: async () => doc,
      now: () => new Date(`${day}T23:00:00Z`),
    });
    const analysis = await service.analyze({ url: row.url, title: row.title, published: row.published, blocks: [row.title, row.lede] });
    const context = await service.panelContext(analysis);
    const first = shownItems(context).slice(0, FIRST);
    const relevant = new Set(label.relevant.filter((id) => !hidden.has(id)));
    const loose = new Set(label.loose.filter((id) => !hidden.has(id)));
    const gotRelevant = first.filter((id) => relevant.has(id)).length;
    const gotLoose = first.filter((id) => loose.has(id)).length;
    total.panels++;
    total.shown += first.length;
    total.relevant += gotRelevant;
    total.loose += gotLoose;
    total.visibleRelevant += relevant.size;
    total.foundRelevant += gotRelevant;
    if (first.length === 0) {
      total.empty++;
      if (relevant.size === 0) total.emptyRight++;
    }
    if (relevant.size > 0) {
      total.withRelevant++;
      if (gotRelevant > 0) total.hit++;
    }
    const acceptable = new Set(label.lead.filter((id) => !hidden.has(id)));
    if (context.lead?.kind === 'borrowed') {
      leads.shown++;
      if (acceptable.has(context.lead.item.id)) leads.right++;
      else leads.wrong.push(`${row.title} ← ${context.lead.item.title}`);
    } else if (acceptable.size > 0) leads.missed++;
    if (verbose) {
      console.log(`\n${day} ${row.title}`);
      console.log(`  entities: ${analysis.entities.map((e) => `${e.name}${e.central ? '*' : ''}`).join(', ')}`);
      console.log(`  relevant (visible): ${[...relevant].join(', ') || '—'}; loose: ${[...loose].join(', ') || '—'}`);
      for (const id of first) {
        const mark = relevant.has(id) ? 'R' : loose.has(id) ? 'l' : '✗';
        const why = [...context.closest, ...context.earlier].find((r) => r.item.id === id);
        console.log(`  ${mark} ${id}${why ? `  [${why.why.join(', ')} | ${why.words.join(', ')}]` : ' [lead]'}`);
      }
    }
  }

  const ratio = (a: number, b: number) => (b === 0 ? '—' : (a / b).toFixed(3));
  console.log(
    `\nrelated, ${setName} set: ${total.panels} articles labelled blind (${file.split('/').slice(-2).join('/')}), each on the archive before its date`,
  );
  console.log(
    `  items shown in the first ${FIRST}: ${total.shown} (${total.empty} panels show none; ${total.emptyRight} of those rightly, nothing relevant existed)`,
  );
  console.log(`  precision@${FIRST}, relevant:           ${ratio(total.relevant, total.shown)}`);
  console.log(`  precision@${FIRST}, relevant or loose:  ${ratio(total.relevant + total.loose, total.shown)}`);
  console.log(
    `  recall@${FIRST} of relevant items:      ${ratio(total.foundRelevant, total.visibleRelevant)} (${total.foundRelevant} of ${total.visibleRelevant})`,
  );
  console.log(
    `  panels with a relevant item shown, where one exists: ${ratio(total.hit, total.withRelevant)} (${total.hit} of ${total.withRelevant})`,
  );
  console.log(
    `  borrowed leads: ${leads.shown} shown, ${leads.right} right, ${leads.wrong.length} wrong; ${leads.missed} panels without the lead a label allowed`,
  );
  for (const wrong of leads.wrong) console.log(`    wrong lead: ${wrong}`);
}

for (const set of LABEL_SETS) await evaluate(set.name, set.file);
