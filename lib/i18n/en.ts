/**
 * The English catalogue: every word of Backstory's interface, by area. It is also the type of the others
 * (`Messages`): a key missing from zh-CN.ts or ja.ts, or a message taking other arguments, does not compile.
 * A message that depends on a number or a date is a function of it, and formats it through `f` (Intl).
 * Archive content (titles, summaries, takes, names) is data and never passes through here.
 */
import type { Format } from './format';

export function en(f: Format) {
  return {
    common: {
      product: 'Backstory',
      /** The entity types of the archive's schema, as the reader sees them. */
      entityType: {
        company: 'company',
        lab: 'lab',
        model: 'model',
        product: 'product',
        person: 'person',
        investor: 'investor',
        regulator: 'regulator',
        government: 'government',
        law: 'law',
        outlet: 'outlet',
        organization: 'organization',
      },
      readingArchive: 'Reading the archive…',
      cancel: 'Cancel',
      newMark: 'New',
      items: (n: number) => f.plural(n, { one: `${f.number(n)} item`, other: `${f.number(n)} items` }),
      archiveAsOf: (day: string) => `Archive as of ${f.day(day)}`,
      countsLine: (items: number, entities: number) =>
        `${f.plural(items, { one: `${f.number(items)} item`, other: `${f.number(items)} items` })} on ${f.plural(entities, {
          one: `${f.number(entities)} entity`,
          other: `${f.number(entities)} entities`,
        })}`,
      staleSince: (day: string) => `No sync has succeeded since ${f.day(day)}: the archive may be missing recent news.`,
      staleNever: 'No sync has succeeded yet: the archive may be missing recent news.',
      cannotRun: (reason: string) => `Backstory cannot run on this page: ${reason}`,
    },
    storage: {
      fullTitle: 'The disk is full',
      fullDetail: 'Backstory cannot update its archive until space is freed. Nothing it stored is lost.',
      newerTitle: 'The archive was saved by a newer version of Backstory',
      newerDetail: 'this version cannot read it. Update Backstory to use it again; nothing it stored has been changed.',
      cannotOpenTitle: 'Backstory cannot open its archive',
      cannotOpenDetail: (cause: string) =>
        `the browser says “${cause}”. Until it opens, no names are marked and the panel has nothing to show; restarting the browser may help. Nothing was deleted.`,
      failedTitle: 'The archive could not be updated',
    },
    popup: {
      noArticle: 'No article read on this tab.',
      entitiesOnPage: (n: number) =>
        f.plural(n, { one: `${f.number(n)} entity on this page: `, other: `${f.number(n)} entities on this page: ` }),
      archive: 'Archive',
      lastSync: (instant: string) => `last sync ${f.dateTime(instant)}`,
      noSyncYet: 'no sync yet',
      syncing: 'Syncing…',
      syncNow: 'Sync now',
      runOnce: 'Run Backstory once on this tab',
      togglePanel: 'Open or close the panel on this page',
      siteAdded: (site: string) => `Backstory runs on ${site}, a site you added (the options page lists it, to remove it).`,
      enableSite: (site: string) => `Enable Backstory on ${site}`,
      enableSiteNote: (site: string) => `The browser asks you to let Backstory read ${site}; it then runs there as on the news sites.`,
      enableDeclined: (site: string) => `Not enabled: the browser did not grant access to ${site}.`,
      following: 'Following',
      followingNew: (n: number) => `Following · ${f.number(n)} new`,
      followHint: 'Follow an entity from its page or the panel: what syncs bring for it is marked new here.',
      newCount: (n: number) => `${f.number(n)} new`,
      nothingNew: 'nothing new',
      markAllSeen: 'Mark all as seen',
    },
    pause: {
      pausedState: 'Backstory is paused: it reads no pages and syncs nothing.',
      resume: 'Resume Backstory',
      confirm: 'Pause Backstory everywhere? It will read no pages and sync no feeds until you resume it.',
      pause: 'Pause',
      pauseAsk: 'Pause Backstory…',
    },
    shortcut: {
      /** The sentence around the shortcut, which is shown as a key (<kbd>). */
      isSetBefore: 'Keyboard shortcut for the panel: ',
      isSetAfter: '. ',
      notSet: 'No keyboard shortcut is set for the panel. ',
      howFirefox: 'In Firefox: about:addons, the gear menu, "Manage Extension Shortcuts".',
      howChrome: 'In Chrome (and Edge, Brave, …): chrome://extensions/shortcuts (edge://extensions/shortcuts in Edge).',
      change: 'Change it',
      set: 'Set one',
      cannotOpen: ' This browser does not let Backstory open that page: open it as above.',
      tabTooltip: (shortcut: string) => `Open or close the Backstory panel (${shortcut})`,
      tabTooltipUnset: (how: string) => `Open or close the Backstory panel. No keyboard shortcut is set: ${how}`,
    },
    site: {
      runOn: (host: string) => `Run Backstory on ${host}`,
      offFromNext: ' · off from the next page load',
    },
    search: {
      region: 'Search',
      label: 'Search the archive',
      placeholder: 'Names, words, entity:openai, from:2026-06',
      removeEntity: (name: string) => `Entity: ${name}. Remove this filter`,
      type: 'Type',
      anyType: 'any',
      from: 'From',
      to: 'To',
      notUnderstood: (terms: string) => `Not understood: ${terms}`,
      newest: 'The newest items',
      nothingFound: 'Nothing found.',
      results: 'Results',
      item: 'Item',
      back: 'Back to the results',
      take: 'Take: ',
    },
  };
}

/** The shape every catalogue has: English's. */
export type Messages = ReturnType<typeof en>;
