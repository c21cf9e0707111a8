/**
 * HTML from a feed (a description, an Atom `type="html"` title) as plain text, with a real HTML
 * tokenizer (htmlparser2, the one that also reads the feed's XML), never a regular expression: entities
 * decoded, tags dropped, and scripts, styles and other non-text elements dropped with their content. The
 * text is only ever rendered as text. Pure; never throws.
 */
import { Parser } from 'htmlparser2';

/** Elements whose content is not text a reader would read. */
const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'head',
  'title',
  'select',
  'textarea',
  'button',
]);
/** Elements that end a run of words: a space stands for them. */
const BLOCKS = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'figure',
  'figcaption',
  'section',
  'article',
  'header',
  'footer',
  'table',
  'tr',
  'td',
  'th',
  'hr',
  'pre',
  'img',
]);

/**
 * How deep the HTML is read: past it the rest is left out (htmlparser2 grows its stack of open elements at
 * the front, so thousands of unclosed elements would cost quadratic time).
 */
const MAX_DEPTH = 100;
/** The most HTML read of one field: a description longer than this is cut before it is tokenized. */
export const HTML_INPUT_LIMIT = 200_000;

/**
 * The text of an HTML fragment, whitespace collapsed, cut at a word boundary to `limit` characters (with
 * an ellipsis when cut).
 */
export function htmlToText(html: string, limit = 1000): string {
  const parts: string[] = [];
  let length = 0;
  let dropped = 0;
  let full = false;
  let depth = 0;
  const push = (text: string) => {
    if (full) return;
    parts.push(text);
    length += text.length;
    if (length > limit * 2 + 100) full = true;
  };
  const parser: Parser = new Parser(
    {
      onopentag(name) {
        depth++;
        if (depth > MAX_DEPTH || full) parser.pause();
        if (DROPPED.has(name)) dropped++;
        else if (BLOCKS.has(name)) push(' ');
      },
      onclosetag(name) {
        depth = Math.max(0, depth - 1);
        if (DROPPED.has(name)) dropped = Math.max(0, dropped - 1);
        else if (BLOCKS.has(name)) push(' ');
      },
      ontext(text) {
        if (dropped === 0) push(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html.length > HTML_INPUT_LIMIT ? html.slice(0, HTML_INPUT_LIMIT) : html);
  // Paused (too deep, or enough text): what was read stands; ending would only read the rest.
  if (depth <= MAX_DEPTH && !full) parser.end();
  return clip(collapse(parts.join('')), limit);
}

/** Whitespace (and the invisible characters feeds leave in text) collapsed to single spaces. */
export function collapse(text: string): string {
  // Control characters (Unicode's Cc, less the whitespace the next step folds) and zero-width ones go.
  return text
    .replace(/[\p{Cc}\u200b-\u200d\u2060\ufeff]/gu, (c) => (/\s/.test(c) ? c : ''))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Text cut to `limit` characters at a word boundary, with an ellipsis when cut. */
export function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit);
  const space = cut.lastIndexOf(' ');
  return `${(space > limit / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}
