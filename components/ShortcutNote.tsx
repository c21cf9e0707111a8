/** The panel's keyboard shortcut as the browser has it now (it may be unset), and where to change it. */
import { useEffect, useState } from 'preact/hooks';
import { browserFamily, changeShortcutHow, openShortcutSettings, readShortcut } from '../lib/settings/shortcut';

export function ShortcutNote() {
  const [shortcut, setShortcut] = useState<string | null | undefined>(undefined);
  const [cannotOpen, setCannotOpen] = useState(false);
  useEffect(() => {
    void readShortcut().then(setShortcut, () => setShortcut(null));
  }, []);
  if (shortcut === undefined) return null;
  const family = browserFamily();
  return (
    <p class="shortcut-note">
      {shortcut ? (
        <>
          Keyboard shortcut for the panel: <kbd>{shortcut}</kbd>.{' '}
        </>
      ) : (
        'No keyboard shortcut is set for the panel. '
      )}
      <span class="quiet">{changeShortcutHow(family)}</span>{' '}
      <button type="button" class="more" onClick={() => void openShortcutSettings(family).then((opened) => setCannotOpen(!opened))}>
        {shortcut ? 'Change it' : 'Set one'}
      </button>
      {cannotOpen && <span role="alert"> This browser does not let Backstory open that page: open it as above.</span>}
    </p>
  );
}
