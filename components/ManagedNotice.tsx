/**
 * At the top of the options page when the reader's organisation set a policy: what it set, and what of it
 * Backstory could not use (so an administrator reading over the reader's shoulder sees why). Each setting it
 * overrides is also marked where it is shown, and the worker enforces it.
 */
import { hasPolicy } from '../lib/settings/managed';
import { useI18n } from './i18n';
import { useManagedPolicy } from './useManagedPolicy';

export function ManagedNotice() {
  const { t } = useI18n();
  const read = useManagedPolicy();
  if (!read || (!hasPolicy(read.policy) && read.issues.length === 0)) return null;
  const { policy, issues } = read;
  return (
    <section class="managed-notice" aria-labelledby="managed-heading">
      <h2 id="managed-heading">{t.managed.setBy}</h2>
      <ul>
        {policy.feeds && policy.feeds.length > 0 && <li>{t.managed.noticeFeeds(policy.feeds.join(', '))}</li>}
        {policy.addedSites && policy.addedSites.length > 0 && <li>{t.managed.noticeAdded(policy.addedSites.join(', '))}</li>}
        {policy.disabledSites && policy.disabledSites.length > 0 && <li>{t.managed.noticeOff(policy.disabledSites.join(', '))}</li>}
        {policy.syncDisabled && <li>{t.managed.noticeSyncOff}</li>}
      </ul>
      {issues.length > 0 && (
        <div role="alert">
          <p>{t.managed.noticeIssues}</p>
          <ul>
            {issues.map((issue) => (
              <li key={issue}>{issue}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
