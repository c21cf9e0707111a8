/**
 * The service worker under Chromium's DevTools protocol, for the benches: a session on it (its heap, its
 * CPU profile), and a CPU profile read as self time by function, the largest first (where the time goes).
 */
import type { launchBackstory } from './browser';

type Backstory = Awaited<ReturnType<typeof launchBackstory>>;

export interface WorkerSession {
  send(method: string, params?: object): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * A CDP session on the service worker (through a page's session, as Playwright has none for a worker):
 * `send` one method and wait for its answer. Undefined when the worker is not running.
 */
export async function attachWorker(browser: Backstory): Promise<WorkerSession | undefined> {
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
  const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(browser.extensionId));
  if (!worker) {
    await page.close();
    return undefined;
  }
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false })) as { sessionId: string };
  const waiting = new Map<number, (answer: { result?: unknown; error?: unknown }) => void>();
  // The worker's own events come too (Inspector.workerScriptLoaded): an answer is the message with our id.
  cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
    const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: unknown };
    if (event.sessionId === sessionId && message.id !== undefined) waiting.get(message.id)?.(message);
  });
  let next = 0;
  return {
    async send(method, params = {}) {
      const id = ++next;
      const answer = new Promise<{ result?: unknown; error?: unknown }>((done) => waiting.set(id, done));
      await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
      const { result, error } = await Promise.race([
        answer,
        new Promise<{ result?: unknown; error?: unknown }>((done) => setTimeout(() => done({ error: 'no answer in 30 s' }), 30_000)),
      ]);
      if (error) throw new Error(`${method}: ${JSON.stringify(error)}`);
      return result;
    },
    close: () => page.close(),
  };
}

/** A CPU profile as CDP's Profiler.stop gives it. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time by function, the largest first, each with its share of the profile. */
export function selfTimes(profile: CpuProfile, top = 25): string[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id)?.callFrame;
    const name = frame ? `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}:${frame.lineNumber + 1}` : '?';
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => `${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${name}`);
}

/**
 * Starts sampling the worker's CPU (every 200 µs); `stop` ends it and gives its self times. Undefined when
 * the worker is not running.
 */
export async function startWorkerProfile(browser: Backstory, top = 25): Promise<{ stop(): Promise<string[]> } | undefined> {
  const worker = await attachWorker(browser);
  if (!worker) return undefined;
  await worker.send('Profiler.enable');
  await worker.send('Profiler.setSamplingInterval', { interval: 200 });
  await worker.send('Profiler.start');
  return {
    async stop() {
      const { profile } = (await worker.send('Profiler.stop')) as { profile: CpuProfile };
      await worker.close();
      return selfTimes(profile, top);
    },
  };
}
