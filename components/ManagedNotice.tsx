/**
 * At the top of the options page when the reader's organisation set a policy: what it set, and what of it
 * Backstory could not use (so an administrator reading over the reader's shoulder sees why). Each setting it
 * overrides is also marked where it is shown, and the worker enforces it.
 */
import { hasPolicy, SET_BY_ORGANISATION } from '../lib/settings/managed';
import { useManagedPolicy } from './useManagedPolicy';

export function ManagedNotice() {
  const read = useManagedPolicy();
  if (!read || (!hasPolicy(read.policy) && read.issues.length === 0)) return null;
  const { policy, issues } = read;
  return (
    <section class="managed-notice" aria-labelledby="managed-heading">
      <h2 id="managed-heading">{SET_BY_ORGANISATION}</h2>
      <ul>
        {policy.feeds && policy.feeds.length > 0 && <li>Feeds every reader follows: {policy.feeds.join(', ')}.</li>}
        {policy.addedSites && policy.addedSites.length > 0 && <li>Sites added: {policy.addedSites.join(', ')}.</li>}
        {policy.disabledSites && policy.disabledSites.length > 0 && <li>Sites switched off: {policy.disabledSites.join(', ')}.</li>}
        {policy.syncDisabled && <li>Sync is turned off: Backstory fetches no feed, and its archive stays the one bundled with it.</li>}
      </ul>
      {issues.length > 0 && (
        <div role="alert">
          <p>Some of the policy could not be used, and is ignored:</p>
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
