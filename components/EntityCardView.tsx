/** An entity's card in the panel: what it is, its owner, its page, follow, and a small chart of its archive items by year. */

import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { EntityCard } from '../lib/archive/views';
import { entityPageUrl } from '../lib/browse/links';
import { ARCHIVE_LANG } from '../lib/i18n/page';
import { sendMessage } from '../lib/messaging/client';
import { FollowButton } from './FollowButton';
import { useI18n } from './i18n';

export function EntityCardView({ entityId }: { entityId: string }) {
  const { t } = useI18n();
  const [card, setCard] = useState<EntityCard | null | undefined>(undefined);
  useEffect(() => {
    setCard(undefined);
    void sendMessage('getEntityCard', { entityId }).then((reply) => setCard(reply.ok ? reply.value : null));
  }, [entityId]);
  if (card === undefined) return <p class="quiet">{t.entity.reading}</p>;
  if (card === null) return null;
  const most = Math.max(1, ...card.byYear.map((y) => y.count));
  // The panel shows only what is about this story: the entity's other items are on its page, and the link says so.
  const total = card.byYear.reduce((n, y) => n + y.count, 0);
  return (
    <section class="entity-card" aria-label={t.entity.about(card.entity.name)}>
      <h3>{card.entity.name}</h3>
      <p class="type">
        {t.page.entityType[card.entity.type]}
        {card.parent ? (card.entity.type === 'person' ? t.entity.worksAt : t.entity.partOf)(card.parent.name) : ''}
      </p>
      <p lang={ARCHIVE_LANG}>{card.entity.description}</p>
      <p class="entity-actions">
        <a
          href={entityPageUrl(card.entity.id)}
          target="_blank"
          rel="noopener"
          onClick={(event) => {
            // A new tab of Backstory's own page, opened by the extension (the panel is a frame in a news page).
            event.preventDefault();
            void browser.tabs.create({ url: entityPageUrl(card.entity.id) });
          }}
        >
          {total > 0 ? t.entity.itemsOnPage(total) : t.entity.page}
        </a>{' '}
        <FollowButton entity={card.entity} />
      </p>
      {card.byYear.length > 0 && (
        <figure class="chart">
          <figcaption>{t.entity.byYear}</figcaption>
          <ul>
            {card.byYear.map(({ year, count }) => (
              <li key={year} aria-label={t.entity.yearCount(year, count)}>
                <span class="bar" style={{ width: `${Math.round((count / most) * 100)}%` }} />
                <span class="year">{year}</span> <span class="n">{count}</span>
              </li>
            ))}
          </ul>
        </figure>
      )}
    </section>
  );
}
