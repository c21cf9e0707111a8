/**
 * What a feed sync's write transactions put, counted in Node on fake-indexeddb: bytes (as JSON) per write
 * transaction and per item, by store, of which the posting blocks; how many times a list's block keys were
 * read, and how many read-only transactions the slices made before their writes.
 * No browser and no clock, so it does not move with the machine's load (the timings are bench-feed's): the
 * same synthetic pages as `npm run bench`'s feed rows. N items (3000), SLICE items a transaction (PAGE_SLICE).
 *
 *   N=10000 npx tsx scripts/write-bytes.ts
 */
import 'fake-indexeddb/auto';
import { openArchiveDb } from '../lib/archive/db';
import { applyFeedPage } from '../lib/archive/feed-apply';
import { putEntities } from '../lib/archive/store';
import { applyPages, feedPages } from './lib/bench-feed-hooks';
import { synthEntities } from './lib/synth-archive';

const N = Number(process.env.N ?? 3000);
const SLICE = process.env.SLICE ? Number(process.env.SLICE) : undefined;

const bytes = new Map<string, number>();
const records = new Map<string, number>();
for (const method of ['put', 'add'] as const) {
  const original = IDBObjectStore.prototype[method];
  IDBObjectStore.prototype[method] = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    bytes.set(this.name, (bytes.get(this.name) ?? 0) + (JSON.stringify(value)?.length ?? 0));
    records.set(this.name, (records.get(this.name) ?? 0) + 1);
    return original.call(this, value, key);
  };
}
const getAllKeys = IDBObjectStore.prototype.getAllKeys;
let keyReads = 0;
IDBObjectStore.prototype.getAllKeys = function (this: IDBObjectStore, ...args: Parameters<typeof getAllKeys>) {
  if (this.name === 'postings') keyReads++;
  return getAllKeys.apply(this, args);
};

// The read-only transactions a slice makes before its write (what it did not know already).
const transaction = IDBDatabase.prototype.transaction;
let readTransactions = 0;
IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<typeof transaction>) {
  if ((args[1] ?? 'readonly') === 'readonly') readTransactions++;
  return transaction.apply(this, args);
};

const db = await openArchiveDb(`write-bytes-${Date.now()}`);
await putEntities(db, synthEntities(2000));
bytes.clear();
records.clear();
await applyPages((write, session) => applyFeedPage(db, write, session), feedPages(N, 0, 2000, 100), 'write-bytes', SLICE);
db.close();
// Each write transaction of a slice adds one term-delta record.
const transactions = records.get('termDeltas') ?? 1;
const total = [...bytes.values()].reduce((a, b) => a + b, 0);
const postings = bytes.get('postings') ?? 0;
const kb = (n: number) => (n / 1000).toFixed(1);
const stores = [...bytes.keys()].sort((a, b) => (bytes.get(b) ?? 0) - (bytes.get(a) ?? 0));
const byStore = stores.map(
  (name) => `${name} ${kb((bytes.get(name) ?? 0) / transactions)} kB (${((records.get(name) ?? 0) / transactions).toFixed(1)} records)`,
);
console.log(`${N} items in ${transactions} write transactions. Per transaction, by store: ${byStore.join(', ')}.`);
console.log(
  `${N} items in ${transactions} write transactions. Per transaction: ${kb(total / transactions)} kB put, of which posting blocks ${kb(postings / transactions)} kB (${((records.get('postings') ?? 0) / transactions).toFixed(1)} blocks). Per item: ${(total / N / 1000).toFixed(2)} kB, of which posting blocks ${(postings / N / 1000).toFixed(2)} kB. Lists' block keys read: ${keyReads} times. Read-only transactions: ${readTransactions}.`,
);
