/** The global pause, in the popup and the options page: confirmed before it pauses, and said plainly while it is on. */
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../lib/i18n/index';
import { sendMessage } from '../lib/messaging/client';
import { pausedSetting } from '../lib/settings/control';
import { useI18n } from './i18n';
import './control.css';

export function PauseControl() {
  const { t } = useI18n();
  const [paused, setPaused] = useState<boolean | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void pausedSetting.getValue().then(setPaused);
    // Paused or resumed elsewhere (the other page, another window): shown here at once.
    return pausedSetting.watch(setPaused);
  }, []);
  const apply = async (next: boolean): Promise<void> => {
    const reply = await sendMessage('setPaused', { paused: next });
    setConfirming(false);
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
          <button type="button" onClick={() => void apply(false)}>
            {t.pause.resume}
          </button>
        </>
      ) : confirming ? (
        <fieldset class="confirm">
          <legend>{t.pause.confirm}</legend>
          <button type="button" onClick={() => void apply(true)}>
            {t.pause.pause}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            {t.common.cancel}
          </button>
        </fieldset>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          {t.pause.pauseAsk}
        </button>
      )}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
