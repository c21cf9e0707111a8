/**
 * A disk that fills up, for fake-indexeddb, which has no notion of one: a transaction whose writes do not
 * fit in the room left aborts when it would commit, with a QuotaExceededError, and leaves nothing of
 * itself, as Chromium's does (the whole transaction fails at commit; its requests had each succeeded).
 * Room is counted per database name, in bytes of the written values as JSON.
 */
import { IDBObjectStore as FDBObjectStore, IDBTransaction as FDBTransaction } from 'fake-indexeddb';

/** What of fake-indexeddb's transaction this reaches into: its request queue, its state and its abort. */
interface TransactionInternals {
  db: { name: string };
  _requests: { request: { readyState: string } }[];
  _state: string;
  _abort(errorName: string): void;
  _start(): void;
}

const room = new Map<string, number>();
const pending = new WeakMap<object, number>();
let installed = false;

function sizeOf(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return 0;
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  const store = FDBObjectStore.prototype as unknown as Record<
    'put' | 'add',
    (this: { transaction: object }, value: unknown, key?: unknown) => unknown
  >;
  for (const method of ['put', 'add'] as const) {
    const original = store[method];
    store[method] = function (this: { transaction: object }, value: unknown, key?: unknown) {
      pending.set(this.transaction, (pending.get(this.transaction) ?? 0) + sizeOf(value) + sizeOf(key));
      return original.call(this, value, key);
    };
  }
  const tx = FDBTransaction.prototype as unknown as TransactionInternals;
  const start = tx._start;
  tx._start = function (this: TransactionInternals) {
    const left = room.get(this.db.name);
    const done = this._state !== 'finished' && this._requests.every((r) => r.request.readyState === 'done');
    if (left !== undefined && done) {
      const bytes = pending.get(this) ?? 0;
      pending.delete(this);
      if (bytes > left) {
        this._abort('QuotaExceededError');
        return;
      }
      room.set(this.db.name, left - bytes);
    }
    start.call(this);
  };
}

/** From now on, the database `name` has this many bytes of room (none: every write fails). */
export function fillDisk(name: string, bytesLeft = 0): void {
  install();
  room.set(name, bytesLeft);
}

/** Space freed: writes to the database `name` fit again. */
export function freeDisk(name: string): void {
  room.delete(name);
}
