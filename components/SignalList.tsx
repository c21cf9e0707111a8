/** Signals to watch: the claim, its deadline, and whether a later story settled it or it is overdue. */
import type { SignalView } from '../lib/related/panel';

const STATUS_TEXT: Record<SignalView['status'], string> = {
  open: 'open',
  overdue: 'overdue: the date passed with no confirmation in the archive',
  confirmed: 'confirmed',
  refuted: 'refuted',
};

export function SignalList({ signals }: { signals: SignalView[] }) {
  return (
    <ul class="signals">
      {signals.map((signal) => (
        <li key={`${signal.from.id}-${signal.by}-${signal.claim.slice(0, 20)}`} class={`signal ${signal.status}`}>
          <p>{signal.claim}</p>
          <p class="meta">
            By <time dateTime={signal.by}>{signal.by}</time> · <span class="status">{STATUS_TEXT[signal.status]}</span>
            {signal.resolvedBy && <> by “{signal.resolvedBy.title}”</>}
          </p>
        </li>
      ))}
    </ul>
  );
}
