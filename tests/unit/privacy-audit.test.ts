/**
 * The privacy audit's two halves on small inputs: reading Chromium's net log (who asked for what, and
 * what went on the wire), and judging each request. The end-to-end audit (tests/e2e/privacy.e2e.test.ts)
 * runs them on a real browsing session.
 */
import { describe, expect, it } from 'vitest';
import { type NetRequest, readNetLog } from '../../scripts/lib/net-log';
import { type AuditedPage, auditRequests, plainText } from '../../scripts/lib/privacy-audit';

const EXT = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const PAGE_URL = 'https://www.wired.com/2016/08/airplane-tires/';
const PARAGRAPH = 'Airplane tires are inflated to about six times the pressure of a car tire, and they are built to take it.';
const PAGE: AuditedPage = {
  url: PAGE_URL,
  title: 'Why Airplane Tires Rarely Burst | WIRED',
  paragraphs: [PARAGRAPH],
  source: '<html><img src="https://media.wired.com/photos/tire.jpg"><script src="https://tracker.example.com/t.js"></script></html>',
};

/** A net log as Chromium writes it: a line of constants, then one event a line (numbers of our choosing). */
function netLog(events: object[], { finished = true } = {}): string {
  const constants = {
    logEventTypes: {
      URL_REQUEST_START_JOB: 1,
      HTTP_TRANSACTION_SEND_REQUEST_HEADERS: 2,
      CORS_REQUEST: 3,
      HTTP_STREAM_REQUEST_BOUND_TO_JOB: 4,
      SOCKET_IN_USE: 5,
      SSL_SOCKET_BYTES_SENT: 6,
      SOCKET_BYTES_SENT: 7,
      SSL_CONNECT: 8,
    },
    logSourceType: { URL_REQUEST: 1, SOCKET: 10, HTTP_STREAM_JOB: 17 },
    logEventPhase: { PHASE_BEGIN: 1, PHASE_END: 2, PHASE_NONE: 0 },
  };
  const lines = [`{"constants":${JSON.stringify(constants)},`, '"events": [', ...events.map((e) => `${JSON.stringify(e)},`)];
  return `${lines.join('\n')}\n${finished ? ']}\n' : '{"params":{"url":"https://cut.example/'}`;
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('reading the net log', () => {
  const wire = `POST /demo/index.json HTTP/1.1\r\nHost: feeds.example.org\r\nContent-Length: 12\r\n\r\n{"a":"café"}`;
  const events = [
    { type: 3, phase: 1, source: { id: 7, type: 1 }, params: { request_headers: { headers: ['x-set-by-caller: 1'] } } },
    {
      type: 1,
      phase: 1,
      source: { id: 7, type: 1 },
      params: { url: 'https://feeds.example.org/demo/index.json', method: 'POST', initiator: EXT, request_type: 'other' },
    },
    { type: 4, phase: 0, source: { id: 7, type: 1 }, params: { source_dependency: { id: 20, type: 17 } } },
    { type: 2, phase: 0, source: { id: 7, type: 1 }, params: { headers: ['Host: feeds.example.org', 'Content-Length: 12'] } },
    { type: 8, phase: 1, source: { id: 30, type: 10 } },
    { type: 5, phase: 1, source: { id: 30, type: 10 }, params: { source_dependency: { id: 20, type: 17 } } },
    // The socket's ciphertext is not the request; its decrypted bytes are.
    { type: 7, phase: 0, source: { id: 30, type: 10 }, params: { bytes: base64('\u0017\u0003garbage') } },
    { type: 6, phase: 0, source: { id: 30, type: 10 }, params: { bytes: base64(wire.slice(0, 30)) } },
    { type: 6, phase: 0, source: { id: 30, type: 10 }, params: { bytes: base64(wire.slice(30)) } },
    { type: 5, phase: 2, source: { id: 30, type: 10 } },
    // Bytes after the socket went back to the pool belong to no request.
    { type: 6, phase: 0, source: { id: 30, type: 10 }, params: { bytes: base64('GET /other HTTP/1.1') } },
    // A worker's fetch to a host that resolves to nowhere: never sent, its caller's headers are all there is.
    { type: 3, phase: 1, source: { id: 9, type: 1 }, params: { request_headers: { headers: ['x-reading: the title'] } } },
    { type: 1, phase: 1, source: { id: 9, type: 1 }, params: { url: 'https://collector.example.net/c', method: 'GET', initiator: EXT } },
    { type: 1, phase: 2, source: { id: 9, type: 1 }, params: { net_error: -105 } },
    // The browser's own request, and a navigation redirected.
    { type: 1, phase: 1, source: { id: 11, type: 1 }, params: { url: 'https://update.example/', initiator: 'not an origin' } },
    { type: 1, phase: 1, source: { id: 12, type: 1 }, params: { url: 'http://wired.com/a', request_type: 'main frame' } },
    { type: 1, phase: 1, source: { id: 12, type: 1 }, params: { url: 'https://www.wired.com/a', request_type: 'main frame' } },
  ];

  it('gives each request its initiator, addresses, headers and the bytes it sent, decrypted', () => {
    const requests = readNetLog(netLog(events));
    const byId = new Map(requests.map((r) => [r.id, r]));
    expect(byId.get(7)).toEqual({
      id: 7,
      method: 'POST',
      urls: ['https://feeds.example.org/demo/index.json'],
      initiator: EXT,
      type: 'other',
      headers: ['Host: feeds.example.org', 'Content-Length: 12'],
      sent: wire,
    });
    expect(byId.get(9)).toMatchObject({ headers: ['x-reading: the title'], sent: '', netError: -105 });
    expect(byId.get(11)?.initiator).toBeNull();
    expect(byId.get(12)).toMatchObject({ urls: ['http://wired.com/a', 'https://www.wired.com/a'], type: 'main frame', initiator: null });
  });

  it('reads a log whose browser was killed before it closed the file', () => {
    expect(readNetLog(netLog(events, { finished: false })).map((r) => r.id)).toEqual([7, 9, 11, 12]);
  });
});

function request(overrides: Partial<NetRequest>): NetRequest {
  return {
    id: 1,
    method: 'GET',
    urls: ['https://feeds.example.org/demo/index.json'],
    initiator: EXT,
    type: 'other',
    headers: [],
    sent: '',
    ...overrides,
  };
}

function audit(...requests: NetRequest[]) {
  return auditRequests({
    requests,
    extensionOrigin: EXT,
    feeds: ['https://feeds.example.org/demo/index.json'],
    pages: [PAGE],
    navigations: [PAGE_URL, 'https://www.wired.com/clicked-link/'],
  });
}

const reasons = (...requests: NetRequest[]) => audit(...requests).findings.map((f) => `${f.kind}: ${f.reason}`);

describe('judging the requests', () => {
  it('lets the extension ask its feed, pages under it included, when it carries nothing of a page', () => {
    const feedPage = request({
      urls: ['https://feeds.example.org/demo/pages/2026-07-04.3f9a.json'],
      sent: 'GET /demo/pages/… HTTP/1.1\r\n',
    });
    expect(reasons(request({}), feedPage)).toEqual([]);
    expect(audit(request({}), feedPage).byKind.extension).toHaveLength(2);
  });

  it('finds the extension asking anything else, and a redirect away from the feed', () => {
    expect(reasons(request({ urls: ['https://collector.example.net/c'] }))).toEqual([
      'extension: to an address that is not a configured feed: https://collector.example.net/c',
    ]);
    expect(reasons(request({ urls: ['https://feeds.example.org/demo/index.json', 'https://elsewhere.example/'] }))).toEqual([
      'extension: to an address that is not a configured feed: https://elsewhere.example/',
    ]);
  });

  it('finds a page’s address, host, title or text in what the extension sends, however it is encoded', () => {
    expect(reasons(request({ urls: [`https://feeds.example.org/demo/index.json?u=${encodeURIComponent(PAGE_URL)}`] }))).toEqual([
      `extension: carries the address of ${PAGE_URL} in its URL`,
      'extension: carries the host www.wired.com in its URL',
    ]);
    expect(reasons(request({ headers: ['x-reading: Why Airplane Tires Rarely Burst'] }))).toEqual([
      `extension: carries the title of ${PAGE_URL} in its headers or body`,
    ]);
    const json = `POST /demo/index.json HTTP/1.1\r\n\r\n${JSON.stringify({ read: PARAGRAPH.toUpperCase() })}`;
    expect(reasons(request({ method: 'POST', sent: json }))).toEqual([`extension: carries the text of ${PAGE_URL} in its headers or body`]);
    const form = `POST /x HTTP/1.1\r\n\r\nt=${encodeURIComponent(PARAGRAPH).replace(/%20/g, '+')}`;
    expect(reasons(request({ method: 'POST', sent: form }))).toEqual([`extension: carries the text of ${PAGE_URL} in its headers or body`]);
  });

  it('takes a page’s own requests as the page’s, its trackers sending its address included, but not its text or a host it does not name', () => {
    const own = request({
      initiator: 'https://www.wired.com',
      urls: [`https://tracker.example.com/pixel?href=${encodeURIComponent(PAGE_URL)}&dt=Why+Airplane+Tires+Rarely+Burst`],
      sent: `GET /pixel HTTP/1.1\r\nReferer: ${PAGE_URL}\r\n\r\n`,
    });
    const image = request({ initiator: 'https://www.wired.com', urls: ['https://media.wired.com/photos/tire.jpg'] });
    expect(reasons(own, image)).toEqual([]);
    expect(audit(own, image).byKind.page).toHaveLength(2);
    expect(reasons(request({ initiator: 'https://www.wired.com', urls: ['https://collector.example.net/c'] }))).toEqual([
      'page: from https://www.wired.com to collector.example.net, a host its page neither is nor names',
    ]);
    expect(
      reasons(request({ initiator: 'https://www.wired.com', urls: [`https://tracker.example.com/t?x=${encodeURIComponent(PARAGRAPH)}`] })),
    ).toEqual([`page: carries the text of ${PAGE_URL} in its URL`]);
  });

  it('classes the reader’s navigations apart, wherever the click was, and finds one nobody asked for', () => {
    const opened = request({ initiator: null, type: 'main frame', urls: [PAGE_URL] });
    const clicked = request({ initiator: EXT, type: 'main frame', urls: ['https://www.wired.com/clicked-link/'] });
    expect(reasons(opened, clicked)).toEqual([]);
    expect(audit(opened, clicked).byKind.navigation).toHaveLength(2);
    expect(reasons(request({ type: 'main frame', urls: [`https://collector.example.net/?u=${PAGE_URL}`] }))).toEqual([
      'navigation: a page load the reader did not ask for',
    ]);
  });

  it('holds the browser’s own requests to the extension’s rule on what they carry', () => {
    expect(reasons(request({ initiator: null, urls: ['https://update.googleapis.com/service/update2/json'] }))).toEqual([]);
    expect(reasons(request({ initiator: null, urls: [`https://update.googleapis.com/?u=${PAGE_URL}`] }))).toContain(
      `browser: carries the address of ${PAGE_URL} in its URL`,
    );
  });

  it('matches whole words only, so a short common word of a page is no finding', () => {
    expect(plainText('Hello%2C%20World%21 caf%C3%A9 %E2%9C%93%zz')).toBe(' hello world café zz ');
    expect(reasons(request({ headers: ['x-note: wired'] }))).toEqual([]);
  });
});
