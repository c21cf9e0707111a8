/** Shared test material: the mini archive fixture, parsed, and a matcher built from it. */
import { readFileSync } from 'node:fs';
import type { StoreNames } from 'idb';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { type ArchiveDatabase, type ArchiveDB, openArchiveDb } from '../../lib/archive/db';
import { type ArchiveDocument, parseArchiveDocument } from '../../lib/archive/schema';
import { compileMatcher, patternsOf } from '../../lib/entities/matcher';
import { ALLOWED_SENDER, isEnvelope, type Result } from '../../lib/messaging/protocol';
import { createMessageListener, type Handlers } from '../../lib/messaging/server';
import { createSettingsHandlers } from '../../lib/settings/settings-worker';

export function miniArchive(): ArchiveDocument {
  const raw: unknown = JSON.parse(readFileSync(new URL('../fixtures/archive/mini.json', import.meta.url), 'utf8'));
  const parsed = parseArchiveDocument(raw);
  if (!parsed.ok) throw new Error(parsed.issues.join('\n'));
  return parsed.value;
}

export function miniMatcher() {
  const doc = miniArchive();
  return { matcher: compileMatcher(patternsOf(doc.entities)), entities: new Map(doc.entities.map((e) => [e.id, e])) };
}

/**
 * A database shaped as an older version left it, holding what `fill` writes with this build's code: written
 * into today's schema, then each store that version had copied record by record into one opened at it.
 */
export async function archiveAtVersion(version: number, fill: (db: ArchiveDatabase) => Promise<void>): Promise<ArchiveDatabase> {
  const scratch = await openArchiveDb(freshDbName());
  await fill(scratch);
  const old = await openArchiveDb(freshDbName(), undefined, version);
  for (const name of [...old.objectStoreNames] as StoreNames<ArchiveDB>[]) {
    const [keys, values] = await Promise.all([scratch.getAllKeys(name), scratch.getAll(name)]);
    const tx = old.transaction(name, 'readwrite');
    const inline = tx.store.keyPath !== null;
    for (const [i, value] of values.entries()) void (inline ? tx.store.put(value) : tx.store.put(value, keys[i]));
    await tx.done;
  }
  scratch.close();
  return old;
}

/** A fresh database name for each test, so tests never see each other's data. */
let counter = 0;
export function freshDbName(): string {
  counter += 1;
  return `backstory-test-${process.pid}-${counter}-${Math.random().toString(36).slice(2)}`;
}

/**
 * The worker's settings handlers behind the real message listener, on WXT's fake browser: the reader's lists
 * are written there only (lib/settings/one-writer.ts). The fake browser's sender has no address, so each message
 * comes as from the sender it is meant for (an extension page, or an article script in tab 1). `more`: other
 * handlers of the worker's, for a page that asks it for more than a change.
 */
export function fakeWorker(more: Partial<Handlers> = {}): void {
  const listener = createMessageListener({ ...createSettingsHandlers(), ...more } as Handlers, fakeBrowser.runtime.id);
  fakeBrowser.runtime.onMessage.addListener((message: unknown, _sender: unknown, sendResponse?: (reply: Result<unknown>) => void) => {
    const type = isEnvelope(message) ? message.type : undefined;
    const sender =
      type && ALLOWED_SENDER[type] === 'content-script'
        ? { id: fakeBrowser.runtime.id, url: 'https://techcrunch.com/article', tab: { id: 1 } as never }
        : { id: fakeBrowser.runtime.id, url: 'chrome-extension://backstory/popup.html' };
    return listener(message, sender, sendResponse);
  });
}
