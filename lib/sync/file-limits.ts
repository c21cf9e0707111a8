/**
 * How large a file the reader chooses in the options may be, in a module of its own: the options page checks a
 * file's size before reading it, without bundling the parsers that check the rest (./feed-file.ts, ./opml.ts).
 */

/** Characters of a feed file: checked before it is parsed (the page refuses a file that must hold more). */
export const FEED_FILE_MAX_CHARS = 64 * 1024 * 1024;
/** An OPML file larger than this is not read at all (500 feeds take some 100 KB). */
export const OPML_MAX_MEBIBYTES = 2;
