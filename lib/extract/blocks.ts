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

/**
 * Text written straight into a body container, outside any block element: a run of the container's own
 * children (text, and inline elements such as links) between two of its block-level children. The HTML
 * parser leaves text there when a paragraph holds an <aside> or a <div>: it closes the <p> at that element,
 * and the paragraph's words after it are the container's (Bloomberg's `<p><aside class="inline-newsletter">`).
 */
export interface LooseText {
  /** The container. */
  root: Element;
  /** The run, in document order: children of the root. */
  nodes: ChildNode[];
}

/** What an article's body is read from: block elements, each read whole, and runs of loose text. */
export type BodyBlock = Element | LooseText;

export const isLoose = (block: BodyBlock): block is LooseText => !('nodeType' in block);

/**
 * Inline parts of a block that are not its text (an embedded button, a hidden span, a picture's caption or credit
 * written inside the paragraph it illustrates, as MSN's pages do: "© Provided by Business Insider Inc Nintendo/Apple").
 */
const INNER_SKIP =
  'script, style, noscript, template, button, [hidden], [aria-hidden="true"], figcaption, [class*="caption" i], [class*="credit" i]';
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

/**
 * Elements a reader sees as a break in the text: a line break, or a block inside the block read (an <h3> and a <p>
 * in an <li>, as minified or client-rendered pages write them with no space between). Their text nodes meet with
 * nothing between them in the DOM, and read as one word: "OpenAIAnthropic's rival", "Backers:NvidiaMicrosoft".
 * By tag, not by computed style, which would lay the page out.
 */
const BREAK_TAGS =
  'BR P DIV LI UL OL DL DT DD H1 H2 H3 H4 H5 H6 BLOCKQUOTE PRE FIGURE FIGCAPTION TABLE TR TD TH SECTION ARTICLE ASIDE HEADER FOOTER ADDRESS DETAILS SUMMARY HR'.split(
    ' ',
  );
/** Both cases: an HTML document's tag names are upper case, an XHTML one's lower (no case folding per node read). */
const BREAKS = new Set([...BREAK_TAGS, ...BREAK_TAGS.map((tag) => tag.toLowerCase())]);
/** The same, as one native query: a block holding none (most paragraphs) is read with no look at its elements. */
const BREAK_SELECTOR = BREAK_TAGS.map((tag) => tag.toLowerCase()).join(',');
/** The breaks that are blocks of their own, a line break aside: where a run of loose text ends (./article.ts). */
export const BLOCK_BREAK_SELECTOR = BREAK_TAGS.filter((tag) => tag !== 'BR')
  .map((tag) => tag.toLowerCase())
  .join(',');
const breaks = (node: Node | null): boolean => node !== null && node.nodeType === 1 && BREAKS.has((node as Element).tagName);

/** Whether a break stands between this text node and the text before it in the block: a break before it, or one it is the start of. */
function brokenBefore(node: Node, block: Element): boolean {
  for (let at: Node = node; at !== block; at = at.parentNode as Node) {
    if (at !== node && breaks(at)) return true;
    const before = at.previousSibling;
    if (before) return breaks(before);
    if (!at.parentNode) return false;
  }
  return false;
}

/** Whether the text read so far ends in white space (its last character only: the block's text can be long). */
function endsInSpace(text: string): boolean {
  const code = text.charCodeAt(text.length - 1);
  return code === 32 || code === 10 || code === 9 || code === 13 || code === 12 || code === 160;
}

function* blockOf(block: BodyBlock, budget: ReadBudget, spent: Spent): Steps<TextBlock | null> {
  const loose = isLoose(block);
  // What is read: a block element's text nodes, or those of a run of loose text (its text nodes, and those of its
  // inline elements), each within the element it is the text of (`within`), where breaks and skipped parts are asked.
  const within = loose ? block.root : block;
  const parts: readonly Node[] = loose ? block.nodes : [block];
  const doc = within.ownerDocument;
  const nodes: Text[] = [];
  const starts: number[] = [];
  let text = '';
  // What node.parentElement.closest(INNER_SKIP) would say within the block, remembered (./ancestors.ts).
  // (None, and no walk up, when nothing inside a block element is to be skipped: one native query. A run of loose
  // text is asked node by node, in pauses: its inline elements may be many, and a query of each would not pause.)
  const skipped = loose || block.querySelector(INNER_SKIP) !== null ? new AncestorTest(INNER_SKIP, within) : null;
  const blockSkipped = !loose && block.matches(INNER_SKIP);
  const mayBreak = loose || block.querySelector(BREAK_SELECTOR) !== null;
  let step = 0;
  read: for (const part of parts) {
    // (Also between parts: a run may hold many inline elements without text, an image each.)
    if (++step % 64 === 0) yield;
    const walker = part.nodeType === 3 ? null : doc.createTreeWalker(part, SHOW_TEXT);
    for (let node = walker ? walker.nextNode() : part; node; node = walker ? walker.nextNode() : null) {
      if (++spent.nodes % 64 === 0) yield;
      if (spent.nodes > budget.nodes) break read;
      if (blockSkipped || (skipped && (yield* skipped.steps(node.parentElement)))) continue;
      // A line break between this node's text and the last one's, where the page shows one and the DOM has no space.
      if (mayBreak && nodes.length > 0 && !endsInSpace(text) && brokenBefore(node, within)) text += '\n';
      nodes.push(node as Text);
      starts.push(text.length);
      text += (node as Text).data;
    }
  }
  return text.trim() ? { text, nodes, starts } : null;
}

/** The text blocks of an article: the headline first (when there is one), then the body's blocks. */
export function textBlocks(headline: Element | null, body: readonly BodyBlock[]): TextBlock[] {
  return drain(textBlocksSteps(headline, body, { chars: Number.POSITIVE_INFINITY, nodes: Number.POSITIVE_INFINITY })).blocks;
}

/**
 * `textBlocks` within a budget, pausing between text nodes. A block that would pass the character budget,
 * and all after it, are left out (a block is never cut, so a mention's offsets stay whole); `complete` says
 * whether everything was read.
 */
export function* textBlocksSteps(
  headline: Element | null,
  body: readonly BodyBlock[],
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
