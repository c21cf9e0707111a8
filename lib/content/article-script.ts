/**
 * What the article script does on a page: read the article, ask the background which entities it
 * mentions, mark them, and host the panel. Everything it adds, it takes away when invalidated.
 */

import { extractArticle } from '../extract/article';
import { rangeOf, type TextBlock, textBlocks } from '../extract/blocks';
import { paintHighlights } from '../marks/highlights';
import { sendMessage } from '../messaging/client';
import { mountPanelHost } from '../panel/host';

/** A page larger than this is read only this far: a huge page must not stall the reader's tab. */
export const MAX_ARTICLE_CHARS = 400_000;

export interface ArticleScriptHandle {
  remove(): void;
}

export async function runArticleScript(doc: Document, url: string, sidebarUrl: string): Promise<ArticleScriptHandle | null> {
  const article = extractArticle(doc, url);
  if (!article.isArticle) return null;
  const blocks: TextBlock[] = [];
  let size = 0;
  for (const block of textBlocks(article.headline, article.body)) {
    if (size + block.text.length > MAX_ARTICLE_CHARS) break;
    size += block.text.length;
    blocks.push(block);
  }
  const reply = await sendMessage('analyzeArticle', { url: article.url, title: article.title, blocks: blocks.map((b) => b.text) });
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
