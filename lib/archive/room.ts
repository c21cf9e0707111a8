/**
 * Whether the disk has room for the archive to write, asked without risking the archive.
 *
 * Why: Chromium keeps an origin's IndexedDB in one LevelDB. A LevelDB write that meets a full disk can leave a
 * partial record behind ("Corruption: partial record without end"), and at the next open Chromium treats the
 * store as corrupt and deletes every database of the origin (its `DeleteAndRecreateDatabase`). Opening the
 * store writes too, so a worker that opened the archive again and again on a full disk (after Chromium closed
 * the connection on the failed write) lost the whole archive in about one run in five of the full-disk e2e
 * test. `navigator.storage.estimate()` cannot tell: it reported 1 GB free on a full 120 MB disk. So the
 * question is put to the disk itself: a scratch file in the origin's private file system (OPFS, the same
 * profile folder), written and removed. A scratch file that does not fit harms nothing.
 *
 * The other way a low disk cost the whole archive is not a write of ours: Chromium's quota manager evicts a
 * best-effort origin whole when the disk runs low, and an extension's origin is exempt only with the
 * `unlimitedStorage` permission (wxt.config.ts; Chrome's "Storage and cookies" page for extensions). With it
 * the origin may fill the disk to the last byte, so this probe is what keeps the archive's writes off a full one.
 */

import { storageProblemOf } from './storage-problem';

/** Undefined when there is room; else the error the disk gave (a QuotaExceededError: storage-problem.ts words it). */
export type RoomProbe = () => Promise<unknown>;

/** How much room a probe asks for: more than any one write transaction of the archive needs. */
export const PROBE_BYTES = 2 * 1024 * 1024;
const PROBE_FILE = 'backstory-room-probe';

interface ProbeFile {
  createWritable(): Promise<{ write(data: Uint8Array): Promise<void>; close(): Promise<void> }>;
}

/**
 * The probe in the browser: writes PROBE_BYTES to a scratch file in OPFS and removes it. Where there is no
 * OPFS (an old browser, Node), it answers "room": the write then goes ahead as it always did.
 */
export function opfsRoomProbe(bytes = PROBE_BYTES): RoomProbe {
  return async () => {
    const storage = (globalThis.navigator as { storage?: { getDirectory?: () => Promise<FileSystemDirectoryHandle> } } | undefined)
      ?.storage;
    if (!storage?.getDirectory) return undefined;
    let root: FileSystemDirectoryHandle;
    let file: ProbeFile;
    try {
      root = await storage.getDirectory();
      file = (await root.getFileHandle(PROBE_FILE, { create: true })) as unknown as ProbeFile;
      if (typeof file.createWritable !== 'function') return undefined;
    } catch {
      return undefined;
    }
    try {
      const writable = await file.createWritable();
      await writable.write(new Uint8Array(bytes));
      await writable.close();
      return undefined;
    } catch (error) {
      // Only a full disk says "no room"; any other failure of the scratch file must not keep the archive shut.
      return storageProblemOf(error).kind === 'full' ? error : undefined;
    } finally {
      await root.removeEntry(PROBE_FILE).catch(() => undefined);
    }
  };
}

/** A probe that always finds room (unit tests, benches). */
export const alwaysRoom: RoomProbe = async () => undefined;
