/**
 * What the panel's timeline says of an item's date and its coverage, rendered (Preact on linkedom) from the bundled
 * archive's own items: a day the archive could not confirm is said to be so beside the date, where the reader reads
 * it (the item's note is its tooltip); a coverage row that is our description of a report, not its headline, reads
 * as one, without the brackets the archive keeps it in.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { I18nProvider } from '../../components/i18n';
import { Timeline } from '../../components/Timeline';
import type { Item } from '../../lib/archive/schema';
import type { Locale } from '../../lib/i18n/locales';
import { readSnapshotSource } from '../../scripts/lib/snapshot-source';
import { click, renderPage } from './dom';

const items = (readSnapshotSource() as { items: Item[] }).items;
const byId = (id: string): Item => {
  const found = items.find((item) => item.id === id);
  if (!found) throw new Error(`no item ${id} in data/`);
  return found;
};
/** Filed under 1 July 2026, the start of the window in which it became public: its day is not known. */
const UNDATED = byId('2026-07-01-claude-opus-front-gate-tickets');
const DATED = byId('2026-06-30-claude-code-hidden-china-check');

function timeline(list: Item[], locale: Locale = 'en') {
  const page = renderPage(
    <I18nProvider locale={locale}>
      <Timeline items={list.map((item) => ({ item, why: ['anthropic'], words: [] }))} names={new Map()} section="earlier" />
    </I18nProvider>,
  );
  onTestFinished(() => page.close());
  // The items' rows (each holds its coverage's list too).
  const rows = [...page.root.querySelectorAll('li')].filter((row) => row.parentElement?.classList.contains('timeline'));
  return { page, rows };
}

describe("the timeline's dates and coverage", () => {
  it('says beside its date that an item’s day is not confirmed, with the archive’s note as its tooltip; a known day stands alone', () => {
    expect(UNDATED.dateNote).toBeTruthy();
    const { rows } = timeline([DATED, UNDATED]);
    const [dated, undated] = rows;
    expect(dated?.querySelector('.date-doubt')).toBeNull();
    const doubt = undated?.querySelector('.date-doubt');
    expect(doubt?.textContent).toBe(' (day not confirmed)');
    expect(doubt?.getAttribute('title')).toBe(UNDATED.dateNote);
  });

  it('says it in the reader’s language', () => {
    const { rows } = timeline([UNDATED], 'ja');
    expect(rows[0]?.querySelector('.date-doubt')?.textContent).toBe('（日付は未確認）');
  });

  it('shows a description of a report as ours, without its brackets, and a known headline as it is', () => {
    const { rows } = timeline([UNDATED]);
    const details = rows[0]?.querySelector<HTMLButtonElement>('button.entry');
    if (!details) throw new Error('no Details button');
    click(details);
    const coverage = [...(rows[0]?.querySelectorAll('.coverage li') ?? [])].map((row) => row.textContent ?? '');
    expect(coverage.length).toBe(UNDATED.coverage.length);
    for (const text of coverage) {
      expect(text).not.toMatch(/[[\]]/);
      expect(text).toContain('(our description of the report: its headline is not known)');
    }
    expect(coverage[1]).toContain('Undated write-up: Ian Carroll');
  });
});
