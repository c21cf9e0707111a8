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
    /** Beside what the reader's organisation set through the browser's policies (lib/settings/managed.ts). */
    managed: {
      setBy: 'Set by your organisation',
      siteOff: 'Set by your organisation: off',
      runsOn: (site: string) => `Backstory runs on ${site}`,
      addedSite: (site: string) => `Your organisation added ${site} to Backstory's sites.`,
      syncOff: 'sync off: set by your organisation',
    },
    panel: {
      region: 'Backstory',
      close: 'Close the Backstory panel',
      noContext: 'No context for this page yet.',
      countLine: (entities: number, related: number) =>
        `${f.plural(entities, { one: `${f.number(entities)} entity`, other: `${f.number(entities)} entities` })} in this article · ${f.plural(
          related,
          { one: `${f.number(related)} related item`, other: `${f.number(related)} related items` },
        )}`,
      longPage: (words: number) => `A very long page: the first ${f.number(words)} words were read.`,
      entities: 'Entities',
      nothingOnStory:
        'The archive has nothing on this story yet: no item shares its names and its matter. The counts above say what it holds on each name.',
      closest: 'Closest stories',
      earlier: 'What this follows',
      since: 'Since then',
      filteredTo: (name: string) => `: ${name}`,
      nothingMentions: (name: string) => `Nothing here mentions ${name}.`,
      nothingLeft: 'Nothing left here.',
      hiddenCount: (n: number) =>
        f.plural(n, {
          one: `${f.number(n)} item marked not relevant to this article. `,
          other: `${f.number(n)} items marked not relevant to this article. `,
        }),
      showAgain: (n: number) => f.plural(n, { one: 'Show it again', other: 'Show them again' }),
      pattern: 'The pattern',
      signals: 'Signals to watch',
      copyBackstory: 'Copy this backstory as Markdown',
      copied: 'Copied.',
      copyRefused: 'The browser did not allow copying here.',
      thisStory: 'This story',
      earlierStory: 'From an earlier story',
      takeOwn: 'Analyst take · analysis, not reporting',
      takeBorrowed: 'Analyst take on this earlier story · analysis, not reporting',
      coverageDrawnOn: 'Coverage drawn on',
      /** The host page's side: the tab on the page's edge, and the panel's frame. */
      tabText: (count: number | null) => `Backstory · ${count === null ? '!' : f.number(count)}`,
      tabLabel: (count: number | null, nothingOnStory: boolean, open: boolean) =>
        `Backstory: ${
          count === null
            ? 'the archive is unavailable'
            : f.plural(count, { one: `${f.number(count)} entity in this article`, other: `${f.number(count)} entities in this article` })
        }${nothingOnStory ? ', nothing in the archive on this story yet' : ''}. ${open ? 'Close' : 'Open'} the context panel`,
      frameTitle: 'Backstory',
    },
    timeline: {
      shares: (names: string) => `shares ${names}`,
      words: (words: string) => ` · words: ${words}`,
      details: 'Details',
      detailsOf: (title: string) => `Details: ${title}`,
      copy: 'Copy',
      copiedShort: 'Copied',
      copyOf: (title: string) => `Copy as Markdown: ${title}`,
      notRelevant: 'Not relevant',
      notRelevantOf: (title: string) => `Not relevant to this article: ${title}`,
      take: 'Analyst take · analysis',
      ourDescription: 'Our description of the report, not its headline',
      fromMemory: ' (from memory, not yet checked)',
      press: 'Press coverage from your news feeds',
      coverage: 'Coverage',
      undated: 'The feed gave no date: the day Backstory first saw it',
      firstSeen: ' (first seen)',
    },
    signals: {
      by: 'By ',
      overdue: 'overdue: the date passed, and later items on these names do not confirm it',
      unresolved: (asOf: string | undefined) => `unresolved as of the archive's last update${asOf ? ` (${f.day(asOf)})` : ''}`,
      open: 'open',
      confirmed: 'confirmed',
      refuted: 'refuted',
      resolvedBy: (title: string) => ` by “${title}”`,
      fewer: 'Show fewer signals',
      more: (n: number) => f.plural(n, { one: `Show ${f.number(n)} more signal`, other: `Show ${f.number(n)} more signals` }),
    },
    entity: {
      reading: 'Reading…',
      about: (name: string) => `About ${name}`,
      partOf: (name: string) => ` · part of ${name}`,
      page: 'Entity page',
      byYear: 'Archive items by year',
      yearCount: (year: string, n: number) => `${year}: ${f.plural(n, { one: `${f.number(n)} item`, other: `${f.number(n)} items` })}`,
      follow: 'Follow',
      youFollow: (name: string) => `You follow ${name}: new items for it are marked`,
      markNewFor: (name: string) => `Mark new items for ${name}`,
    },
    card: {
      noItems: 'No archive items mention it yet.',
      items: (n: number) =>
        f.plural(n, { one: `${f.number(n)} archive item mentions it.`, other: `${f.number(n)} archive items mention it.` }),
      show: 'Show in Backstory',
      page: 'Entity page',
      keysFocused: 'Alt+↓ / Alt+↑: next / previous mention · Esc: close',
      keysHover: 'Esc: close',
    },
    translate: {
      offer: (language: string) => `Translate into ${language}`,
      working: 'Translating…',
      machine: 'Machine-translated',
      showOriginal: 'Show the original',
      failed: 'The translation did not work; the original is shown.',
      /** The reader's language, named in itself: the offer says what it translates into. */
      languageName: 'English',
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
