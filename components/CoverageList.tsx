/** The reporting an item drew on. Links only to http(s) addresses, in a new tab, without an opener. */
import type { Coverage } from '../lib/archive/schema';
import { httpUrl } from '../lib/archive/url';
import { DayText } from './DayText';
import { useI18n } from './i18n';

/** The address as a link target, or null when it is not http(s): feed content is data, never script. */
export function safeHref(url: string | undefined): string | null {
  return httpUrl(url)?.href ?? null;
}

/** A description's text without the square brackets around it. */
function unbracketed(text: string): string {
  return text.replace(/^\s*\[(.*)\]\s*$/s, '$1');
}

export function CoverageList({ coverage }: { coverage: Coverage[] }) {
  const { t } = useI18n();
  return (
    <ul class="coverage">
      {coverage.map((row) => {
        const href = safeHref(row.url);
        // A description row's text is ours, not the outlet's headline: shown as such, in words rather than the brackets
        // the archive keeps it in (docs/archive-format.md), which read as a placeholder.
        const text = row.description ? (
          <span class="description" title={t.timeline.ourDescription}>
            {unbracketed(row.headline)}
          </span>
        ) : (
          row.headline
        );
        return (
          <li key={`${row.outlet}-${row.headline}`}>
            <span class="outlet">{row.outlet}</span>, <DayText day={row.published} />:{' '}
            {href ? (
              <a href={href} target="_blank" rel="noopener noreferrer">
                {text}
              </a>
            ) : (
              text
            )}
            {row.description && <span class="quiet">{t.timeline.describedReport}</span>}
            {row.checked === 'recall' && <span class="quiet">{t.timeline.fromMemory}</span>}
          </li>
        );
      })}
    </ul>
  );
}
