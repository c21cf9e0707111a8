/**
 * Reading a page at once, with Readability imported: the `spot` CLI, the evaluation and the tests. The
 * article script reads the same way in slices (./read-steps.ts), with Readability loaded only when needed.
 */

import { MIN_BODY_CHARS } from './article';
import type { ReadBudget } from './blocks';
import { READ_BUDGET, type ReadArticle, readArticleSteps } from './read-steps';
import { parseWithReadability } from './readability';
import { drain } from './steps';

export { READ_BUDGET, type ReadArticle, readArticleSteps } from './read-steps';

/** The article on a page, read at once. */
export function readArticle(doc: Document, url: string, budget: ReadBudget = READ_BUDGET): ReadArticle {
  return drain(readArticleSteps(doc, url, () => (page) => parseWithReadability(page, MIN_BODY_CHARS), budget));
}
