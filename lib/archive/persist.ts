/**
 * Asks the browser to keep the archive's storage under storage pressure. `navigator.storage.persist()`
 * exists only in documents, not in the service worker, so an extension page (the options page) asks.
 * https://developer.mozilla.org/en-US/docs/Web/API/StorageManager/persist
 */

export type Persistence = 'persistent' | 'best-effort' | 'unsupported';

export async function requestPersistence(
  manager: Partial<StorageManager> | undefined = globalThis.navigator?.storage,
): Promise<Persistence> {
  if (!manager?.persist || !manager.persisted) return 'unsupported';
  try {
    if (await manager.persisted()) return 'persistent';
    return (await manager.persist()) ? 'persistent' : 'best-effort';
  } catch {
    return 'best-effort';
  }
}
