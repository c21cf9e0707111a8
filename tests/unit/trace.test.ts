/** The benchmark's reading of a Chromium trace: which whole main-thread tasks carry the extension's work. */
import { describe, expect, it } from 'vitest';
import { extensionCost, type TraceEvent } from '../../scripts/lib/trace';

const OURS = 'chrome-extension://abc/content-scripts/article.js';
const ours = (url: string) => url.startsWith('chrome-extension://abc/content-scripts/');
const task = (ts: number, dur: number, tid = 1): TraceEvent => ({ name: 'ThreadControllerImpl::RunTask', ph: 'X', ts, dur, pid: 7, tid });
const call = (ts: number, dur: number, url: string, tid = 1): TraceEvent => ({
  name: 'FunctionCall',
  ph: 'X',
  ts,
  dur,
  pid: 7,
  tid,
  args: { data: { url } },
});

describe('extension cost from a trace', () => {
  it('counts each whole task that runs extension script, not the script alone, and no other task', () => {
    const events = [
      task(0, 30_000), // 30 ms: the extension's call is 5 ms of it, the rest style and layout it forced
      call(1_000, 5_000, OURS),
      task(40_000, 100_000), // the page's own long task
      call(41_000, 90_000, 'https://techcrunch.com/app.js'),
      task(200_000, 2_000),
      call(200_500, 1_000, OURS),
      task(300_000, 8_000, 2), // another thread
      call(300_100, 1_000, OURS, 2),
    ];
    expect(extensionCost(events, ours)).toMatchObject({ tasks: [30, 2], total: 32, longest: 30 });
  });

  it("adds up the thread's CPU time in the extension's tasks apart from their wall time", () => {
    // A 30 ms task that ran 6 ms (the thread waited for a core), the page's task (not counted), one of 2 ms that ran 2.
    const events = [
      { ...task(0, 30_000), tdur: 6_000 },
      call(1_000, 5_000, OURS),
      { ...task(40_000, 100_000), tdur: 90_000 },
      call(41_000, 90_000, 'https://techcrunch.com/app.js'),
      { ...task(200_000, 2_000), tdur: 2_000 },
      call(200_500, 1_000, OURS),
    ];
    expect(extensionCost(events, ours)).toMatchObject({ total: 32, cpu: 8 });
  });

  it('takes the outermost of nested task events', () => {
    const events = [task(0, 20_000), task(1_000, 4_000), call(2_000, 1_000, OURS)];
    expect(extensionCost(events, ours).tasks).toEqual([20]);
  });

  it('finds work resumed after a yield by the CPU samples in its functions', () => {
    const events: TraceEvent[] = [
      call(0, 1_000, OURS),
      task(0, 2_000),
      task(10_000, 12_000), // a promise continuation: no script event names it
      { name: 'Profile', ph: 'P', ts: 0, pid: 7, tid: 1, id: '0x1', args: { data: { startTime: 0 } } },
      {
        name: 'ProfileChunk',
        ph: 'P',
        ts: 0,
        pid: 7,
        tid: 1,
        id: '0x1',
        args: {
          data: {
            cpuProfile: {
              nodes: [
                { id: 1, callFrame: { url: '' } },
                { id: 2, parent: 1, callFrame: { url: OURS } },
                { id: 3, parent: 2, callFrame: { url: '' } }, // a DOM call made by the extension
                { id: 4, parent: 1, callFrame: { url: 'https://techcrunch.com/app.js' } },
              ],
              samples: [4, 3],
            },
            timeDeltas: [5_000, 6_000],
          },
        },
      },
    ];
    // The sample at 5 ms is the page's; the one at 11 ms, under the extension's function, is in the second task.
    expect(extensionCost(events, ours).tasks).toEqual([2, 12]);
  });

  it("counts the rendering task that recalculates the style the extension's work made stale, and only that one", () => {
    const at = (name: string, ts: number, dur?: number): TraceEvent => ({
      name,
      ph: dur === undefined ? 'I' : 'X',
      ts,
      pid: 7,
      tid: 1,
      ...(dur === undefined ? {} : { dur }),
    });
    const events = [
      task(0, 3_000),
      call(500, 1_000, OURS),
      at('ScheduleStyleRecalculation', 1_200), // a stylesheet added: the whole page to restyle
      task(10_000, 400_000), // the next frame: 400 ms of style recalculation, no script of ours in it
      at('UpdateLayoutTree', 10_100, 390_000),
      task(500_000, 60_000), // a later frame of the page's own
      at('Layout', 500_100, 50_000),
    ];
    expect(extensionCost(events, ours).tasks).toEqual([3, 400]);
  });

  it('reports nothing when the extension did not run', () => {
    expect(extensionCost([task(0, 50_000)], ours)).toMatchObject({ tasks: [], total: 0, longest: 0 });
  });
});
