/**
 * The bundled gazetteer's matcher, compiled at build time (wxt.config.ts writes it as base64 text, the
 * only form a generated package file takes) and loaded in the worker without compiling anything.
 */
import { type Matcher, matcherFromBytes, matcherToBytes } from './matcher';

export const PREBUILT_MATCHER_FILE = 'matcher.b64';

export function matcherToBase64(m: Matcher): string {
  const bytes = matcherToBytes(m);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function matcherFromBase64(text: string): Matcher {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return matcherFromBytes(bytes.buffer);
}
