/**
 * Follow or unfollow an entity, stored locally (lib/settings/follows.ts). A toggle button, `aria-pressed` saying
 * whether the reader follows: "Follow", or "Following" (with a check mark) once followed, as a reader expects of a
 * follow button (a pressed "Follow" read as an offer to follow); its tooltip says a click stops following.
 */
import { setFollow } from '../lib/settings/follows';
import { useI18n } from './i18n';
import { NotSaved, useWorkerChange } from './NotSaved';
import { useFollows } from './useFollows';

export function FollowButton({ entity }: { entity: { id: string; name: string } }) {
  const { t } = useI18n();
  const { follows, loaded } = useFollows();
  const following = follows.some((f) => f.entityId === entity.id);
  // Pressed or not as stored: a follow the worker could not store leaves it as it was, and says so.
  const { change, notSaved } = useWorkerChange();
  return (
    <>
      <button
        type="button"
        class="follow"
        // In the panel, a click through something the page drew over it does nothing (lib/panel/click-guard.ts).
        data-guard
        aria-pressed={following}
        disabled={!loaded}
        title={following ? t.entity.youFollow(entity.name) : t.entity.markNewFor(entity.name)}
        onClick={() => void change(() => setFollow(entity, !following))}
      >
        {following ? t.entity.following : t.entity.follow}
      </button>
      <NotSaved text={notSaved} />
    </>
  );
}
