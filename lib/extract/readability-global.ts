/**
 * Where the injected Readability file (entrypoints/readability.ts) leaves its parser for the article
 * script, in their shared isolated world: a page's own scripts live in another world and cannot see it.
 */
import type { ReadabilityParse } from './readability';

export const READABILITY_GLOBAL = 'backstoryReadability';
/** The injected file, as the worker names it to `scripting.executeScript`. */
export const READABILITY_FILE = '/readability.js';

/** The parser the injected file left, if it has been injected. */
export function injectedReadability(): ReadabilityParse | undefined {
  const found = (globalThis as Record<string, unknown>)[READABILITY_GLOBAL];
  return typeof found === 'function' ? (found as ReadabilityParse) : undefined;
}
