/**
 * Signals to watch: the claim, its deadline, and whether a later story settled it, it is overdue (the
 * archive has looked past its date), or it is simply unresolved as of the archive's last update. The
 * three most relevant show; the rest behind a toggle.
 */
import { useState } from 'preact/hooks';
import type { SignalView } from '../lib/related/panel';
import { DayText } from './DayText';
import { useI18n } from './i18n';

/** How many signals show before "Show more". */
const FIRST_SIGNALS = 3;

function statusText(signal: SignalView, asOf: string | undefined, formatDay: (day: string) => string): string {
  switch (signal.status) {
    case 'overdue':
      return 'overdue: the date passed, and later items on these names do not confirm it';
    case 'unresolved':
      return `unresolved as of the archive's last update${asOf ? ` (${formatDay(asOf)})` : ''}`;
    default:
      return signal.status;
  }
}

export function SignalList({ signals, asOf }: { signals: SignalView[]; asOf?: string | undefined }) {
  const { f } = useI18n();
  const [all, setAll] = useState(false);
  const shown = all ? signals : signals.slice(0, FIRST_SIGNALS);
  return (
    <>
      <ul class="signals">
        {shown.map((signal) => (
          <li key={`${signal.from.id}-${signal.by}-${signal.claim.slice(0, 20)}`} class={`signal ${signal.status}`}>
            <p>{signal.claim}</p>
            <p class="meta">
              By <DayText day={signal.by} /> · <span class="status">{statusText(signal, asOf, f.day)}</span>
              {signal.resolvedBy && <> by “{signal.resolvedBy.title}”</>}
            </p>
            {signal.note && signal.status === 'unresolved' && <p class="meta">{signal.note}</p>}
          </li>
        ))}
      </ul>
      {signals.length > FIRST_SIGNALS && (
        <button type="button" class="more" aria-expanded={all} onClick={() => setAll(!all)}>
          {all
            ? 'Show fewer signals'
            : `Show ${signals.length - FIRST_SIGNALS} more ${signals.length - FIRST_SIGNALS === 1 ? 'signal' : 'signals'}`}
        </button>
      )}
    </>
  );
}
