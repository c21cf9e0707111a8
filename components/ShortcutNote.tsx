/** The panel's keyboard shortcut as the browser has it now (it may be unset), and where to change it. */
import { useEffect, useState } from 'preact/hooks';
import { browserFamily, changeShortcutHow, openShortcutSettings, readShortcut } from '../lib/settings/shortcut';
import { useI18n } from './i18n';

export function ShortcutNote() {
  const { t, f } = useI18n();
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
          {t.shortcut.isSetBefore}
          <kbd>{shortcut}</kbd>
          {t.shortcut.isSetAfter}
        </>
      ) : (
        t.shortcut.notSet
      )}
      <span class="quiet">{changeShortcutHow(family, t.page)}</span>
      {f.space}
      <button type="button" class="more" onClick={() => void openShortcutSettings(family).then((opened) => setCannotOpen(!opened))}>
        {shortcut ? t.shortcut.change : t.shortcut.set}
      </button>
      {cannotOpen && <span role="alert">{t.shortcut.cannotOpen}</span>}
    </p>
  );
}
