/**
 * The options page's follow settings: what the toolbar badge counts, and notifications for followed
 * entities (the optional `notifications` permission is asked for inside the click that turns them on).
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { setNotifications } from '../lib/settings/follow-news';
import { type BadgeMode, badgeModeSetting, notifyFollowedSetting } from '../lib/settings/follows';
import { useFollows } from './useFollows';

export function FollowSettings() {
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
    setError(on && !now ? 'Notifications stay off: the browser did not grant Backstory permission to show them.' : undefined);
  };
  return (
    <section aria-labelledby="follows-heading">
      <h2 id="follows-heading">Followed entities</h2>
      <p class="quiet">
        {follows.length === 0
          ? 'You follow no entity yet: follow one from its page or the panel.'
          : `You follow ${follows.map((f) => f.name).join(', ')}.`}
      </p>
      <fieldset>
        <legend>The toolbar badge counts</legend>
        <label>
          <input type="radio" name="badge-mode" checked={mode === 'entities'} onChange={() => choose('entities')} /> the entities found on
          the tab
        </label>
        <br />
        <label>
          <input type="radio" name="badge-mode" checked={mode === 'new'} onChange={() => choose('new')} /> new items for the entities you
          follow
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
          Notify me of new items for followed entities
        </label>
      </p>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
