/**
 * Signals to watch: the claim, its deadline, and whether a later story settled it, it is overdue (the
 * archive has looked past its date), or it is simply unresolved as of the archive's last update. The
 * three most relevant show; the rest behind a toggle.
 */

import { useState } from 'preact/hooks';
import type { Messages } from '../lib/i18n/index';
import { ARCHIVE_LANG } from '../lib/i18n/page';
import type { SignalView } from '../lib/related/panel';
import { DayText } from './DayText';
import { useI18n } from './i18n';

/** How many signals show before "Show more". */
const FIRST_SIGNALS = 3;

function statusText(signal: SignalView, asOf: string | undefined, t: Messages): string {
  return signal.status === 'unresolved' ? t.signals.unresolved(asOf) : t.signals[signal.status];
}

export function SignalList({ signals, asOf }: { signals: SignalView[]; asOf?: string | undefined }) {
  const { t } = useI18n();
  const [all, setAll] = useState(false);
  const shown = all ? signals : signals.slice(0, FIRST_SIGNALS);
  return (
    <>
      <ul class="signals">
        {shown.map((signal) => (
          <li key={`${signal.from.id}-${signal.by}-${signal.claim.slice(0, 20)}`} class={`signal ${signal.status}`}>
            <p lang={ARCHIVE_LANG}>{signal.claim}</p>
            <p class="meta">
              {t.signals.by}
              <DayText day={signal.by} /> · <span class="status">{statusText(signal, asOf, t)}</span>
              {signal.resolvedBy && t.signals.resolvedBy(signal.resolvedBy.title)}
            </p>
            {signal.note && signal.status === 'unresolved' && <p class="meta">{signal.note}</p>}
          </li>
        ))}
      </ul>
      {signals.length > FIRST_SIGNALS && (
        <button type="button" class="more" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? t.signals.fewer : t.signals.more(signals.length - FIRST_SIGNALS)}
        </button>
      )}
    </>
  );
}
