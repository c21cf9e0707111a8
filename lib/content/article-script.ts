/**
 * What the article script does on a page: read the article, ask the background which entities it
 * mentions, mark them, and host the panel; then watch for a body that loads late or a client-side
 * navigation, and read again (a bounded number of times at each address; changes outside the article's
 * body do not count: ./page-changes.ts). Everything it adds, it takes away when invalidated.
 */

import type { ArticleAnalysis } from '../entities/analysis';
import { rangeOf, type TextBlock } from '../extract/blocks';
import { readArticleSteps } from '../extract/read-steps';
import type { ReadabilityParse } from '../extract/readability';
import { injectedReadability } from '../extract/readability-global';
import { runInSlices, type Steps, whenIdle } from '../extract/steps';
import { pageMessagesFor } from '../i18n/page';
import { attachMentionCards, type CardInfo, type MarkedMention, type MentionCards } from '../marks/card';
import { type Marks, paintHighlights } from '../marks/highlights';
import { mentionsToMark } from '../marks/select';
import { sendMessage } from '../messaging/client';
import { TEXT_EDGE_SAMPLE } from '../panel/fit';
import { mountPanelHost, type PanelHost } from '../panel/host';
import { type MarkMode, rememberPanelOpen } from '../settings/settings';
import { browserFamily, tabTooltip } from '../settings/shortcut';
import { addressOf, bodyRootOf, changesArticle, createRereadBudget } from './page-changes';
import type { PageSettings } from './page-settings';

/** After this many re-reads at one address, a page that keeps changing is left as it is (until it moves to another). */
export const MAX_RESCANS = 5;
/** How often one address is read anew on coming back to it without a page load (a site's own navigation). */
export const MAX_VISITS = 20;
/** How long the page must be quiet before it is read again. */
const SETTLE_MS = 800;
/** How many changes made while the first read runs are kept to judge afterwards. */
const EARLY_CHANGES = 1000;

export interface ArticleScriptHandle {
  /** Opens or closes the panel (the keyboard command). */
  toggle(): void;
  /** Opens the panel (the popup's "Open the panel on this tab"). */
  open(): void;
  remove(): void;
}

/** The mentions to mark as ranges of the page's text, pausing now and then (a long page has thousands). */
function* marksFor(analysis: ArticleAnalysis, blocks: readonly TextBlock[], mode: MarkMode): Steps<MarkedMention[]> {
  const marked: MarkedMention[] = [];
  let step = 0;
  for (const m of mentionsToMark(analysis.mentions, mode)) {
    if (++step % 64 === 0) yield;
    const block = blocks[m.block];
    let range: Range | null = null;
    try {
      range = block ? rangeOf(block, m.start, m.end) : null;
    } catch {
      // The page changed that text while it was being read (between slices): that mention is not marked.
    }
    if (range) marked.push({ entityId: m.entityId, range });
  }
  return marked;
}

/**
 * Readability, for a page neither structured data nor selectors could read: injected by the worker on
 * first need (it is not in this script's bundle), then reused. Without it (the worker could not inject),
 * such a page finds no body.
 */
async function loadReadability(): Promise<ReadabilityParse> {
  const ready = injectedReadability();
  if (ready) return ready;
  const reply = await sendMessage('loadReadability', {});
  return (reply.ok ? injectedReadability() : undefined) ?? (() => null);
}

/**
 * The elements the article's text is in, each once, up to `limit`: the tab keeps out of the way of the
 * first few hundred (../panel/fit.ts), and a long page's 20,000 text nodes need not all be looked at.
 */
function textElements(blocks: readonly TextBlock[], limit = TEXT_EDGE_SAMPLE): Element[] {
  const elements = new Set<Element>();
  for (const block of blocks) {
    for (const node of block.nodes) {
      if (node.parentElement) elements.add(node.parentElement);
      if (elements.size >= limit) return [...elements];
    }
  }
  return [...elements];
}

/**
 * Runs the article script on `doc`. `settings` reads the reader's settings (./page-settings.ts), once for each
 * read of the page, alongside it: a change in the options reaches the page's next read.
 */
