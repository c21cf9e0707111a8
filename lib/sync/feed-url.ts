/**
 * A feed's address as the reader, an OPML file or an organisation's policy gives it. Apart from ./feeds.ts, whose
 * storage items the article script must not carry: the policy's reader (../settings/managed.ts) is in it.
 */
import { type Failure, failure } from '../messaging/problem';

/** A feed's address as stored: http(s) only, without its fragment; or why it is not one. */
export function normalizeFeedUrl(input: string): { ok: true; url: string } | Failure {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return failure('That is not a web address.', { code: 'notAddress' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return failure('A feed address starts with https:// (or http://).', { code: 'notHttp' });
  if (url.username || url.password) return failure('A feed address cannot carry a user name or password.', { code: 'credentials' });
  url.hash = '';
  return { ok: true, url: url.href };
}
