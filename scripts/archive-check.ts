/**
 * `npm run archive:check`: validates the bundled snapshot (schema, ids, references, aliases, dates,
 * coverage, corpus citations) and prints `N entities, M items` with the coverage rows by where they
 * were checked. Exits 1 on any problem.
 */
import { existsSync, readFileSync } from 'node:fs';
import { checkIntegrity } from '../lib/archive/integrity';
import { parseArchiveDocument } from '../lib/archive/schema';
import { archiveJsonSchemaText, JSON_SCHEMA_FILE } from './lib/json-schema';
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

const today = new Date().toISOString().slice(0, 10);
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

if (problems.length > 0) fail(problems);
const counts = [...byChecked]
  .sort()
  .map(([k, n]) => `${k} ${n}`)
  .join(', ');
console.log(`${doc.entities.length} entities, ${doc.items.length} items`);
console.log(`coverage rows: ${rows.length} (${counts})`);
