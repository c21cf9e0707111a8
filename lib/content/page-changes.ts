/**
 * What counts as the page changing under the article script: a new address (a client-side navigation), or a
 * change inside the article's body. Everything else (a rotating ad in the rail, a clock in the header, an
 * ad slot between paragraphs) is not the article and neither re-reads it nor spends its budget of re-reads.
 */
import { NOT_ARTICLE } from '../extract/article';
import { type BodyBlock, isLoose } from '../extract/blocks';

/** An address as the article it shows: the fragment (a jump within the page) is not another article. */
export function addressOf(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

/** A budget of re-reads for each address: a busy page's changes spend its own, never a later article's. */
export interface RereadBudget {
  /** Takes one re-read from the address's budget; false when it is spent. */
  spend(url: string): boolean;
  /** Whether the address has re-reads left. */
  left(url: string): boolean;
  /** Gives the address its whole budget again (the reader has come to it anew). */
  restore(url: string): void;
}

export function createRereadBudget(max: number): RereadBudget {
  const used = new Map<string, number>();
  return {
    spend(url) {
      const address = addressOf(url);
      const count = used.get(address) ?? 0;
      if (count >= max) return false;
      used.set(address, count + 1);
      return true;
    },
    left(url) {
      return (used.get(addressOf(url)) ?? 0) < max;
    },
    restore(url) {
      used.delete(addressOf(url));
    },
  };
}

/** The smallest element holding all of the article's body blocks (null when there are none). */
export function bodyRootOf(blocks: readonly BodyBlock[]): Element | null {
  // Loose text is its container's own.
  const [first, last] = [blocks[0], blocks[blocks.length - 1]].map((b) => (b && isLoose(b) ? b.root : b));
  if (!first || !last) return null;
  let root: Element | null = first;
  while (root && !root.contains(last)) root = root.parentElement;
  return root;
}

/**
 * Whether a change to `target` may change the article: with no body read yet (a body that loads late) or a
 * body taken off the page (the site rendered another), any change may; otherwise only one inside the body,
 * and not inside a part of it that is not the article's text (an ad slot, a share bar: ../extract/article.ts).
 */
export function changesArticle(target: Node, body: Element | null): boolean {
  if (!body?.isConnected) return true;
  const element = target.nodeType === 1 ? (target as Element) : target.parentElement;
  if (!element || !body.contains(element)) return false;
  const excluded = element.closest(NOT_ARTICLE);
  return excluded === null || !body.contains(excluded);
}
