/** "Delete everything Backstory stored", in the options page: said in full, confirmed, then done by the worker. */
import { useState } from 'preact/hooks';
import { errorText } from '../lib/i18n/index';
import { sendMessage } from '../lib/messaging/client';
import { Confirm } from './Confirm';
import { useI18n } from './i18n';
import './control.css';

/** The page's address after a deletion: it is loaded again, so every section shows the state now stored. */
const DELETED_HASH = '#deleted';

export function DeleteEverything() {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'deleting' | 'done'>(location.hash === DELETED_HASH ? 'done' : 'idle');
  const [error, setError] = useState<string | null>(null);
  const erase = async (): Promise<void> => {
    setState('deleting');
    // This extension's pages' own storage: the popup's kept first results (lib/search/first-results.ts).
    localStorage.clear();
    const reply = await sendMessage('deleteEverything', {});
    if (!reply.ok) {
      setError(errorText(t, reply));
      return setState('idle');
    }
    location.hash = DELETED_HASH;
    location.reload();
  };
  return (
    <section aria-labelledby="delete-heading" class="control delete-everything">
      <h2 id="delete-heading">{t.erase.heading}</h2>
      <p class="quiet">{t.erase.note}</p>
      <Confirm
        ask={t.erase.ask}
        question={t.erase.confirm}
        action={t.erase.go}
        danger
        busy={state === 'deleting'}
        onConfirm={() => void erase()}
      />
      {state === 'done' && <p role="status">{t.erase.done}</p>}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
