/**
 * What the article script does on a page: read the article, ask the background which entities it
 * mentions, mark them, and host the panel; then watch for a body that loads late or a client-side
 * navigation, and read again (a bounded number of times). Everything it adds, it takes away when
 * invalidated.
 */
import type { ArticleAnalysis } from '../entities/analysis';
import { rangeOf } from '../extract/blocks';
import { readArticle } from '../extract/read-article';
import { attachMentionCards, type CardInfo, type MarkedMention, type MentionCards } from '../marks/card';
import { type Marks, paintHighlights } from '../marks/highlights';
import { sendMessage } from '../messaging/client';
import { mountPanelHost, type PanelHost } from '../panel/host';
import { panelOpenSitesSetting, rememberPanelOpen } from '../settings/settings';

/** After this many re-reads a page that keeps changing is left as it is. */
export const MAX_RESCANS = 5;
/** How long the page must be quiet before it is read again. */
const SETTLE_MS = 800;

export interface ArticleScriptHandle {
  /** Opens or closes the panel (the keyboard command). */
  toggle(): void;
  remove(): void;
}

function marksFor(analysis: ArticleAnalysis, blocks: ReturnType<typeof readArticle>['blocks']): MarkedMention[] {
  const marked: MarkedMention[] = [];
  for (const m of analysis.mentions) {
    const block = blocks[m.block];
    const range = block ? rangeOf(block, m.start, m.end) : null;
    if (range) marked.push({ entityId: m.entityId, range });
  }
  return marked;
}

export async function runArticleScript(doc: Document, url: () => string, sidebarUrl: string | null): Promise<ArticleScriptHandle> {
  let panel: PanelHost | null = null;
  let marks: Marks | null = null;
  let cards: MentionCards | null = null;
  let lastText = '';
  let lastUrl = '';

  const clearMarks = (): void => {
    cards?.remove();
    marks?.remove();
    cards = null;
    marks = null;
  };

  /** Reads the page and, when its article changed, marks it again. */
  const scan = async (): Promise<void> => {
    const { article, blocks, input } = readArticle(doc, url());
    const text = input.blocks.join('\n');
    if (url() === lastUrl && text === lastText) return;
    lastUrl = url();
    lastText = text;
    if (!article.isArticle) {
      clearMarks();
      panel?.remove();
      panel = null;
      return;
    }
    const reply = await sendMessage('analyzeArticle', input);
    clearMarks();
    const mounted = panel === null;
    panel ??= mountPanelHost(doc, {
      sidebarUrl,
      count: reply.ok ? reply.value.entities.length : null,
      onToggle: (open) => void rememberPanelOpen(article.site, open),
    });
    if (!reply.ok) {
      // The tab still shows, so the reader can open the panel and read why (a full disk, say).
      panel.setCount(null);
      return;
    }
    if (mounted && (await panelOpenSitesSetting.getValue()).includes(article.site)) panel.open();
    const mentions = marksFor(reply.value, blocks);
    marks = paintHighlights(
      doc,
      mentions.map((m) => m.range),
    );
    const info = new Map<string, CardInfo>(
      reply.value.entities.map((e) => [e.id, { name: e.name, type: e.type, description: e.description, items: e.items ?? 0 }]),
    );
    cards = attachMentionCards(doc, panel, mentions, info);
    panel.setCount(reply.value.entities.length);
    panel.setRelated(reply.value.related ?? null);
  };

  await scan();

  // Late bodies and client-side navigations: read again once the page settles, a bounded number of times.
  let rescans = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const observer = new MutationObserver((records) => {
    if (records.every((r) => panel && (r.target === panel.shadow.host || panel.shadow.host.contains(r.target)))) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (rescans >= MAX_RESCANS) {
        observer.disconnect();
        return;
      }
      rescans++;
      void scan();
    }, SETTLE_MS);
  });
  observer.observe(doc.body ?? doc.documentElement, { childList: true, subtree: true, characterData: true });

  return {
    toggle() {
      panel?.toggle();
    },
    remove() {
      observer.disconnect();
      clearTimeout(timer);
      clearMarks();
      panel?.remove();
    },
  };
}
