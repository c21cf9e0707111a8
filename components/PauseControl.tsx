/** The global pause, in the popup and the options page: confirmed before it pauses, and said plainly while it is on. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../lib/i18n/index';
import { sendMessage } from '../lib/messaging/client';
import { pausedSetting } from '../lib/settings/control';
import { Confirm } from './Confirm';
import { useI18n } from './i18n';
import './control.css';

export function PauseControl() {
  const { t } = useI18n();
  const [paused, setPaused] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Whether the reader paused or resumed here: the button that then shows takes focus (the one they used is gone). */
  const acted = useRef(false);
  const resume = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (acted.current && paused) resume.current?.focus();
  }, [paused]);
  useEffect(() => {
    void pausedSetting.getValue().then(setPaused);
    // Paused or resumed elsewhere (the other page, another window): shown here at once.
    return pausedSetting.watch(setPaused);
  }, []);
  const apply = async (next: boolean): Promise<void> => {
    acted.current = true;
    const reply = await sendMessage('setPaused', { paused: next });
    if (!reply.ok) return setError(errorText(t, reply));
    setError(null);
    setPaused(reply.value);
  };
  if (paused === null) return null;
  return (
    <div class="control pause-control">
      {paused ? (
        <>
          <p class="paused-state" role="status">
            {t.pause.pausedState}
          </p>
          <button type="button" ref={resume} onClick={() => void apply(false)}>
            {t.pause.resume}
          </button>
        </>
      ) : (
        <Confirm
          ask={t.pause.pauseAsk}
          question={t.pause.confirm}
          action={t.pause.pause}
          onConfirm={() => void apply(true)}
          focusAsk={acted.current}
        />
      )}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
