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

/** Inline parts of a block that are not its text (an embedded button, a hidden span, a credit). */
const INNER_SKIP = 'script, style, noscript, template, button, [hidden], [aria-hidden="true"]';
const SHOW_TEXT = 4; // NodeFilter.SHOW_TEXT, spelled out for DOMs without the global (linkedom in the CLI)

function blockOf(element: Element): TextBlock | null {
  const doc = element.ownerDocument;
  const walker = doc.createTreeWalker(element, SHOW_TEXT);
  const nodes: Text[] = [];
  const starts: number[] = [];
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const skipped = node.parentElement?.closest(INNER_SKIP);
    if (skipped && element.contains(skipped)) continue;
    nodes.push(node as Text);
    starts.push(text.length);
    text += (node as Text).data;
  }
  return text.trim() ? { text, nodes, starts } : null;
}

/** The text blocks of an article: the headline first (when there is one), then the body's blocks. */
export function textBlocks(headline: Element | null, body: readonly Element[]): TextBlock[] {
  const out: TextBlock[] = [];
  for (const element of headline ? [headline, ...body] : body) {
    const block = blockOf(element);
    if (block) out.push(block);
  }
  return out;
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
