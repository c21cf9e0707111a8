/**
 * The options page's follow settings: what the toolbar badge counts, and notifications for followed
 * entities (the optional `notifications` permission is asked for inside the click that turns them on).
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { setNotifications } from '../lib/settings/follow-news';
import { type BadgeMode, badgeModeSetting, notifyFollowedSetting } from '../lib/settings/follows';
import { useI18n } from './i18n';
import { useFollows } from './useFollows';

export function FollowSettings() {
  const { t } = useI18n();
  const { follows } = useFollows();
  const [mode, setMode] = useState<BadgeMode>();
  const [notify, setNotify] = useState<boolean>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    void badgeModeSetting.getValue().then(setMode);
    void notifyFollowedSetting.getValue().then(setNotify);
  }, []);
  const choose = (next: BadgeMode) => {
    setMode(next);
    void badgeModeSetting.setValue(next);
  };
  const toggleNotify = async (on: boolean) => {
    // Inside the click: the browser shows its permission prompt only for the reader's gesture.
    const now = await setNotifications(on, browser.permissions);
    setNotify(now);
    setError(on && !now ? t.follows.notifyRefused : undefined);
  };
  return (
    <section aria-labelledby="follows-heading">
      <h2 id="follows-heading">{t.follows.heading}</h2>
      <p class="quiet">{follows.length === 0 ? t.follows.none : t.follows.some(follows.map((f) => f.name).join(', '))}</p>
      <fieldset>
        <legend>{t.follows.badgeLegend}</legend>
        <label>
          <input type="radio" name="badge-mode" checked={mode === 'entities'} onChange={() => choose('entities')} />{' '}
          {t.follows.badgeEntities}
        </label>
        <br />
        <label>
          <input type="radio" name="badge-mode" checked={mode === 'new'} onChange={() => choose('new')} /> {t.follows.badgeNew}
        </label>
      </fieldset>
      <p>
        <label>
          <input
            type="checkbox"
            checked={notify === true}
            disabled={notify === undefined}
            onChange={(event) => void toggleNotify(event.currentTarget.checked)}
          />{' '}
          {t.follows.notify}
        </label>
      </p>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
