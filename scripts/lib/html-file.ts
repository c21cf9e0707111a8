/** Reading a saved page in Node: its bytes decoded right, parsed into a DOM (linkedom). */
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';

/**
 * The page's text. UTF-8 when the bytes are valid UTF-8 (saved pages often declare a legacy charset
 * but hold UTF-8), else the declared charset, else Windows-1252 as browsers do.
 */
export function decodeHtml(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
    const declared = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1];
    try {
      return new TextDecoder(declared ?? 'windows-1252').decode(bytes);
    } catch {
      return new TextDecoder('windows-1252').decode(bytes);
    }
  }
}

export function readHtmlFile(path: string): Document {
  const { document } = parseHTML(decodeHtml(readFileSync(path)));
  return document as unknown as Document;
}
