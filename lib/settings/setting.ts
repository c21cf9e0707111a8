/**
 * A stored setting that reads nothing until asked: WXT's storage (`storage.getItem` with the fallback,
 * `setItem`, `watch`), the same reads and writes a `storage.defineItem` item does, without its warm-up.
 *
 * WXT's `defineItem` reads its key from storage as soon as it is defined (for an `init` or migrations, which
 * none of these has), so each item a bundle carries costs a storage round trip, and a reply task, every time
 * the bundle is evaluated: in the article script that is every page load, seven of them, before the page is
 * read. The settings the article script uses are these; items only the worker and the extension's own pages
 * use (evaluated once per page of the extension's) stay WXT items.
 */
import { type StorageItemKey, storage, type Unwatch } from 'wxt/utils/storage';

export interface Setting<T> {
  readonly key: StorageItemKey;
  /** The value when nothing is stored. */
  readonly fallback: T;
  getValue(): Promise<T>;
  setValue(value: T): Promise<void>;
  /** Calls back on each change (from any context), with the fallback for a value removed. */
  watch(callback: (value: T, old: T) => void): Unwatch;
}

export function defineSetting<T>(key: StorageItemKey, fallback: T): Setting<T> {
  return {
    key,
    fallback,
    getValue: async () => (await storage.getItem<T>(key)) ?? fallback,
    setValue: (value) => storage.setItem(key, value),
    watch: (callback) => storage.watch<T>(key, (value, old) => callback(value ?? fallback, old ?? fallback)),
  };
}

type Values<S extends readonly Setting<unknown>[]> = { [K in keyof S]: S[K] extends Setting<infer V> ? V : never };

/** Several settings in one storage read (one round trip per storage area), each its value or its fallback. */
export async function readSettings<const S extends readonly Setting<unknown>[]>(settings: S): Promise<Values<S>> {
  const read = await storage.getItems(settings.map((s) => s.key));
  const byKey = new Map(read.map((r) => [r.key, r.value as unknown]));
  return settings.map((s) => byKey.get(s.key) ?? s.fallback) as Values<S>;
}
