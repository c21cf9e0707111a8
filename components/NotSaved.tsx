/**
 * A change a control asks the worker to store (lib/settings/one-writer.ts: the worker is the one writer of the
 * reader's lists). The control may show the change at once; when the worker refuses it or cannot store it (a full
 * disk, a worker that does not answer), the control shows what is stored again and says, beside it, that the change
 * was not saved. Every control that asks the worker for a change does it this way.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../lib/i18n/index';
import { type Failure, ProblemError } from '../lib/messaging/problem';
import { useI18n } from './i18n';

export interface WorkerChange {
  /**
   * Asks for the change (`ask`: `setSiteEnabled(…)`, `setFollow(…)`, …). When it fails, `restore` reads what is stored
   * back into the control. Resolves to whether the change was stored; never rejects.
   */
  change(ask: () => Promise<void>, restore?: () => unknown): Promise<boolean>;
  /** Why the last change was not saved, in the reader's language; null when it was (or none was asked for). */
  notSaved: string | null;
}

export function useWorkerChange(): WorkerChange {
  const { t } = useI18n();
  // The failure, not its words: a language switched meanwhile words it anew.
  const [failed, setFailed] = useState<Omit<Failure, 'ok'> | null>(null);
  return {
    async change(ask, restore) {
      try {
        await ask();
        setFailed(null);
        return true;
      } catch (error) {
        setFailed({
          error: error instanceof Error ? error.message : String(error),
          problem: error instanceof ProblemError ? error.problem : undefined,
        });
        await restore?.();
        return false;
      }
    },
    notSaved: failed && t.common.notSaved(errorText(t, failed)),
  };
}

/** Says a change was not saved, where the control is (brought into sight: the control may be far down a page). */
export function NotSaved({ text }: { text: string | null }) {
  const self = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (text) self.current?.scrollIntoView?.({ block: 'nearest' });
  }, [text]);
  return text ? (
    <span ref={self} role="alert" class="not-saved">
      {text}
    </span>
  ) : null;
}
