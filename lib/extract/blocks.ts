/**
 * The article's text as blocks (headline, paragraphs, list items), each with the text nodes it was
 * read from, so a mention's offsets map back to a DOM Range without changing the page.
 */
import { AncestorTest } from './ancestors';
import { drain, type Steps } from './steps';

export interface TextBlock {
  text: string;
  nodes: Text[];
  /** Where each node's text starts in `text`. */
  starts: number[];
}

/** Inline parts of a block that are not its text (an embedded button, a hidden span, a credit). */
const INNER_SKIP = 'script, style, noscript, template, button, [hidden], [aria-hidden="true"]';
const SHOW_TEXT = 4; // NodeFilter.SHOW_TEXT, spelled out for DOMs without the global (linkedom in the CLI)

/** How much of a page is read: past either bound, the first part of the article is read and the rest left. */
export interface ReadBudget {
  /** Characters of text. */
  chars: number;
  /** Text nodes visited. */
  nodes: number;
}

/** Counts what has been read against a budget. */
interface Spent {
  chars: number;
  nodes: number;
}

function* blockOf(element: Element, budget: ReadBudget, spent: Spent): Steps<TextBlock | null> {
  const doc = element.ownerDocument;
  const walker = doc.createTreeWalker(element, SHOW_TEXT);
  const nodes: Text[] = [];
  const starts: number[] = [];
  let text = '';
  // What node.parentElement.closest(INNER_SKIP) would say within the block, remembered (./ancestors.ts).
  // (None, and no walk up, when nothing inside the block is to be skipped: one native query.)
  const skipped = element.querySelector(INNER_SKIP) === null ? null : new AncestorTest(INNER_SKIP, element);
  const blockSkipped = element.matches(INNER_SKIP);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (++spent.nodes % 64 === 0) yield;
    if (spent.nodes > budget.nodes) break;
    if (blockSkipped || (skipped && (yield* skipped.steps(node.parentElement)))) continue;
    nodes.push(node as Text);
    starts.push(text.length);
    text += (node as Text).data;
  }
  return text.trim() ? { text, nodes, starts } : null;
}

/** The text blocks of an article: the headline first (when there is one), then the body's blocks. */
export function textBlocks(headline: Element | null, body: readonly Element[]): TextBlock[] {
  return drain(textBlocksSteps(headline, body, { chars: Number.POSITIVE_INFINITY, nodes: Number.POSITIVE_INFINITY })).blocks;
}

/**
 * `textBlocks` within a budget, pausing between text nodes. A block that would pass the character budget,
 * and all after it, are left out (a block is never cut, so a mention's offsets stay whole); `complete` says
 * whether everything was read.
 */
export function* textBlocksSteps(
  headline: Element | null,
  body: readonly Element[],
  budget: ReadBudget,
): Steps<{ blocks: TextBlock[]; complete: boolean }> {
  const out: TextBlock[] = [];
  const spent: Spent = { chars: 0, nodes: 0 };
  for (const element of headline ? [headline, ...body] : body) {
    const block = yield* blockOf(element, budget, spent);
    if (spent.nodes > budget.nodes || (block && spent.chars + block.text.length > budget.chars)) return { blocks: out, complete: false };
    if (block) {
      spent.chars += block.text.length;
      out.push(block);
    }
  }
  return { blocks: out, complete: true };
}

/** The DOM Range of [start, end) in a block's text. */
export function rangeOf(block: TextBlock, start: number, end: number): Range | null {
  const locate = (offset: number, isEnd: boolean): [Text, number] | null => {
    for (let i = block.nodes.length - 1; i >= 0; i--) {
      const nodeStart = block.starts[i] as number;
      // A start belongs to the node it begins in; an end to the node it closes.
      if (isEnd ? nodeStart < offset : nodeStart <= offset) return [block.nodes[i] as Text, offset - nodeStart];
    }
    return null;
  };
  const from = locate(start, false);
  const to = locate(end, true);
  if (!from || !to) return null;
  const range = (from[0].ownerDocument as Document).createRange();
  range.setStart(from[0], from[1]);
  range.setEnd(to[0], to[1]);
  return range;
}
