/**
 * A storage problem of the archive (it cannot be opened, it is from a newer Backstory, the disk is full), said
 * plainly at the top of the popup, the options page and the panel: what happened, what it means, and that
 * nothing stored is lost. The words come from lib/archive/storage-problem.ts.
 */
import { storageProblemText } from '../lib/archive/storage-problem';
import { useI18n } from './i18n';
import type { StatusLoad } from './useArchiveStatus';

export function StorageError({ load }: { load: StatusLoad }) {
  const { t } = useI18n();
  if (load.state !== 'ready') return null;
  const { problem, error } = load.status;
  if (!problem && !error) return null;
  return (
    <div class="storage-error" role="alert" data-kind={problem?.kind}>
      {problem ? (
        <p>
          <strong>{storageProblemText(problem, t).title}</strong>
          {`: ${storageProblemText(problem, t).detail}`}
        </p>
      ) : (
        <p>{error}</p>
      )}
    </div>
  );
}
