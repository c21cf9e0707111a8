/**
 * `npm run feed:build -- [--out DIR] [--key FILE] [--title TEXT]`: turns data/ (the same source the
 * bundled snapshot is built from) into a static feed: `index.json` and immutable pages under `pages/`.
 * With `--key` (or BACKSTORY_FEED_KEY_FILE) each page is signed with that Ed25519 private key (PKCS #8,
 * base64, as `npm run feed:keygen` writes it); the official feed must be signed. Publishing is copying
 * the folder to any static host (see the README).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseArchiveDocument } from '../lib/archive/schema';
import { publishFeed } from '../lib/sync/publish';
import { readSnapshotSource } from './lib/snapshot-source';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: '.output/feed' },
    key: { type: 'string' },
    title: { type: 'string', default: 'Backstory' },
  },
});

const keyFile = values.key ?? process.env.BACKSTORY_FEED_KEY_FILE;
const parsed = parseArchiveDocument(readSnapshotSource());
if (!parsed.ok) {
  console.error(`data/ is not a valid archive:\n${parsed.issues.slice(0, 10).join('\n')}`);
  process.exit(1);
}
const files = await publishFeed(parsed.value.entities, parsed.value.items, {
  title: values.title,
  // The data's own date, not the clock: the same data builds the same bytes, so the index's ETag holds.
  now: new Date(parsed.value.generated),
  ...(keyFile ? { privateKey: readFileSync(keyFile, 'utf8') } : {}),
});
const out = resolve(values.out);
for (const file of files) {
  const path = join(out, file.path);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, file.bytes);
}
console.log(`wrote ${files.length - 1} pages and index.json to ${out}${keyFile ? ', signed' : ' (unsigned: pass --key to sign)'}`);