export async function runArticleScript(
  doc: Document,
  url: () => string,
  sidebarUrl: string | null,
  settings: () => Promise<PageSettings>,
): Promise<ArticleScriptHandle> {
  let panel: PanelHost | null = null;
  let marks: Marks | null = null;
  let cards: MentionCards | null = null;
  let lastText = '';
  let lastUrl = '';
  /** The article body's element, as last read: only changes inside it may change the article. */
  let bodyRoot: Element | null = null;
  /** Whether the panel's frame was loaded: it shows the article it was loaded on, so another article needs a new one. */
  let frameLoaded = false;
  /** Set once the script is taken away: a scan still running (it pauses) adds nothing after that. */
  let removed = false;

  const clearMarks = (): void => {
    cards?.remove();
    marks?.remove();
    cards = null;
    marks = null;
  };
  /** Takes the tab and panel off the page: the next article gets a new one, its frame not yet loaded. */
  const dropPanel = (): void => {
    panel?.remove();
    panel = null;
    frameLoaded = false;
  };
  /** Whether the worker holds an article of this document for the tab (it counts its entities on the toolbar). */
  let reported = false;
  /** The tab shows no article now: its tab and panel go, and the worker forgets the one it was told of. */
  const leaveArticle = (): void => {
    dropPanel();
    if (!reported) return;
    reported = false;
    void sendMessage('leftArticle', {});
  };

  /**
   * Reads the page and, when its article changed, marks it again. The reading and the marking run in
   * short slices that give the page its turn (../extract/steps.ts): no page, however large, is frozen.
   */
  const scan = async (): Promise<void> => {
    // Read while the page is: nothing waits for it until the analysis is back.
    const reading = settings();
    reading.catch(() => undefined);
    const { article, blocks, input } = await runInSlices(readArticleSteps(doc, url(), loadReadability));
    if (removed) return;
    bodyRoot = bodyRootOf(article.blocks);
    const text = input.blocks.join('\n');
    if (url() === lastUrl && text === lastText) return;
    lastUrl = url();
    lastText = text;
    if (!article.isArticle) {
      clearMarks();
      leaveArticle();
      return;
    }
    const reply = await sendMessage('analyzeArticle', input);
    reported = true;
    const reader = await reading;
    if (removed) return;
    clearMarks();
    // Quiet when there is nothing to say: no names found (or, with the reader's setting, an article that is
    // not about AI and technology: the worker says so) gets no tab and no marks. An unanswered request still
    // gets its tab ("!").
    if (reply.ok && (reply.value.entities.length === 0 || reply.value.quiet)) {
      dropPanel();
      return;
    }
    if (removed) return;
    // A panel loaded on the previous article would go on showing it: a new one, open if that one was.
    let reopen = false;
    if (panel && frameLoaded) {
      reopen = panel.isOpen;
      dropPanel();
    }
    const mounted = panel === null;
    // The reader's language as it is now: a change in the options reaches the tab and cards on the next page.
    const t = pageMessagesFor(reader.locale);
    // The host goes in at the page's next idle time (../extract/steps.ts): the page's own pending style and layout
    // are done in its frame, and adding the host then costs the next frame only what the host needs.
    // The tab keeps out of the text's way: a new host is placed as it goes in, in that idle time (../panel/host.ts).
    const textAt = reply.ok ? textElements(blocks) : [];
    const view = doc.defaultView;
    if (mounted && view) await whenIdle(view);
    if (removed) return;
    panel ??= mountPanelHost(doc, {
      sidebarUrl,
      t,
      text: textAt,
      count: reply.ok ? reply.value.entities.length : null,
      onToggle: (open) => {
        if (open) frameLoaded = true;
        // One the worker could not store is only not reopened on the site's next article: the panel is as the reader
        // left it, and this page (not Backstory's) is no place to say more.
        rememberPanelOpen(article.site, open).catch(() => undefined);
      },
      onFilter: (entityId) => sendMessage('setPanelFilter', { entityId }),
    });
    if (!reply.ok) {
      // The tab still shows, so the reader can open the panel and read why (a full disk, say).
      panel.setCount(null);
      return;
    }
    // A host kept from the last read is placed anew for this text; the tooltip names the shortcut the browser has now.
    if (!mounted) panel.setText(textAt);
    if (mounted) panel.setShortcutHint(tabTooltip(reply.value.shortcut ?? null, browserFamily(), t));
    // A panel that was open on the previous article stays open on this one; otherwise as the reader left it on the
    // site, except on a page too long to read whole: making room for the panel lays the whole page out again,
    // which on a page of 100,000 elements freezes it for a second or more. There the tab waits for a click.
    if (reopen) panel.open();
    else if (mounted && input.readWords === undefined && reader.panelOpenSites.includes(article.site)) panel.reopen();
    const mentions = await runInSlices(marksFor(reply.value, blocks, reader.markMode));
    if (removed || !panel) return;
    // Painted a slice at a time: each range added costs the page's renderer a little.
    const painting = paintHighlights(doc, []);
    marks = painting;
    await runInSlices(
      (function* (): Steps<void> {
        for (let i = 0; i < mentions.length; i += 256) {
          painting.add(mentions.slice(i, i + 256).map((m) => m.range));
          yield;
        }
      })(),
    );
    if (removed || marks !== painting) return;
    // The cards come last, once the tab has its place beside the text.
    await panel.placed();
    if (removed || marks !== painting || !panel) return;
    const info = new Map<string, CardInfo>(
      reply.value.entities.map((e) => [e.id, { name: e.name, type: e.type, description: e.description, items: e.items ?? 0 }]),
    );
    cards = attachMentionCards(doc, panel, mentions, info, (entityId) => void sendMessage('openEntityPage', { entityId }), t);
    panel.setCount(reply.value.entities.length);
    panel.setRelated(reply.value.related ?? null);
  };

  /** One read at a time: a read asked for while one runs (a body that arrived meanwhile) follows it. */
  let lastRead: Promise<void> = Promise.resolve();
  const read = (): Promise<void> => {
    lastRead = lastRead.then(scan, scan);
    return lastRead;
  };

  // Late bodies: read again once the article's body has been quiet, a bounded number of times at each
  // address. After a change the observer is disconnected for half the settling time, then watches for the
  // other half: a page that changes all the time (a ticker, a clock) calls Backstory twice a SETTLE_MS,
  // not once a change. Changes outside the body (a rotating ad, a clock in the header) are not looked at.
  // Watched from before the first read: a body that arrives while that read waits for the worker (a worker
  // starting up can take a second) is read once it settles, not missed.
  const budget = createRereadBudget(MAX_RESCANS);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let navigationTimer: ReturnType<typeof setTimeout> | undefined;
  const target = doc.body ?? doc.documentElement;
  const observe = (): void => observer.observe(target, { childList: true, subtree: true, characterData: true });
  const quiet = (): void => {
    observer.disconnect();
    if (removed) return;
    const again = budget.spend(url()) ? read() : Promise.resolve();
    // Still watched once the budget is spent, for a move to another address (where there is no Navigation API).
    void again.then(() => {
      if (!removed) observe();
    });
  };
  const ours = (node: Node): boolean => panel !== null && (node === panel.shadow.host || panel.shadow.host.contains(node));

  // Client-side navigations: another article at another address. The old marks go at once (their text may be
  // gone), and the page is read once it has had time to show the new article. Each visit is read afresh, with its
  // own re-reads (a return to an article, A → B → A, or a fourth look at one, is read like the first); the visits
  // to one address are bounded too, for a page that moves between two addresses without end.
  let address = addressOf(url());
  const visits = createRereadBudget(MAX_VISITS);
  const navigated = (to: string): void => {
    if (removed || addressOf(to) === address) return;
    address = addressOf(to);
    clearMarks();
    lastUrl = '';
    lastText = '';
    // Its re-reads come back with a visit that counts: a page flipping between two addresses for ever gets no more.
    if (visits.left(to)) budget.restore(to);
    clearTimeout(navigationTimer);
    navigationTimer = setTimeout(() => {
      if (removed) return;
      if (visits.spend(url())) void read();
      // Not read again: nothing of the last article stays to speak for this one.
      else leaveArticle();
    }, SETTLE_MS);
  };
  /** The body changed: read again once it has been quiet a while (see above). */
  const settle = (): void => {
    observer.disconnect();
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (removed) return;
      observe();
      timer = setTimeout(quiet, SETTLE_MS / 2);
    }, SETTLE_MS / 2);
  };
  // What changed while the first read ran, judged once that read has found the body: a page still loading
  // changes a lot (ads, widgets) and most of it is not the article.
  let early: Node[] | null = [];
  const observer = new MutationObserver((records) => {
    // Where the browser has no Navigation API, a new address is found by comparing it at each change.
    if (addressOf(url()) !== address) return navigated(url());
    if (early) {
      // One at a time: a page that changes 100,000 nodes at once must not overflow a spread's arguments.
      for (const record of records) {
        if (early.length > EARLY_CHANGES) break;
        early.push(record.target);
      }
      return;
    }
    if (!budget.left(url()) || !records.some((r) => !ours(r.target) && changesArticle(r.target, bodyRoot))) return;
    settle();
  });
  observe();
  await read().catch((error: unknown) => {
    // No handle is returned to take the script away: nothing is left watching the page.
    observer.disconnect();
    throw error;
  });
  const seen = early;
  early = null;
  // Past EARLY_CHANGES the page changed too much to look at each: read again once it settles, to be sure.
  const changed = seen.length > EARLY_CHANGES || seen.some((node) => !ours(node) && changesArticle(node, bodyRoot));
  if (changed && !removed && budget.left(url())) settle();

  // The Navigation API's `navigate` event (Chromium; https://developer.mozilla.org/docs/Web/API/Navigation/navigate_event)
  // fires for the page's history.pushState and replaceState as well as for links and the back button, before
  // the address changes; `popstate` covers the back button elsewhere.
  type NavigateEvent = Event & { destination: { url: string; sameDocument: boolean } };
  const navigation = (doc.defaultView as (Window & { navigation?: EventTarget }) | null)?.navigation;
  const onNavigate = (event: Event): void => {
    const { destination } = event as NavigateEvent;
    if (destination.sameDocument) navigated(destination.url);
  };
  const onPopState = (): void => navigated(url());
  navigation?.addEventListener('navigate', onNavigate);
  doc.defaultView?.addEventListener('popstate', onPopState);

  return {
    toggle() {
      panel?.toggle();
    },
    open() {
      panel?.open();
    },
    remove() {
      removed = true;
      observer.disconnect();
      clearTimeout(timer);
      clearTimeout(navigationTimer);
      navigation?.removeEventListener('navigate', onNavigate);
      doc.defaultView?.removeEventListener('popstate', onPopState);
      clearMarks();
      panel?.remove();
    },
  };
}
