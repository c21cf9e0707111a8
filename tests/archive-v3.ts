/**
 * What version 3 of the archive database looked like (the schema before news feeds' headlines), frozen
 * here so the upgrade from it stays tested after the code that wrote it has moved on: its stores and
 * indexes, created as version 3 created them, and the records it held. Self-contained (no imports), so
 * it runs as it is on fake-indexeddb or in an extension page.
 */
export interface Version3Records {
  name: string;
  entities: unknown[];
  /** Items as version 3 stored them: with `urlKey` and `termText`, without `coverageKeys`. */
  items: unknown[];
  postings: unknown[];
  /** Term buckets with their keys, and the meta records with theirs. */
  terms: [number, unknown][];
  meta: [string, unknown][];
}

export function writeVersion3({ name, entities, items, postings, terms, meta }: Version3Records): Promise<void> {
  return new Promise<void>((done, fail) => {
    const remove = indexedDB.deleteDatabase(name);
    remove.onerror = () => fail(remove.error);
    remove.onsuccess = () => {
      const open = indexedDB.open(name, 3);
      open.onupgradeneeded = () => {
        const db = open.result;
        const entityStore = db.createObjectStore('entities', { keyPath: 'id' });
        entityStore.createIndex('by-surface', 'surfaceKeys', { multiEntry: true });
        entityStore.createIndex('by-parent', 'parent');
        db.createObjectStore('items', { keyPath: 'id' }).createIndex('by-url', 'urlKey');
        db.createObjectStore('postings', { keyPath: 'key' });
        db.createObjectStore('meta');
        db.createObjectStore('terms');
      };
      open.onerror = () => fail(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction(['entities', 'items', 'postings', 'meta', 'terms'], 'readwrite');
        for (const entity of entities) tx.objectStore('entities').put(entity);
        for (const item of items) tx.objectStore('items').put(item);
        for (const block of postings) tx.objectStore('postings').put(block);
        for (const [key, value] of terms) tx.objectStore('terms').put(value, key);
        for (const [key, value] of meta) tx.objectStore('meta').put(value, key);
        tx.oncomplete = () => {
          open.result.close();
          done();
        };
        tx.onerror = () => fail(tx.error);
      };
    };
  });
}
