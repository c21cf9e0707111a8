/**
 * The shared corpus's saved pages of Backstory's default sites (../shared/corpus/INDEX.tsv), each with the
 * https address it was saved from, to be served as its real host. Null when the corpus is absent: callers
 * skip, saying so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { siteOfUrl } from '../../lib/settings/sites';

export const CORPUS_DIR = new URL('../../../shared/corpus/', import.meta.url).pathname;

export interface CorpusPage {
  /** The saved file, absolute. */
  file: string;
  /** Its original address, over https (the article script runs on https pages only). */
  url: string;
  /** The default site it belongs to, e.g. 'theverge.com'. */
  site: string;
}

export function defaultSitePages(): CorpusPage[] | null {
  const index = join(CORPUS_DIR, 'INDEX.tsv');
  if (!existsSync(index)) return null;
  const [header = '', ...lines] = readFileSync(index, 'utf8').split('\n');
  const columns = header.split('\t');
  const fileAt = columns.indexOf('file');
  const urlAt = columns.indexOf('url');
  const out: CorpusPage[] = [];
  for (const line of lines) {
    const cells = line.split('\t');
    const file = cells[fileAt];
    const original = cells[urlAt];
    if (!file || !original) continue;
    const url = original.replace(/^http:/, 'https:');
    const site = siteOfUrl(url);
    if (site && existsSync(join(CORPUS_DIR, file))) out.push({ file: join(CORPUS_DIR, file), url, site });
  }
  return out;
}
