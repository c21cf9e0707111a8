/**
 * Chromium's net log (`--log-net-log=FILE --net-log-capture-mode=Everything`) read back as requests.
 * The net log is written by the network service, below every renderer and worker, so it holds the
 * extension's service worker's fetches as well as pages' requests, with the origin that started each
 * one: what the privacy audit (privacy-audit.ts) needs and what Playwright's request events, which miss
 * a worker's fetches, cannot give.
 *
 * The format is Chromium's own (net/log/file_net_log_observer.cc): one line of constants, then one event
 * a line. A log whose browser was killed has no closing brackets; each line is read on its own, so it
 * still reads.
 */

/** One request as the network stack saw it. */
export interface NetRequest {
  /** The net log's source id of the request. */
  id: number;
  method: string;
  /** The address first asked for, then each address it was redirected to. */
  urls: string[];
  /** The origin that started it ("chrome-extension://ID", "https://techcrunch.com"), or null for the browser itself (a typed address, an update check). */
  initiator: string | null;
  /** Chromium's request type: "main frame", "sub frame", "other"… */
  type: string;
  /** The headers as sent, or as the caller set them when it never reached a server (a host that resolves to nowhere). */
  headers: string[];
  /** What went on the wire for it, decrypted: request line, headers and body (HTTP/1.1), read as UTF-8. Empty when nothing was sent. */
  sent: string;
  /** Chromium's error code when it failed (-105: the name did not resolve). */
  netError?: number;
}

interface RawEvent {
  type: number;
  phase?: number;
  source: { id: number; type: number };
  params?: Record<string, unknown>;
}

interface Constants {
  logEventTypes: Record<string, number>;
  logSourceType: Record<string, number>;
  logEventPhase: Record<string, number>;
}

function readLines(text: string): { constants: Constants; events: RawEvent[] } {
  const lines = text.split('\n');
  const head = lines[0]?.replace(/,\s*$/, '') ?? '';
  const constants = (JSON.parse(`${head}}`) as { constants: Constants }).constants;
  const events: RawEvent[] = [];
  for (const line of lines.slice(1)) {
    if (!line.startsWith('{')) continue;
    try {
      events.push(JSON.parse(line.replace(/,\s*$/, '')) as RawEvent);
    } catch {
      // The last line of a log cut off mid-write.
    }
  }
  return { constants, events };
}

const latin1 = (base64: string): string => Buffer.from(base64, 'base64').toString('latin1');

/** Every URL request in a net log, with what it sent. */
export function readNetLog(text: string): NetRequest[] {
  const { constants, events } = readLines(text);
  const E = constants.logEventTypes;
  const S = constants.logSourceType;
  const BEGIN = constants.logEventPhase.PHASE_BEGIN;
  const requests = new Map<number, NetRequest>();
  /** A stream job's request, and the job a socket is serving just now. */
  const requestOfJob = new Map<number, number>();
  const jobOnSocket = new Map<number, number>();
  /** Sockets that speak TLS: their plaintext is in SSL_SOCKET_BYTES_SENT, their SOCKET_BYTES_SENT is ciphertext. */
  const tlsSockets = new Set<number>();
  const corsHeaders = new Map<number, string[]>();
  for (const event of events) {
    if (event.type === E.SSL_CONNECT || event.type === E.SSL_SOCKET_BYTES_SENT) tlsSockets.add(event.source.id);
  }
  const dependency = (event: RawEvent): number | undefined => (event.params?.source_dependency as { id?: number } | undefined)?.id;
  for (const event of events) {
    const { id } = event.source;
    const params = event.params ?? {};
    if (event.source.type === S.URL_REQUEST) {
      if (event.type === E.URL_REQUEST_START_JOB && typeof params.url === 'string') {
        const known = requests.get(id);
        if (known) known.urls.push(params.url);
        else {
          const initiator = typeof params.initiator === 'string' && params.initiator !== 'not an origin' ? params.initiator : null;
          requests.set(id, {
            id,
            method: String(params.method ?? 'GET'),
            urls: [params.url],
            initiator,
            type: String(params.request_type ?? 'other'),
            headers: [],
            sent: '',
          });
        }
      } else if (event.type === E.HTTP_TRANSACTION_SEND_REQUEST_HEADERS && Array.isArray(params.headers)) {
        const request = requests.get(id);
        if (request) request.headers = (params.headers as string[]).slice();
      } else if (event.type === E.CORS_REQUEST && event.phase === BEGIN) {
        // The caller's headers, logged before any is sent: all there is of a request that never left.
        const pending = (params.request_headers as { headers?: string[] } | undefined)?.headers;
        corsHeaders.set(id, pending ?? []);
      } else if (event.type === E.HTTP_STREAM_REQUEST_BOUND_TO_JOB) {
        const job = dependency(event);
        if (job !== undefined) requestOfJob.set(job, id);
      } else if (typeof params.net_error === 'number' && params.net_error < 0) {
        const request = requests.get(id);
        if (request) request.netError = params.net_error;
      }
    } else if (event.source.type === S.SOCKET) {
      if (event.type === E.SOCKET_IN_USE) {
        const job = dependency(event);
        if (event.phase === BEGIN && job !== undefined) jobOnSocket.set(id, job);
        else jobOnSocket.delete(id);
      } else if (event.type === (tlsSockets.has(id) ? E.SSL_SOCKET_BYTES_SENT : E.SOCKET_BYTES_SENT) && typeof params.bytes === 'string') {
        const job = jobOnSocket.get(id);
        const request = job === undefined ? undefined : requests.get(requestOfJob.get(job) ?? -1);
        if (request) request.sent += latin1(params.bytes);
      }
    }
  }
  for (const request of requests.values()) {
    if (request.headers.length === 0) request.headers = corsHeaders.get(request.id) ?? [];
    request.sent = Buffer.from(request.sent, 'latin1').toString('utf8');
  }
  return [...requests.values()];
}
