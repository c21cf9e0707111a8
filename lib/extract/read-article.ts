/**
 * From a page to what the matcher reads: the article, its text blocks (block 0 is always the headline,
 * block 1 the lede), and the message to the background. Shared by the content script, the `spot` CLI
 * and the tests, so all three read a page the same way.
 */
import { type ArticleInput, MAX_CONTEXT_CHARS, MAX_CONTEXT_ITEMS } from '../entities/analysis';
import { type ExtractedArticle, extractArticle } from './article';
import { type TextBlock, textBlocks } from './blocks';

/** A page larger than this is read only this far: a huge page must not stall the reader's tab. */
export const MAX_ARTICLE_CHARS = 400_000;

export interface ReadArticle {
  article: ExtractedArticle;
  blocks: TextBlock[];
  input: ArticleInput;
}

export function readArticle(doc: Document, url: string): ReadArticle {
  const article = extractArticle(doc, url);
  const all = textBlocks(article.headline, article.blocks);
  // Without a headline element on the page, the title stands in as block 0 (nothing to mark there).
  if (!article.headline && article.title) all.unshift({ text: article.title, nodes: [], starts: [] });
  const blocks: TextBlock[] = [];
  let size = 0;
  for (const block of all) {
    if (size + block.text.length > MAX_ARTICLE_CHARS) break;
    size += block.text.length;
    blocks.push(block);
  }
  const input: ArticleInput = {
    url: article.url,
    page: url,
    title: article.title,
    ...(article.published ? { published: article.published } : {}),
    blocks: blocks.map((b) => b.text),
    context: article.context.slice(0, MAX_CONTEXT_ITEMS).map((text) => text.slice(0, MAX_CONTEXT_CHARS)),
  };
  return { article, blocks, input };
}
