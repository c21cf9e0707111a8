/** "Delete everything Backstory stored", in the options page: said in full, confirmed, then done by the worker. */
import { useState } from 'preact/hooks';
import { sendMessage } from '../lib/messaging/client';
import './control.css';

/** The page's address after a deletion: it is loaded again, so every section shows the state now stored. */
const DELETED_HASH = '#deleted';

export function DeleteEverything() {
  const [state, setState] = useState<'idle' | 'confirming' | 'deleting' | 'done'>(location.hash === DELETED_HASH ? 'done' : 'idle');
  const [error, setError] = useState<string | null>(null);
  const erase = async (): Promise<void> => {
    setState('deleting');
    const reply = await sendMessage('deleteEverything', {});
    if (!reply.ok) {
      setError(reply.error);
      return setState('idle');
    }
    location.hash = DELETED_HASH;
    location.reload();
  };
  return (
    <section aria-labelledby="delete-heading" class="control delete-everything">
      <h2 id="delete-heading">Your data</h2>
      <p class="quiet">
        Everything Backstory keeps is on this machine. Deleting it forgets your settings, the feeds you added and what they brought, what
        you follow, and the sites you granted; the archive goes back to the copy bundled with Backstory.
      </p>
      {state === 'confirming' || state === 'deleting' ? (
        <fieldset class="confirm">
          <legend>Delete everything Backstory stored? This cannot be undone.</legend>
          <button type="button" class="danger" disabled={state === 'deleting'} onClick={() => void erase()}>
            Delete everything
          </button>{' '}
          <button type="button" disabled={state === 'deleting'} onClick={() => setState('idle')}>
            Cancel
          </button>
        </fieldset>
      ) : (
        <button type="button" onClick={() => setState('confirming')}>
          Delete everything Backstory stored…
        </button>
      )}
      {state === 'done' && (
        <p role="status">Deleted. Backstory is as it was when installed: the bundled archive and the default settings.</p>
      )}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
