/**
 * Readability, the fallback for pages with neither structured data nor a selector that finds the body. Its
 * parse is one synchronous task, so it is given a bounded input: a copy of the page whose body is cut off
 * after READABILITY_LIMITS. It is kept out of the article script: the extension's worker injects it into a
 * tab only when a page needs it (entrypoints/readability.ts), and the CLI and tests import it directly.
 */
import { Readability } from '@mozilla/readability';

/** Readability's article content for a page, or null when it finds none. */
export type ReadabilityParse = (doc: Document) => Element | null;

/** How much of a page's body the copy holds: beyond it, the page's tail is not given to Readability. */
export const READABILITY_LIMITS = { elements: 6_000, chars: 300_000 };

/** Subtrees Readability throws away anyway, not copied. */
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'CANVAS', 'VIDEO']);

/** A copy of the page for Readability: its <head> whole, its <body> in document order up to the limits. */
export function boundedCopy(doc: Document, limits = READABILITY_LIMITS): Document {
  const copy = doc.cloneNode(false) as Document;
  const html = copy.importNode(doc.documentElement, false);
  copy.appendChild(html);
  if (doc.head) html.appendChild(copy.importNode(doc.head, true));
  if (!doc.body) return copy;
  const body = copy.importNode(doc.body, false);
  html.appendChild(body);
  let elements = 0;
  let chars = 0;
  // Depth first, each node copied without its children and put under its parent's copy.
  const stack: [Node, Node][] = [...doc.body.childNodes].reverse().map((child): [Node, Node] => [child, body]);
  while (stack.length > 0 && elements < limits.elements && chars < limits.chars) {
    const [node, parent] = stack.pop() as [Node, Node];
    if (node.nodeType === 1 && SKIPPED.has((node as Element).tagName.toUpperCase())) continue;
    if (node.nodeType !== 1 && node.nodeType !== 3) continue;
    const copied = parent.appendChild(copy.importNode(node, false));
    if (node.nodeType === 3) chars += (node as Text).data.length;
    else {
      elements++;
      for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push([node.childNodes[i] as Node, copied]);
    }
  }
  return copy;
}

/** Readability on a bounded copy of the page. */
export function parseWithReadability(doc: Document, charThreshold = 200): Element | null {
  const parsed = new Readability<Node>(boundedCopy(doc), { serializer: (node) => node, charThreshold }).parse();
  return (parsed?.content as Element | null | undefined) ?? null;
}
