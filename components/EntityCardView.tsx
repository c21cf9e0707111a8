/** An entity's card in the panel: what it is, its owner, and a small chart of its archive items by year. */
import { useEffect, useState } from 'preact/hooks';
import type { EntityCard } from '../lib/archive/views';
import { sendMessage } from '../lib/messaging/client';

export function EntityCardView({ entityId }: { entityId: string }) {
  const [card, setCard] = useState<EntityCard | null | undefined>(undefined);
  useEffect(() => {
    setCard(undefined);
    void sendMessage('getEntityCard', { entityId }).then((reply) => setCard(reply.ok ? reply.value : null));
  }, [entityId]);
  if (card === undefined) return <p class="quiet">Reading…</p>;
  if (card === null) return null;
  const most = Math.max(1, ...card.byYear.map((y) => y.count));
  return (
    <section class="entity-card" aria-label={`About ${card.entity.name}`}>
      <h3>{card.entity.name}</h3>
      <p class="type">
        {card.entity.type}
        {card.parent ? ` · part of ${card.parent.name}` : ''}
      </p>
      <p>{card.entity.description}</p>
      {card.byYear.length > 0 && (
        <figure class="chart">
          <figcaption>Archive items by year</figcaption>
          <ul>
            {card.byYear.map(({ year, count }) => (
              <li key={year} aria-label={`${year}: ${count} ${count === 1 ? 'item' : 'items'}`}>
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
