/**
 * What the article script does on a page: read the article, ask the background which entities it
 * mentions, mark them, and host the panel. Everything it adds, it takes away when invalidated.
 */

import { rangeOf } from '../extract/blocks';
import { readArticle } from '../extract/read-article';
import { paintHighlights } from '../marks/highlights';
import { sendMessage } from '../messaging/client';
import { mountPanelHost } from '../panel/host';

export interface ArticleScriptHandle {
  remove(): void;
}

export async function runArticleScript(doc: Document, url: string, sidebarUrl: string): Promise<ArticleScriptHandle | null> {
  const { article, blocks, input } = readArticle(doc, url);
  if (!article.isArticle) return null;
  const reply = await sendMessage('analyzeArticle', input);
  if (!reply.ok) {
    // The tab still shows, so the reader can open the panel and read why (a full disk, say).
    const panel = mountPanelHost(doc, { sidebarUrl, count: null });
    return { remove: () => panel.remove() };
  }
  const ranges = reply.value.mentions
    .map((m) => {
      const block = blocks[m.block];
      return block ? rangeOf(block, m.start, m.end) : null;
    })
    .filter((r): r is Range => r !== null);
  const marks = paintHighlights(doc, ranges);
  const panel = mountPanelHost(doc, { sidebarUrl, count: reply.value.entities.length });
  return {
    remove() {
      marks.remove();
      panel.remove();
    },
  };
}
