/**
 * Real Firefox (Debian's firefox-esr, or FIREFOX_PATH) with the Firefox build, driven over WebDriver BiDi,
 * Firefox's own remote protocol: playwright-core drives only its own patched Firefox, not a stock one. The
 * build is installed as a temporary add-on (`webExtension.install`). Pages are served locally as their
 * real hosts: Firefox has no host-resolver rules, so its proxy settings send every request through a
 * CONNECT proxy here that reaches only the local site server (every other host goes nowhere either).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, createServer, type Socket as NetSocket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, type SiteServer } from './browser';

/** Where `wxt build -b firefox --mv3` writes the Firefox build. */
export const FIREFOX_EXTENSION_DIR = join(ROOT, '.output/firefox-mv3');

/** The WebSocket client playwright-core bundles (Node 20 has no global WebSocket; no dependency added for it). */
const WebSocket = createRequire(import.meta.url)('playwright-core/lib/utilsBundle').ws as new (
  url: string,
) => {
  on(event: string, listener: (...args: unknown[]) => void): void;
  send(data: string): void;
  close(): void;
};
type Socket = InstanceType<typeof WebSocket>;

/** Firefox's binary: FIREFOX_PATH, else Debian's firefox-esr (its launcher or the binary itself), else firefox. */
export function findFirefox(): string | undefined {
  return [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox'].find(
    (path) => path && existsSync(path),
  );
}

/** A browsing context as `browsingContext.getTree` lists it: a tab, or a frame among its children. */
export interface BidiContext {
  context: string;
  url: string;
  children?: BidiContext[];
}

interface BidiReply {
  id?: number;
  type?: string;
  message?: string;
  // biome-ignore lint/suspicious/noExplicitAny: BiDi results differ by command; each caller reads what it needs
  result?: any;
}

export interface FirefoxSession {
  /** Sends one BiDi command and answers its reply (an error reply too: `type: 'error'`, `message`). */
  send(method: string, params: object): Promise<BidiReply>;
  /** Evaluates an expression in a context (a tab or a frame), awaiting a promise; its value, serialised by BiDi. */
  evaluate(context: string, expression: string): Promise<unknown>;
  /** Every browsing context now, tabs with their frames. */
  contexts(): Promise<BidiContext[]>;
  /** Moves the pointer onto a point in steps, as a hand does, and clicks there: trusted events, unlike `element.click()`. */
  clickAt(context: string, x: number, y: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts Firefox headless on a fresh profile whose proxy reaches only `server`, and opens a BiDi session.
 * Close it with `close()` (Firefox, the proxy and the profile go; the site server is the caller's).
 */
export async function launchFirefox(server: SiteServer, firefoxPath: string): Promise<FirefoxSession> {
  // Every CONNECT reaches the local site server, whatever host it names.
  // The tunnels are kept to be cut at close: `proxy.close()` waits for every open one, and a Firefox slow to exit
  // (seen under load) kept one open past a test hook's 90 s.
  const tunnels = new Set<NetSocket>();
  const proxy = createServer((client) => {
    tunnels.add(client);
    client.on('close', () => tunnels.delete(client));
    client.once('data', () => {
      const upstream = connect(server.port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      tunnels.add(upstream);
      upstream.on('close', () => tunnels.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
  });
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  const proxyPort = (proxy.address() as { port: number }).port;
  const profile = mkdtempSync(join(tmpdir(), 'backstory-firefox-'));
  writeFileSync(
    join(profile, 'user.js'),
    [
      'user_pref("network.proxy.type", 1);',
      `user_pref("network.proxy.ssl", "127.0.0.1");`,
      `user_pref("network.proxy.ssl_port", ${proxyPort});`,
      `user_pref("network.proxy.http", "127.0.0.1");`,
      `user_pref("network.proxy.http_port", ${proxyPort});`,
      'user_pref("network.proxy.allow_hijacking_localhost", true);',
      // Quiet on a closed network: no update, telemetry or captive-portal requests.
      'user_pref("app.update.enabled", false);',
      'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
      'user_pref("network.captive-portal-service.enabled", false);',
    ].join('\n'),
  );
  const port = 9300 + Math.floor(Math.random() * 600);
  const firefox: ChildProcess = spawn(firefoxPath, ['--headless', `--remote-debugging-port=${port}`, '--profile', profile, '--no-remote'], {
    stdio: 'ignore',
  });
  const cleanUp = async () => {
    firefox.kill();
    const closed = new Promise<void>((done) => proxy.close(() => done()));
    for (const tunnel of tunnels) tunnel.destroy();
    await closed;
    rmSync(profile, { recursive: true, force: true });
  };
  let socket: Socket;
  try {
    socket = await connectBidi(`ws://127.0.0.1:${port}/session`, 60_000);
  } catch (error) {
    await cleanUp();
    throw error;
  }
  let id = 0;
  const pending = new Map<number, (message: BidiReply) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as BidiReply;
    if (message.id !== undefined) pending.get(message.id)?.(message);
  });
  const send = (method: string, params: object): Promise<BidiReply> =>
    new Promise((done) => {
      id += 1;
      pending.set(id, done);
      socket.send(JSON.stringify({ id, method, params }));
    });
  await send('session.new', { capabilities: { alwaysMatch: { acceptInsecureCerts: true } } });
  return {
    send,
    async evaluate(context, expression) {
      return (await send('script.evaluate', { expression, target: { context }, awaitPromise: true })).result?.result?.value;
    },
    async contexts() {
      return (await send('browsingContext.getTree', {})).result?.contexts ?? [];
    },
    async clickAt(context, x, y) {
      const steps = Array.from({ length: 20 }, (_, i) => ({
        type: 'pointerMove',
        x: Math.max(0, Math.round(x - 200 + (200 * (i + 1)) / 20)),
        y: Math.round(y),
        duration: 10,
      }));
      await send('input.performActions', {
        context,
        actions: [
          {
            type: 'pointer',
            id: 'mouse',
            actions: [...steps, { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }],
          },
        ],
      });
    },
    async close() {
      socket.close();
      await cleanUp();
    },
  };
}

/** Connects to Firefox's BiDi endpoint, retrying while Firefox starts. */
async function connectBidi(url: string, timeoutMs: number): Promise<Socket> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const socket = new WebSocket(url);
    const opened = await new Promise<boolean>((done) => {
      socket.on('open', () => done(true));
      socket.on('error', () => done(false));
    });
    if (opened) return socket;
    if (Date.now() > deadline) throw new Error(`Firefox's WebDriver BiDi did not answer at ${url}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
