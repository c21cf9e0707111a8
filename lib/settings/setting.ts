/**
 * A stored setting that reads nothing until asked, kept where WXT's storage items keep theirs (`local:name` is
 * `name` in `storage.local`, the value as it is, removed when set to nothing), so a value either wrote is the
 * other's.
 *
 * Written on the browser's storage API rather than on WXT's storage (`wxt/utils/storage`), for the article
 * script's sake: it runs on every article, each in a renderer whose V8 has compiled none of it when the article
 * opens in a new tab. WXT's module builds its storage at its top level, so the bundler keeps the whole of it (with
 * its lock and migrations) wherever anything imports it: a sixth of the article script, parsed on every such load,
 * for the three calls the script makes. (WXT's `defineItem` also reads its key as soon as it is defined, a
 * storage round trip on each load per item.) The worker and the extension's pages use WXT's items elsewhere.
 */
import { browser } from 'wxt/browser';

/** Where a setting is kept: the storage area, then its name there (WXT's key form). */
export type SettingKey = `${'local' | 'session' | 'sync'}:${string}`;

export type Unwatch = () => void;

export interface Setting<T> {
  readonly key: SettingKey;
  /** The value when nothing is stored. */
  readonly fallback: T;
  getValue(): Promise<T>;
  /** Stores the value; nothing (null or undefined) removes it. */
  setValue(value: T): Promise<void>;
  /** Calls back on each change (from any context), with the fallback for a value removed. */
  watch(callback: (value: T, old: T) => void): Unwatch;
}

type Area = 'local' | 'session' | 'sync';

function placeOf(key: SettingKey): { area: Area; name: string } {
  const colon = key.indexOf(':');
  return { area: key.slice(0, colon) as Area, name: key.slice(colon + 1) };
}

/** Whether two stored values are the same (storage holds JSON): a write of the same value is no change. */
const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

export function defineSetting<T>(key: SettingKey, fallback: T): Setting<T> {
  const { area, name } = placeOf(key);
  return {
    key,
    fallback,
    getValue: async () => ((await browser.storage[area].get(name))[name] as T | null | undefined) ?? fallback,
    setValue: async (value) => {
      if (value == null) await browser.storage[area].remove(name);
      else await browser.storage[area].set({ [name]: value });
    },
    watch: (callback) => {
      const events = browser.storage[area].onChanged;
      const listener = (changes: Record<string, { newValue?: unknown; oldValue?: unknown }>) => {
        const change = changes[name];
        if (!change || same(change.newValue, change.oldValue)) return;
        callback((change.newValue as T | undefined) ?? fallback, (change.oldValue as T | undefined) ?? fallback);
      };
      events.addListener(listener);
      return () => events.removeListener(listener);
    },
  };
}

type Values<S extends readonly Setting<unknown>[]> = { [K in keyof S]: S[K] extends Setting<infer V> ? V : never };

/** Several settings in one storage read (one round trip per storage area), each its value or its fallback. */
export async function readSettings<const S extends readonly Setting<unknown>[]>(settings: S): Promise<Values<S>> {
  const places = settings.map((s) => placeOf(s.key));
  const byArea = new Map<Area, string[]>();
  for (const { area, name } of places) byArea.set(area, [...(byArea.get(area) ?? []), name]);
  const read = new Map(
    await Promise.all([...byArea].map(async ([area, names]) => [area, await browser.storage[area].get(names)] as const)),
  );
  return places.map(({ area, name }, i) => (read.get(area)?.[name] as unknown) ?? settings[i]?.fallback) as Values<S>;
}
