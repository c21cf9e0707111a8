/**
 * `npm run archive:check`: validates the bundled snapshot (schema, ids, references, aliases, dates,
 * coverage, corpus citations, entities named, signals past their date) and prints `N entities, M items`
 * with the coverage rows by where they were checked and the signals by status. Exits 1 on any problem.
 * Today's date comes from the clock, or from ARCHIVE_TODAY (YYYY-MM-DD) to check as of another day.
 */
import { existsSync, readFileSync } from 'node:fs';
import { checkIntegrity } from '../lib/archive/integrity';
import { parseArchiveDocument } from '../lib/archive/schema';
import { archiveJsonSchemaText, FEED_SCHEMA_FILE, feedJsonSchemaText, JSON_SCHEMA_FILE } from './lib/json-schema';
import { readSnapshotSource } from './lib/snapshot-source';

const CORPUS = new URL('../../shared/corpus/techcrunch-ai-2026.jsonl', import.meta.url).pathname;
const RECALL_SHARE_MAX = 0.2;

function fail(lines: string[]): never {
  for (const line of lines.slice(0, 60)) console.error(`  ${line}`);
  if (lines.length > 60) console.error(`  ... and ${lines.length - 60} more`);
  console.error(`archive:check: ${lines.length} problem(s)`);
  process.exit(1);
}

let source: Record<string, unknown>;
try {
  source = readSnapshotSource();
} catch (error) {
  fail([(error as Error).message]);
}
const parsed = parseArchiveDocument(source);
if (!parsed.ok) fail(parsed.issues);
const doc = parsed.value;

const today = process.env.ARCHIVE_TODAY ?? new Date().toISOString().slice(0, 10);
if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) fail([`ARCHIVE_TODAY must be a date, YYYY-MM-DD: ${today}`]);
const problems = checkIntegrity(doc, today);

const rows = doc.items.flatMap((item) => item.coverage.map((row) => ({ item, row })));
const byChecked = new Map<string, number>();
for (const { row } of rows) byChecked.set(row.checked, (byChecked.get(row.checked) ?? 0) + 1);
const recall = byChecked.get('recall') ?? 0;
if (recall > rows.length * RECALL_SHARE_MAX) {
  problems.push(`${recall} of ${rows.length} coverage rows rest on recall alone: at most a fifth may`);
}

if (existsSync(CORPUS)) {
  const urls = new Set(
    readFileSync(CORPUS, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { url: string }).url),
  );
  for (const { item, row } of rows) {
    if (row.checked !== 'corpus') continue;
    if (row.url === undefined || !urls.has(row.url)) {
      problems.push(`item ${item.id}: corpus citation ${row.url ?? '(no url)'} is not in the corpus`);
    }
  }
} else {
  console.log(`notice: ${CORPUS} is absent; corpus citations were not checked`);
}

if (!existsSync(JSON_SCHEMA_FILE) || readFileSync(JSON_SCHEMA_FILE, 'utf8') !== archiveJsonSchemaText()) {
  problems.push('docs/archive.schema.json is not what the schema in code generates: run "npm run archive:schema"');
}
if (!existsSync(FEED_SCHEMA_FILE) || readFileSync(FEED_SCHEMA_FILE, 'utf8') !== feedJsonSchemaText()) {
  problems.push('docs/feed.schema.json is not what the feed schema in code generates: run "npm run archive:schema"');
}

if (problems.length > 0) fail(problems);
const counts = [...byChecked]
  .sort()
  .map(([k, n]) => `${k} ${n}`)
  .join(', ');
console.log(`${doc.entities.length} entities, ${doc.items.length} items`);
console.log(`coverage rows: ${rows.length} (${counts}); ${rows.filter(({ row }) => row.description).length} marked as descriptions`);
const signals = doc.items.flatMap((item) => item.signals);
const status = (s: string) => signals.filter((signal) => signal.status === s).length;
const pastDue = signals.filter((signal) => signal.status === 'open' && signal.by < today);
console.log(
  `signals: ${signals.length} (confirmed ${status('confirmed')}, refuted ${status('refuted')}, open ${status('open')}, ` +
    `of which ${pastDue.length} past their date as of ${today}, each with its note)`,
);
console.log(`entities listed by items: ${doc.items.reduce((n, item) => n + item.entities.length, 0)}, each named in its item`);
