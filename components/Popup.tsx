/**
 * The toolbar popup's first script: the search (its box focused, the newest items read from the archive
 * while the page renders), and two places for the rest of the popup (PopupRest.tsx), which the entrypoint
 * loads as a script of its own once the first results are on screen (docs/benchmarks.md: what the first
 * script weighs, and when the first results come).
 */
import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { createPopupSearch } from '../lib/search/popup-search';
import { ArchiveSearch } from './ArchiveSearch';
import { useI18n } from './i18n';
import { SyncLinePending, TabLinePending } from './PopupPending';
import type { PopupRestProps } from './PopupRest';

/** The rest is loaded after the first results, or after this long without them (a search that never answers). */
const REST_AT_THE_LATEST_MS = 1500;

export function Popup({ loadRest }: { loadRest: () => Promise<ComponentType<PopupRestProps>> }) {
  const { t } = useI18n();
  const [search] = useState(createPopupSearch);
  const [Rest, setRest] = useState<ComponentType<PopupRestProps> | null>(null);
  const top = useRef<HTMLDivElement>(null);
  const bottom = useRef<HTMLDivElement>(null);
  const asked = useRef(false);
  const load = (): void => {
    if (asked.current) return;
    asked.current = true;
    void loadRest().then((component) => setRest(() => component));
  };
  useEffect(() => {
    const late = setTimeout(load, REST_AT_THE_LATEST_MS);
    return () => clearTimeout(late);
  }, []);
  return (
    <main class="popup">
      <h1>{t.common.product}</h1>
      <div ref={top} class="popup-top">
        {/* Until the rest comes (it renders its own lines here, in their place). */}
        {!Rest && (
          <>
            <TabLinePending />
            <SyncLinePending />
          </>
        )}
      </div>
      <ArchiveSearch source={search} onFirstAnswer={load} />
      <div ref={bottom} class="popup-bottom" />
      {Rest && top.current && bottom.current && <Rest top={top.current} bottom={bottom.current} />}
    </main>
  );
}
