/**
 * What every browser benchmark of the worker starts with: a site server, a throwaway profile, Chromium with
 * the bench build (or BACKSTORY_EXTENSION_DIR: another bench build to measure, before and after a change,
 * in the same conditions), the Markdown rows it prints and a line for progress on stderr.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBackstory, ROOT, type SiteServer, startSiteServer } from './browser';

export interface BenchSession {
  server: SiteServer;
  profileDir: string;
  /** The build the browser loaded. */
  extensionDir: string;
  browser: Awaited<ReturnType<typeof launchBackstory>>;
  rows: string[];
  note(line: string): void;
  /** Closes the browser and the server, and removes the profile. */
  close(): Promise<void>;
}

/** BENCH_PROFILE_DIR: a profile kept between runs (an archive built once, measured again after a change). */
export async function startBenchSession(name: string): Promise<BenchSession> {
  const server = await startSiteServer(['techcrunch.com']);
  const kept = process.env.BENCH_PROFILE_DIR;
  if (kept) mkdirSync(kept, { recursive: true });
  const profileDir = kept ?? mkdtempSync(join(tmpdir(), `backstory-${name}-`));
  const extensionDir = process.env.BACKSTORY_EXTENSION_DIR ?? join(ROOT, '.output/bench/chrome-mv3');
  const browser = await launchBackstory({ server, profileDir, extensionDir });
  return {
    server,
    profileDir,
    extensionDir,
    browser,
    rows: [],
    note: (line) => console.error(line),
    async close() {
      await browser.close();
      await server.close();
      if (!kept) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
