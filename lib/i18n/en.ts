/**
 * The English catalogue: every word of Backstory's interface, by area. It is also the type of the others
 * (`Messages`): a key missing from zh-CN.ts or ja.ts, or a message taking other arguments, does not compile.
 * A message that depends on a number or a date is a function of it, and formats it through `f` (Intl).
 * Archive content (titles, summaries, takes, names) is data and never passes through here.
 */
import type { StorageProblem } from '../archive/storage-problem';
import type { Problem, ProblemOf } from '../messaging/problem';
import type { Format } from './format';
import { pageEn } from './page';

/** How a problem's words reach the problems inside it (a feed's page, a step of "Delete everything"): worded in the same language. */
export interface ProblemWords {
  problem(problem: Problem): string;
  storage(problem: StorageProblem): string;
}

export function en(f: Format) {
  return {
    /** What the article script writes into the page (page.ts). */
    page: pageEn(f),
    common: {
      product: 'Backstory',
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
      /** A change the worker could not store (components/useWorkerChange.ts): the control shows what is stored again. */
      notSaved: (reason: string) => `Not saved: Backstory could not store this change (${reason}).`,
    },
    storage: {
      fullTitle: 'The disk is full',
      fullDetail: 'Backstory cannot update its archive until space is freed. Nothing it stored is lost.',
      fullAtOpenDetail:
        'Backstory cannot open its archive until space is freed: until then no names are marked and the panel has nothing to show. Nothing it stored is lost.',
      newerTitle: 'The archive was saved by a newer version of Backstory',
      newerDetail: 'this version cannot read it. Update Backstory to use it again; nothing it stored has been changed.',
      cannotOpenTitle: 'Backstory cannot open its archive',
      cannotOpenDetail: (cause: string) =>
        `the browser says “${cause}”. Until it opens, no names are marked and the panel has nothing to show; restarting the browser may help. Nothing was deleted.`,
      failedTitle: 'The archive could not be updated',
    },
    problems: {
      redirected: (p: ProblemOf<'redirected'>) =>
        `${p.host} sent Backstory to another site (${p.to}); add that address as a feed if you trust it.`,
      noFeed: (p: ProblemOf<'noFeed'>) => `${p.host} has no feed at this address (HTTP ${p.status}).`,
      serverFailed: (p: ProblemOf<'serverFailed'>) => `${p.host} failed to answer (HTTP ${p.status}); Backstory will try again later.`,
      refused: (p: ProblemOf<'refused'>) => `${p.host} refused the request (HTTP ${p.status}).`,
      wrongType: (p: ProblemOf<'wrongType'>) => `${p.host} sent ${p.type}, not a feed.`,
      tooLarge: (p: ProblemOf<'tooLarge'>) => `${p.host} sent more than ${f.number(p.megabytes)} MB: not read.`,
      timedOut: (p: ProblemOf<'timedOut'>) => `${p.host} did not answer within ${f.number(p.seconds)} seconds.`,
      unreachable: (p: ProblemOf<'unreachable'>) => `Could not reach ${p.host} (${p.detail}).`,
      unreadable: (p: ProblemOf<'unreadable'>) => `The feed is unreadable: ${p.detail}.`,
      unreadableIndex: (p: ProblemOf<'unreadableIndex'>) => `The feed's index is unreadable: ${p.detail}.`,
      noIndex: (_: ProblemOf<'noIndex'>) => 'The feed did not answer with its index.',
      notAddress: (_: ProblemOf<'notAddress'>) => 'That is not a web address.',
      notHttp: (_: ProblemOf<'notHttp'>) => 'A feed address starts with https:// (or http://).',
      credentials: (_: ProblemOf<'credentials'>) => 'A feed address cannot carry a user name or password.',
      alreadyListed: (_: ProblemOf<'alreadyListed'>) => 'That feed is in the list already.',
      noSuchFeed: (_: ProblemOf<'noSuchFeed'>) => 'No such feed.',
      managedFeed: (_: ProblemOf<'managedFeed'>) => 'Your organisation set this feed: it cannot be paused or removed here.',
      noAnswer: (_: ProblemOf<'noAnswer'>) => 'The background did not answer.',
      noBackground: (p: ProblemOf<'noBackground'>) => `Could not reach the background: ${p.detail}`,
      paused: (_: ProblemOf<'paused'>) => 'Backstory is paused: it reads no pages and syncs nothing until you resume it.',
      syncOff: (_: ProblemOf<'syncOff'>) => 'Your organisation has turned sync off: Backstory fetches no feed.',
      siteOff: (_: ProblemOf<'siteOff'>) => 'Your organisation switched this site off.',
      deleting: (_: ProblemOf<'deleting'>) => 'Backstory is deleting what it stored.',
      officialFeed: (_: ProblemOf<'officialFeed'>) => "The official feed is part of Backstory's archive; pause it instead.",
      page: (p: ProblemOf<'page'>, w: ProblemWords) => `Page ${p.key}: ${w.problem(p.problem)}`,
      pageOffSite: (_: ProblemOf<'pageOffSite'>) => "Its address is not on the feed's own site.",
      pageUnasked304: (_: ProblemOf<'pageUnasked304'>) => 'The server answered 304 to a request without validators.',
      pageChanged: (_: ProblemOf<'pageChanged'>) => 'Its content is not what the index lists (a changed or truncated file): not applied.',
      pageNoKey: (_: ProblemOf<'pageNoKey'>) => 'This build has no key to check the official feed with: not applied.',
      pageSignature: (_: ProblemOf<'pageSignature'>) => 'Its signature does not match the official key: rejected.',
      pageKey: (p: ProblemOf<'pageKey'>) => `It says it is page ${p.said}.`,
      /** The storage problem's title and detail, as the storage panels say them. */
      storage: (p: ProblemOf<'storage'>, w: ProblemWords) => w.storage(p.storage),
      noFile: (_: ProblemOf<'noFile'>) => 'No file was given.',
      fileTooLarge: (p: ProblemOf<'fileTooLarge'>) => `Nothing was imported: the file is larger than ${f.number(p.mebibytes)} MiB.`,
      notFeedFile: (p: ProblemOf<'notFeedFile'>) => `Nothing was imported: the file is not a Backstory feed file: ${p.detail}.`,
      fileVersion: (p: ProblemOf<'fileVersion'>) =>
        `Nothing was imported: the file is version ${p.version}; this Backstory reads version ${p.reads} (update Backstory).`,
      filePage: (p: ProblemOf<'filePage'>) => `Nothing was imported: page ${f.number(p.page)} of the file: ${p.detail}.`,
      importStopped: (p: ProblemOf<'importStopped'>, w: ProblemWords) =>
        `The import stopped: ${w.problem(p.problem)} (${
          p.pages > 0 ? `${f.number(p.pages)} of ${f.number(p.of)} pages were imported, each whole` : 'nothing was imported'
        }).`,
      notOpml: (p: ProblemOf<'notOpml'>) => `The file is not OPML: ${p.detail}`,
      opmlNotXml: (_: ProblemOf<'opmlNotXml'>) => 'The file is not OPML: it is not well-formed XML.',
      opmlRoot: (_: ProblemOf<'opmlRoot'>) => 'The file is not OPML: its root is not <opml>.',
      opmlNoFeeds: (_: ProblemOf<'opmlNoFeeds'>) => 'The file lists no feed address (an outline with an xmlUrl).',
      message: (p: ProblemOf<'message'>) => p.detail,
      eraseFailed: (p: ProblemOf<'eraseFailed'>, w: ProblemWords) =>
        p.steps
          .map(({ step, problem }) => {
            const what = {
              settings: 'Settings could not be cleared',
              permissions: 'Permissions could not be given back',
              archive: 'The archive could not be reset',
              restart: 'Backstory could not start again',
            }[step];
            return `${what}: ${w.problem(problem)}`;
          })
          .join(' '),
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
      moreNew: (n: number, name: string) => `${f.number(n)} more on ${name}'s page`,
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
      change: 'Change it',
      set: 'Set one',
      cannotOpen: ' This browser does not let Backstory open that page: open it as above.',
    },
    site: {
      runOn: (host: string) => `Run Backstory on ${host}`,
      offFromNext: ' · off from the next page load',
    },
    /** Beside what the reader's organisation set through the browser's policies (lib/settings/managed.ts). */
    managed: {
      setBy: 'Set by your organisation',
      /** The same, after a sentence it qualifies. */
      setByAside: '(Set by your organisation)',
      siteOff: 'Set by your organisation: off',
      runsOn: (site: string) => `Backstory runs on ${site}`,
      addedSite: (site: string) => `Your organisation added ${site} to Backstory's sites.`,
      syncOff: 'sync off: set by your organisation',
      sitesHeading: 'Sites your organisation added',
      syncDisabled: 'Your organisation has turned sync off: Backstory fetches no feed.',
      noticeFeeds: (feeds: string) => `Feeds every reader follows: ${feeds}.`,
      noticeAdded: (sites: string) => `Sites added: ${sites}.`,
      noticeOff: (sites: string) => `Sites switched off: ${sites}.`,
      noticeSyncOff: 'Sync is turned off: Backstory fetches no feed, and its archive stays the one bundled with it.',
      noticeIssues: 'Some of the policy could not be used, and is ignored:',
    },
    panel: {
      covered:
        'That click did nothing: Backstory could not see its panel in plain sight (the page may have drawn over it, or dimmed it). To use a control anyway, Tab to it and press Space or Enter.',
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
      /** A chip's count when the panel shows context: how often the article names the entity (the card counts archive items). */
      // A chip's count of the article's mentions, beside the chips of an empty panel that count archive items: said in words.
      mentionsShort: (n: number) => f.plural(n, { one: `${f.number(n)} mention`, other: `${f.number(n)} mentions` }),
      nothingOnStory:
        'The archive holds nothing about this story: none of its items is about the same matter. The counts above say what it holds on each name.',
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
      copyFrom: (title: string) => `from ${title}`,
      copyFooter: (asOf: string | undefined) => `From Backstory's archive${asOf ? `, as of ${asOf}` : ''}. Takes are analysis, not fact.`,
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
      describedReport: ' (our description of the report: its headline is not known)',
      dayNotConfirmed: ' (day not confirmed)',
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
      /** A person's organisation, where the archive's tree puts them: not "part of" it. */
      worksAt: (name: string) => ` · at ${name}`,
      itemsOnPage: (n: number) =>
        f.plural(n, { one: `Its ${f.number(n)} archive item, on its page`, other: `All ${f.number(n)} of its archive items, on its page` }),
      page: 'Entity page',
      byYear: 'Archive items by year',
      yearCount: (year: string, n: number) => `${year}: ${f.plural(n, { one: `${f.number(n)} item`, other: `${f.number(n)} items` })}`,
      follow: 'Follow',
      /** The Follow button of an entity the reader follows (pressed). */
      following: 'Following',
      youFollow: (name: string) => `You follow ${name}: new items for it are marked. Click to stop following.`,
      markNewFor: (name: string) => `Mark new items for ${name}`,
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
    options: {
      title: 'Backstory settings',
      archive: 'Archive',
      mayClear:
        'The browser may clear the archive when the disk runs low; Backstory would then rebuild it from the bundled copy and its feeds.',
      sites: 'Sites',
      sitesNote:
        'Backstory runs only on these sites and the ones you add. A site turned off gets no script at all from its next page load.',
      siteLabel: (name: string, host: string) => `${name} (${host})`,
      keyboard: 'Keyboard',
      keyboardNote:
        "The tab on the page's right edge is the first stop of the Tab key. In the panel or on the tab, Alt+↓ / Alt+↑ go to the next or previous marked name; Esc closes.",
      language: 'Language',
      languageLabel: 'Language of Backstory',
      languageAuto: (name: string) => `As the browser (${name})`,
      languageNote: 'Open Backstory pages switch at once; the tab and cards on articles from their next page load.',
      addedSites: 'Sites you added',
      noAddedSites: 'None. On any other site, the toolbar button offers "Enable Backstory on" that site.',
      remove: 'Remove',
      removeSite: (site: string) => `Remove ${site}`,
    },
    /** Each language named in itself, for the language setting. */
    languageNames: { en: 'English', 'zh-CN': '简体中文', ja: '日本語' },
    reading: {
      heading: 'Reading',
      marksLegend: 'Names marked in the article',
      first: 'First mention of each name',
      firstHint: 'one mark a name, where the article first uses it',
      all: 'All mentions',
      allHint: 'every time a name comes up',
      none: 'No marks, panel only',
      noneHint: 'the text is left as it is; the tab and panel stay',
      aiOnly: 'Only articles about AI and technology',
      aiOnlyNote:
        'Judged from the names Backstory finds: an AI lab, model, product, technology company or technology law in the headline or lede, or two of them anywhere. Elsewhere Backstory shows no tab and no marks. Both settings apply from the next page load.',
    },
    follows: {
      heading: 'Followed entities',
      none: 'You follow no entity yet: follow one from its page or the panel.',
      some: (names: string) => `You follow ${names}.`,
      badgeLegend: 'The toolbar badge counts',
      badgeEntities: 'the entities found on the tab',
      badgeNew: 'new items for the entities you follow',
      notify: 'Notify me of new items for followed entities',
      notifyRefused: 'Notifications stay off: the browser did not grant Backstory permission to show them.',
    },
    erase: {
      heading: 'Your data',
      note: 'Everything Backstory keeps is on this machine. Deleting it forgets your settings, the feeds you added and what they brought, what you follow, and the sites you granted; the archive goes back to the copy bundled with Backstory.',
      confirm: 'Delete everything Backstory stored? This cannot be undone.',
      go: 'Delete everything',
      ask: 'Delete everything Backstory stored…',
      done: 'Deleted. Backstory is as it was when installed: the bundled archive and the default settings.',
    },
    feeds: {
      heading: 'Feeds',
      /** What an offered feed carries (lib/sync/offered-feeds.ts). */
      offeredAbout: (name: string, scope: 'all' | 'ai' | 'headlines', format: string) =>
        ({ all: `all ${name} stories`, ai: `${name}’s AI stories`, headlines: `${name}’s headlines` })[scope] + ` (${format})`,
      never: 'never',
      official: ' Official',
      paused: ' · paused',
      status: (lastSuccess: string, nextRun: string) => `Last success: ${lastSuccess} · next run: ${nextRun}`,
      pausedShort: 'paused',
      newsFeed: ' · news feed: headlines as coverage',
      lastRun: (added: number, updated: number, removed: number, skipped: number) =>
        ` · last sync: ${f.number(added)} added, ${f.number(updated)} updated, ${f.number(removed)} removed${skipped ? `, ${f.number(skipped)} skipped` : ''}`,
      progressPages: (done: number, total: number) => `Syncing… ${f.number(done)} of ${f.number(total)} pages`,
      progressIndex: 'Syncing… reading the index',
      lastError: (error: string) => `Last error: ${error}`,
      resume: 'Resume',
      pause: 'Pause',
      remove: 'Remove',
      needPermission: (host: string) => `Backstory needs your permission to read ${host} to follow its feed.`,
      newsLegend: "News sites' feeds",
      newsNote: "Headlines from these feeds show in the panel's timeline as coverage (outlet, date, headline, link), never as analysis.",
      keepFor: 'Keep news headlines for',
      years: 'years',
      keepCap: (cap: number) => `(at most ${f.number(cap)}, the oldest dropped first; curated items are never dropped)`,
      lastSync: (instant: string) => `Last sync ${f.dateTime(instant)}`,
      none: 'No feeds yet: the archive is the one bundled with Backstory.',
      syncNow: 'Sync now',
      nothingToSync: 'No feed to sync: add one below, or turn on a news site’s feed.',
      allPaused: 'Every feed is paused: nothing to sync. Resume one to sync it.',
      every: 'Sync every',
      hours: 'hours',
      url: 'Feed URL',
      add: 'Add feed',
      added: (title: string, pages: number, news: boolean, latest: string | undefined) =>
        `Added “${title}”: ${f.number(pages)} ${news ? 'headlines' : 'pages'}${latest ? `, newest from ${f.day(latest)}` : ''}. Its items arrive with this first sync.`,
    },
    files: {
      heading: 'Export and import',
      saveArchive: 'Save the archive as a feed file',
      importFile: 'Import a feed file',
      importNote:
        "An imported file goes through the same checks as a feed, as a source of its own: it adds its items and cannot change the archive's.",
      saveOpml: 'Save the feed list as OPML',
      importOpml: 'Import OPML',
      imported: (title: string, added: number, updated: number, unchanged: number, entities: number, skipped: number, examples: string) =>
        `Imported “${title}”: ${f.number(added)} new, ${f.number(updated)} updated, ${f.number(unchanged)} unchanged items, ${f.number(entities)} entities${
          skipped ? `; ${f.number(skipped)} left out (${examples})` : ''
        }.`,
      savedOpml: (n: number) =>
        f.plural(n, {
          one: `Saved ${f.number(n)} feed as backstory-feeds.opml.`,
          other: `Saved ${f.number(n)} feeds as backstory-feeds.opml.`,
        }),
      noPermission: 'No feed was added: Backstory needs your permission to read their sites.',
      addedOf: (added: number, total: number) =>
        f.plural(total, {
          one: `Added ${f.number(added)} of ${f.number(total)} feed.`,
          other: `Added ${f.number(added)} of ${f.number(total)} feeds.`,
        }),
      opmlLists: (n: number, ignored: number) =>
        `${f.plural(n, { one: `The file lists ${f.number(n)} feed`, other: `The file lists ${f.number(n)} feeds` })}${
          ignored
            ? f.plural(ignored, {
                one: ` (${f.number(ignored)} other address left out)`,
                other: ` (${f.number(ignored)} other addresses left out)`,
              })
            : ''
        }:`,
      addThese: 'Add these feeds',
      couldNotSave: (error: string) => `Could not save: ${error}`,
      saved: (n: number, name: string) =>
        f.plural(n, { one: `Saved ${f.number(n)} item as ${name}.`, other: `Saved ${f.number(n)} items as ${name}.` }),
    },
    welcome: {
      title: 'Welcome to Backstory',
      intro:
        'On an AI news article, Backstory marks the companies, people and products it knows, and a tab on the right edge opens a panel with the backstory: the earlier stories this one follows, what came since, and the signals to watch.',
      staysHeading: 'What stays on your machine',
      stays:
        "Everything. The archive is kept in your browser, in Backstory's own storage, starting from a copy bundled with it. The articles you read are read on this machine and are sent nowhere: no account, no tracking, no analytics. Feeds only bring news to Backstory; a feed is never told what you read.",
      keyboardHeading: 'The keyboard',
      pressBefore: 'Press ',
      pressAfter: ' on an article to open or close the panel.',
      noKey: 'No key is set to open the panel: the tab on the right edge of an article opens it.',
      changeShortcut: 'Change the shortcut',
      whereHeading: 'Where it runs',
      where: (n: number) => `Backstory runs on these ${f.number(n)} news sites only. Turn any of them off in the settings.`,
      handsHeading: 'In your hands',
      hands: 'Pause Backstory from its toolbar button whenever you like, and delete everything it stored from the settings.',
      openSettings: 'Open the settings',
    },
    entityPage: {
      noEntity: 'This address names no entity.',
      unknown: (id: string) => `The archive has no entity “${id}”.`,
      partOf: ' · part of ',
      at: ' · at ',
      also: (aliases: string) => `Also: ${aliases}`,
      saveFile: 'Save as feed file',
      homepage: 'Homepage',
      inArchive: (n: number) => f.plural(n, { one: `${f.number(n)} item in the archive`, other: `${f.number(n)} items in the archive` }),
      relatives: 'Relatives',
      parent: 'Parent: ',
      worksAt: 'Works at: ',
      parentItems: (n: number) => `(${f.plural(n, { one: `${f.number(n)} item`, other: `${f.number(n)} items` })})`,
      childItems: (type: string, n: number) => `(${type}, ${f.plural(n, { one: `${f.number(n)} item`, other: `${f.number(n)} items` })})`,
      itemsByDate: 'Items by date',
      alsoNaming: 'Also naming',
      anyEntity: 'any entity',
      clear: 'Clear filters',
      matched: (n: number, filtered: boolean, shown: number, truncated: boolean) =>
        `${f.plural(n, { one: `${f.number(n)} item`, other: `${f.number(n)} items` })}${filtered ? ' match' : ''}${
          shown < n ? `, the newest ${f.number(shown)} shown` : ''
        }${truncated ? ' (the range holds more: narrow the dates to see older ones)' : ''}`,
      details: 'Take, signals and coverage',
      signal: (by: string, status: string) => `(by ${by}; ${status})`,
      copyMarkdown: 'Copy as Markdown',
      docTitle: (name: string) => `${name} · Backstory`,
    },
    worker: {
      actionTitle: 'Backstory',
      actionPaused: 'Backstory (paused)',
      badgeOff: 'off',
      notificationTitle: (n: number, names: string) =>
        f.plural(n, { one: `${f.number(n)} new item on ${names}`, other: `${f.number(n)} new items on ${names}` }),
    },
    search: {
      region: 'Search',
      label: 'Search the archive',
      placeholder: 'Names, words, entity:openai, from:2026-06',
      removeEntity: (name: string) => `Entity: ${name}. Remove this filter`,
      openEntityPage: (name: string) => `Open ${name}'s page`,
      type: 'Type',
      anyType: 'any',
      from: 'From',
      to: 'To',
      notUnderstood: (terms: string) => `Not understood: ${terms}`,
      typedFilters: (parts: string) => `Filtered as typed: ${parts}`,
      emptyRange: 'The “from” date is after the “to” date: no day lies between them.',
      newest: 'The newest items',
      nothingFound: 'Nothing found.',
      firstItems: (n: number) => `The first ${f.number(n)} items; more match (add a word, a name or dates to narrow)`,
      results: 'Results',
      item: 'Item',
      back: 'Back to the results',
      take: 'Take: ',
      headlines: (n: number) => f.plural(n, { one: `${f.number(n)} headline`, other: `${f.number(n)} headlines` }),
      headlineTag: 'Headline',
    },
  };
}

/** The shape every catalogue has: English's. */
export type Messages = ReturnType<typeof en>;
