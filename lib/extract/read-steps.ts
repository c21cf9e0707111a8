/**
 * From a page to what the matcher reads: the article, its text blocks (block 0 is always the headline,
 * block 1 the lede), and the message to the background, in steps that can pause (./steps.ts). Shared by
 * the content script (in slices, Readability loaded on demand) and, through ./read-article.ts, the `spot`
 * CLI and the tests, so all three read a page the same way.
 */
import { type ArticleInput, MAX_CONTEXT_CHARS, MAX_CONTEXT_ITEMS } from '../entities/analysis';
import { type ExtractedArticle, extractArticleSteps, type ReadabilityLoader } from './article';
import { type ReadBudget, type TextBlock, textBlocksSteps } from './blocks';
import type { Steps } from './steps';

/**
 * How much of an article is read: its first 150,000 characters (some 25,000 words, beyond the longest long
 * read) and at most 20,000 text nodes (a page of tiny elements holds little text in many nodes). Past
 * either, the first part is read and the panel says so: a huge page must not stall the reader's tab.
 */
export const READ_BUDGET: ReadBudget = { chars: 150_000, nodes: 20_000 };

export interface ReadArticle {
  article: ExtractedArticle;
  blocks: TextBlock[];
  input: ArticleInput;
}

/** Reads the article, pausing between elements and text nodes: the article script runs it in slices. */
export function* readArticleSteps(
  doc: Document,
  url: string,
  readability: ReadabilityLoader,
  budget: ReadBudget = READ_BUDGET,
): Steps<ReadArticle> {
  const article = yield* extractArticleSteps(doc, url, readability, budget.chars);
  const { blocks, complete } = yield* textBlocksSteps(article.headline, article.blocks, budget);
  // Without a headline element on the page, the title stands in as block 0 (nothing to mark there).
  if (!article.headline && article.title) blocks.unshift({ text: article.title, nodes: [], starts: [] });
  const readWords = complete ? undefined : yield* wordCount(blocks);
  const input: ArticleInput = {
    url: article.url,
    page: url,
    title: article.title,
    ...(article.published ? { published: article.published } : {}),
    blocks: blocks.map((b) => b.text),
    context: article.context.slice(0, MAX_CONTEXT_ITEMS).map((text) => text.slice(0, MAX_CONTEXT_CHARS)),
    ...(readWords === undefined ? {} : { readWords }),
  };
  return { article, blocks, input };
}

/** Words in the blocks, for "the first N words were read" (a long page's count, so it pauses too). */
function* wordCount(blocks: readonly TextBlock[]): Steps<number> {
  let words = 0;
  for (const block of blocks) {
    words += block.text.match(/\S+/g)?.length ?? 0;
    yield;
  }
  return words;
}
