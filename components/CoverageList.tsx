/** The reporting an item drew on. Links only to http(s) addresses, in a new tab, without an opener. */
import type { Coverage } from '../lib/archive/schema';
import { httpUrl } from '../lib/archive/url';
import { DayText } from './DayText';
import { useI18n } from './i18n';

/** The address as a link target, or null when it is not http(s): feed content is data, never script. */
export function safeHref(url: string | undefined): string | null {
  return httpUrl(url)?.href ?? null;
}

export function CoverageList({ coverage }: { coverage: Coverage[] }) {
  const { t } = useI18n();
  return (
    <ul class="coverage">
      {coverage.map((row) => {
        const href = safeHref(row.url);
        // A description row's text is ours (in brackets), not the outlet's headline: it is shown as such.
        const text = row.description ? (
          <span class="description" title={t.timeline.ourDescription}>
            {row.headline}
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
            {row.checked === 'recall' && <span class="quiet">{t.timeline.fromMemory}</span>}
          </li>
        );
      })}
    </ul>
  );
}
