/**
 * The article's text as blocks (headline, paragraphs, list items), each with the text nodes it was
 * read from, so a mention's offsets map back to a DOM Range without changing the page.
 */

export interface TextBlock {
  text: string;
  nodes: Text[];
  /** Where each node's text starts in `text`. */
  starts: number[];
}

const BLOCK_SELECTOR = 'h1, h2, h3, h4, p, li, blockquote, figcaption:not(figure figcaption)';
/** Inside these, text is not the article's: navigation, rails, forms, credits. */
const SKIP_SELECTOR =
  'nav, aside, form, figure, footer, header:not(article header), script, style, noscript, [aria-hidden="true"], [hidden]';

function blockOf(element: Element): TextBlock | null {
  const doc = element.ownerDocument;
  const walker = doc.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  const starts: number[] = [];
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent && parent !== element && parent.closest(SKIP_SELECTOR) && element.contains(parent.closest(SKIP_SELECTOR))) continue;
    nodes.push(node as Text);
    starts.push(text.length);
    text += (node as Text).data;
  }
  return text.trim() ? { text, nodes, starts } : null;
}

/** The blocks of an article: the headline first, then the body's blocks in document order. */
export function textBlocks(headline: Element | null, body: Element | null): TextBlock[] {
  const blocks: TextBlock[] = [];
  if (headline) {
    const block = blockOf(headline);
    if (block) blocks.push(block);
  }
  if (!body) return blocks;
  for (const element of body.querySelectorAll(BLOCK_SELECTOR)) {
    if (element === headline || element.closest(SKIP_SELECTOR)) continue;
    // A block inside another block (a <p> in an <li>) is read with its outer block.
    if (element.parentElement?.closest(BLOCK_SELECTOR) && body.contains(element.parentElement.closest(BLOCK_SELECTOR))) continue;
    const block = blockOf(element);
    if (block) blocks.push(block);
  }
  return blocks;
}

/** The DOM Range of [start, end) in a block's text. */
export function rangeOf(block: TextBlock, start: number, end: number): Range | null {
  const locate = (offset: number, isEnd: boolean): [Text, number] | null => {
    for (let i = block.nodes.length - 1; i >= 0; i--) {
      const nodeStart = block.starts[i] as number;
      // A start belongs to the node it begins in; an end to the node it closes.
      if (isEnd ? nodeStart < offset : nodeStart <= offset) {
        return [block.nodes[i] as Text, offset - nodeStart];
      }
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
