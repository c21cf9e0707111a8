/**
 * A step that cannot be taken back, asked first: the asking button, then the question with the step and Cancel. The
 * keyboard stays where the reader is: the question takes focus on Cancel (Enter does not take the step by
 * accident), Esc cancels, and a cancelled question gives focus back to the button that asked.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from './i18n';

export function Confirm({
  ask,
  question,
  action,
  danger = false,
  busy = false,
  onConfirm,
  focusAsk = false,
}: {
  /** The asking button's words. */
  ask: string;
  question: string;
  /** The step's button. */
  action: string;
  danger?: boolean;
  /** The step is under way: both buttons wait. */
  busy?: boolean;
  onConfirm: () => void;
  /** Focus the asking button when it first shows (the reader's last step put it here, as Resume after a pause). */
  focusAsk?: boolean;
}) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const askButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  /** Focus follows the reader's own steps only: not when the page first shows. */
  const stepped = useRef(focusAsk);
  useLayoutEffect(() => {
    if (stepped.current) (asking ? cancelButton : askButton).current?.focus();
  }, [asking]);
  const answer = (next: boolean): void => {
    stepped.current = true;
    setAsking(next);
  };
  if (!asking && !busy) {
    return (
      <button type="button" ref={askButton} onClick={() => answer(true)}>
        {ask}
      </button>
    );
  }
  return (
    <fieldset
      class="confirm"
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || busy) return;
        event.preventDefault();
        answer(false);
      }}
    >
      <legend>{question}</legend>
      <button type="button" class={danger ? 'danger' : undefined} disabled={busy} onClick={onConfirm}>
        {action}
      </button>{' '}
      <button type="button" ref={cancelButton} disabled={busy} onClick={() => answer(false)}>
        {t.common.cancel}
      </button>
    </fieldset>
  );
}
