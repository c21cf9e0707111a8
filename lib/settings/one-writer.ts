/**
 * The worker is the one writer of the reader's lists: the follows and what is new for them, the sites switched
 * off or added, the sites whose panel stays open, the items hidden on an article. Each is stored whole, so a
 * change is a read, a change and a write, and two changes at once (the worker recording what a sync brought
 * while the reader opens an entity's page; the popup and the options page each switching a site off) lose one.
 *
 * Why not a lock where each change is made: no lock spans every place that makes them. Web Locks are per
 * origin (and per top-level site, where storage is partitioned): the article script runs in the page's
 * origin, and the panel, a frame inside the page, at a per-session origin in Chromium (`use_dynamic_url`).
 * So every page asks the worker, and the worker makes one change to a list at a time. It is one context (one
 * service worker in Chromium, one background page in Firefox), so a queue in its memory is enough.
 */
import { sendMessage } from '../messaging/client';
import { ProblemError } from '../messaging/problem';
import type { MessageData, MessageType } from '../messaging/protocol';

const queues = new Map<string, Promise<unknown>>();

/** Runs `work` once every change queued before it under `key` has ended (done or failed). In the worker. */
export function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).then(work);
  const settled = run.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}

/** A stored value the worker changes: a setting (./setting.ts) or one of WXT's storage items. */
export interface StoredValue<T> {
  readonly key: string;
  getValue(): Promise<T>;
  setValue(value: T): Promise<void>;
}

/**
 * Changes a stored value, one change to it at a time (`oneAtATime`): reads it, applies `change`, and writes the
 * result when it differs (storage holds JSON: an equal value is no change). Resolves to the value now stored. In the
 * worker.
 */
export function changeItem<T>(item: StoredValue<T>, change: (value: T) => T): Promise<T> {
  return oneAtATime(item.key, async () => {
    const value = await item.getValue();
    const next = change(value);
    if (JSON.stringify(next) !== JSON.stringify(value)) await item.setValue(next);
    return next;
  });
}

/** The list with `member` in it (added last when it was not) or not: each member once. */
export function withMember<T>(list: readonly T[], member: T, isIn: boolean): T[] {
  const members = new Set(list);
  if (isIn) members.add(member);
  else members.delete(member);
  return [...members];
}

/** Resolves once every change queued so far (under any key) has ended: "Delete everything" clears after them. */
export function changesQueued(): Promise<void> {
  return Promise.all([...queues.values()]).then(() => undefined);
}

/**
 * Asks the worker to make a change; throws what went wrong (a `ProblemError`, with the problem the worker named), as
 * a write of the setting itself would. A control shows the stored state again and says so (components/NotSaved.tsx).
 */
export async function askWorker<K extends MessageType>(type: K, data: MessageData<K>): Promise<void> {
  const reply = await sendMessage(type, data);
  if (!reply.ok) throw new ProblemError(reply);
}
