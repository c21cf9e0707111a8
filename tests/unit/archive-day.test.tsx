/**
 * One day for how current the archive is, in every part of the panel: after a sync, a signal still unresolved is so
 * as of the sync's day, the day the panel's foot gives, not the bundled snapshot's (they disagreed: "as of Dec 7" at
 * the foot, "unresolved as of the archive's last update (Jul 4, 2026)" above it). Preact on linkedom, the worker's
 * real sync summary behind the message.
 */
import { beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ArchiveFooter, useArchiveDay } from '../../components/ArchiveFooter';
import { I18nProvider } from '../../components/i18n';
import { SignalList } from '../../components/SignalList';
import type { ArchiveStatus } from '../../lib/archive/views';
import type { SignalView } from '../../lib/related/panel';
import { feedStatesItem } from '../../lib/sync/feeds';
import { syncSummary } from '../../lib/sync/handlers';
import { renderPage } from './dom';
import { fakeWorker } from './helpers';

const SNAPSHOT: ArchiveStatus = { counts: { entities: 838, items: 198 }, asOf: '2026-07-04' };
const SIGNAL: SignalView = {
  claim: 'If Tencent, ByteDance or Baidu announce similar restrictions within 60 days…',
  by: '2026-09-02',
  status: 'unresolved',
  from: { id: 'own', title: 'Alibaba reportedly bans employees from using Claude Code', entities: ['alibaba'] },
};

/** The signals and the foot, as the panel puts them together. */
function Panel({ status }: { status: ArchiveStatus }) {
  const { asOf } = useArchiveDay(status);
  return (
    <>
      <SignalList signals={[SIGNAL]} asOf={asOf} />
      <ArchiveFooter status={status} />
    </>
  );
}

async function shownDays(): Promise<{ signal: string; foot: string }> {
  const page = renderPage(
    <I18nProvider locale="en">
      <Panel status={SNAPSHOT} />
    </I18nProvider>,
  );
  onTestFinished(() => page.close());
  const read = () => ({
    signal: page.root.querySelector('.signal .status')?.textContent ?? '',
    foot: page.root.querySelector('.archive-footer')?.textContent ?? '',
  });
  await vi.waitFor(() => expect(read().foot).toContain('Archive as of Dec'));
  return read();
}

describe("the archive's day in the panel", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    fakeWorker({ getSyncSummary: () => syncSummary(async () => SNAPSHOT, Date.parse('2026-12-07T12:00:00Z')) });
  });

  it('is the last sync’s day for the signals still unresolved, as at the foot', async () => {
    await feedStatesItem.setValue({ 'https://feed.example.org/index.json': { lastSuccess: '2026-12-07T09:00:00Z', failures: 0 } });
    const { signal, foot } = await shownDays();
    expect(foot).toContain('Archive as of Dec 7, 2026');
    expect(signal).toBe("unresolved as of the archive's last update (Dec 7, 2026)");
  });
});
