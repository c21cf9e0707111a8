/**
 * The popup's status lines before they are known: the same lines (PopupStatus.tsx), blank or "Reading the archive…",
 * so that the search below them stays where it first showed. Without them the search box and its first results moved
 * down twice, a line each time, as the rest of the popup came (PopupRest.tsx) and then this tab's status: under the
 * pointer of a reader already reaching for a result. In a file of its own: the popup's first script carries it.
 */
import { useI18n } from './i18n';

/** This tab's line, not yet asked for. */
export function TabLinePending() {
  return (
    <p class="quiet status-line" aria-hidden="true">
      {'\u00a0'}
    </p>
  );
}

/** The archive's line, not yet read. */
export function SyncLinePending() {
  const { t } = useI18n();
  return <p class="quiet status-line">{t.common.readingArchive}</p>;
}
