/**
 * The followed entities, each with what is new for it since the reader last looked (the popup's view when
 * nothing is searched). An entity's name opens its page, which records its new items seen.
 */
import { browser } from 'wxt/browser';
import { entityPageUrl } from '../lib/browse/links';
import { newByEntity, recordSeen } from '../lib/settings/follows';
import { DayText } from './DayText';
import { focusInPlace } from './focus';
import { useI18n } from './i18n';
import { NotSaved, useWorkerChange } from './NotSaved';
import { useFollows } from './useFollows';

/** How many new items each followed entity lists. */
const SHOWN = 3;

function openTab(url: string): void {
  void browser.tabs.create({ url });
  window.close();
}

export function FollowedList() {
  const { t } = useI18n();
  const { follows, unseen, loaded } = useFollows();
  // What is new is what is stored: news the worker could not mark seen stays listed, and the popup says so.
  const { change, notSaved } = useWorkerChange();
  if (!loaded) return null;
  const rows = newByEntity(unseen, follows);
  return (
    <section class="followed" aria-labelledby="followed-heading">
      <h2 id="followed-heading">{unseen.length > 0 ? t.popup.followingNew(unseen.length) : t.popup.following}</h2>
      {follows.length === 0 ? (
        <p class="quiet">{t.popup.followHint}</p>
      ) : (
        <ul class="followed-list">
          {rows.map(({ follow, news }) => (
            <li key={follow.entityId}>
              <a
                href={entityPageUrl(follow.entityId)}
                onClick={(event) => {
                  event.preventDefault();
                  openTab(entityPageUrl(follow.entityId));
                }}
              >
                {follow.name}
              </a>{' '}
              <span class={news.length > 0 ? 'new-count' : 'quiet'}>
                {news.length > 0 ? t.popup.newCount(news.length) : t.popup.nothingNew}
              </span>
              {news.length > 0 && (
                <ul class="followed-news">
                  {news.slice(0, SHOWN).map((arrival) => (
                    <li key={arrival.itemId}>
                      <span class="new-mark">{t.common.newMark}</span>{' '}
                      <a
                        href={entityPageUrl(follow.entityId, { item: arrival.itemId })}
                        onClick={(event) => {
                          event.preventDefault();
                          void change(() => recordSeen({ itemIds: [arrival.itemId] }));
                          openTab(entityPageUrl(follow.entityId, { item: arrival.itemId }));
                        }}
                      >
                        {arrival.title}
                      </a>{' '}
                      <DayText day={arrival.published} />
                    </li>
                  ))}
                  {news.length > SHOWN && (
                    <li>
                      <a
                        href={entityPageUrl(follow.entityId)}
                        onClick={(event) => {
                          event.preventDefault();
                          openTab(entityPageUrl(follow.entityId));
                        }}
                      >
                        {t.popup.moreNew(news.length - SHOWN, follow.name)}
                      </a>
                    </li>
                  )}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      {unseen.length > 0 && (
        <p>
          <button
            type="button"
            class="more"
            onClick={() => {
              // The button goes with the news it clears: the keyboard goes on from the section's heading.
              focusInPlace(document.getElementById('followed-heading'));
              void change(() => recordSeen({ all: true }));
            }}
          >
            {t.popup.markAllSeen}
          </button>
        </p>
      )}
      <NotSaved text={notSaved} />
    </section>
  );
}
