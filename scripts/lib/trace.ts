/**
 * The extension's cost to a page, from a Chromium trace of the page's main thread: every whole task
 * (everything the thread ran between two returns to its event loop: script, microtasks, and any style or
 * layout the script forced) that contains some of the extension's work. A task counts as the extension's
 * when a script event (evaluating, calling a function, a timer) names one of its files, or when a sample
 * of V8's CPU profiler taken inside it is in one of its functions: promise continuations (the work resumed
 * after an `await` or a yield) carry no script name of their own, and the samples catch them.
 */

export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  /** The thread's CPU time in the event (µs): what it ran, not what it waited for a core. */
  tdur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: {
    data?: {
      url?: string;
      scriptName?: string;
      startTime?: number;
      cpuProfile?: {
        nodes?: {
          id: number;
          parent?: number;
          callFrame: { url?: string; functionName?: string; lineNumber?: number; columnNumber?: number };
        }[];
        samples?: number[];
      };
      timeDeltas?: number[];
    };
  };
}

const UNSAMPLED = ['toplevel', 'devtools.timeline', 'v8.execute'];
/** What to enable in `Tracing.start`. */
export const TRACE_CATEGORIES = [...UNSAMPLED, 'disabled-by-default-v8.cpu_profiler'].join(',');
/**
 * The same without V8's sampling profiler, which logs every function V8 compiles and so about doubles a cold
 * compile (docs/benchmarks.md): only the tasks script events name are seen as the extension's (not the work
 * resumed after an await), but their durations are the browser's own.
 */
export const UNSAMPLED_TRACE_CATEGORIES = UNSAMPLED.join(',');

export interface ExtensionCost {
  /** Durations (ms) of the main-thread tasks containing extension work, in order. */
  tasks: number[];
  total: number;
  /**
   * The main thread's CPU time in those tasks (ms): on a shared machine a task's wall time is often several
   * times what it ran (the thread waits for a core), so before and after are compared on this.
   */
  cpu: number;
  longest: number;
  /** What the longest of them spent its time on: its biggest inner events (name, ms), for `--explain`. */
  longestParts: [string, number][];
}

/**
 * Top-level events of the main thread's loop: its tasks, and the microtask checkpoints Blink runs
 * between them (where a continuation after `scheduler.yield()` runs: it has no task event of its own).
 */
const TASK_NAMES = new Set(['ThreadControllerImpl::RunTask', 'RunTask', 'BlinkScheduler_PerformMicrotaskCheckpoint']);
const SCRIPT_EVENTS = new Set([
  'EvaluateScript',
  'FunctionCall',
  'v8.callFunction',
  'TimerFire',
  'v8.compile',
  'v8.run',
  'FireAnimationFrame',
]);

/** Trace events saying style or layout went stale, and the events of their recalculation. */
const INVALIDATIONS = new Set(['ScheduleStyleRecalculation', 'InvalidateLayout']);
const RENDERING = new Set(['UpdateLayoutTree', 'Layout']);

/**
 * The extension's main-thread tasks in a trace. `isOurs` tells the extension's script addresses (the
 * content script, not the worker, which runs elsewhere).
 */
export function extensionCost(events: readonly TraceEvent[], isOurs: (url: string) => boolean): ExtensionCost {
  const urlOf = (e: TraceEvent): string => e.args?.data?.url ?? e.args?.data?.scriptName ?? '';
  // The page's main thread: where the content script was evaluated or called.
  const anchor = events.find((e) => SCRIPT_EVENTS.has(e.name) && isOurs(urlOf(e)));
  if (!anchor) return { tasks: [], total: 0, cpu: 0, longest: 0, longestParts: [] };
  const onThread = (e: TraceEvent) => e.pid === anchor.pid && e.tid === anchor.tid;

  // Instants of the extension's work: its script events, and CPU samples in its functions.
  const marks: number[] = [];
  for (const e of events) if (onThread(e) && SCRIPT_EVENTS.has(e.name) && isOurs(urlOf(e))) marks.push(e.ts + (e.dur ?? 0) / 2);
  marks.push(...samplesIn(events, anchor, isOurs));
  marks.sort((a, b) => a - b);

  // Whole top-level tasks on that thread (the outermost of nested task events).
  const tasks = events
    .filter((e) => onThread(e) && e.ph === 'X' && TASK_NAMES.has(e.name) && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const outer: TraceEvent[] = [];
  for (const task of tasks) {
    const last = outer[outer.length - 1];
    if (last && task.ts < last.ts + (last.dur ?? 0)) continue;
    outer.push(task);
  }
  // Style and layout the extension's work made stale (a stylesheet, a node, a class): the invalidation is
  // recorded in its task, and the recalculation runs in the next rendering task, which no script of ours
  // names. That task counts too: a stylesheet that restyles a whole page freezes it there.
  const invalidations = events
    .filter((e) => onThread(e) && INVALIDATIONS.has(e.name))
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  const rendering = new Set<number>();
  for (const e of events) if (onThread(e) && e.ph === 'X' && RENDERING.has(e.name)) rendering.add(e.ts);
  const renders = [...rendering].sort((a, b) => a - b);
  const ours: number[] = [];
  let cpu = 0;
  let longestTask: TraceEvent | undefined;
  let m = 0;
  let i = 0;
  let r = 0;
  let dirty = false;
  for (const task of outer) {
    const end = task.ts + (task.dur ?? 0);
    while (m < marks.length && (marks[m] as number) < task.ts) m++;
    while (r < renders.length && (renders[r] as number) < task.ts) r++;
    const ourScript = m < marks.length && (marks[m] as number) <= end;
    const rendersHere = r < renders.length && (renders[r] as number) <= end;
    if (ourScript || (dirty && rendersHere)) {
      ours.push((task.dur ?? 0) / 1000);
      cpu += (task.tdur ?? 0) / 1000;
      if ((task.dur ?? 0) > (longestTask?.dur ?? -1)) longestTask = task;
    }
    // A rendering task cleans what was stale; a task of ours that invalidated leaves it stale for the next one.
    if (rendersHere) dirty = false;
    while (i < invalidations.length && (invalidations[i] as number) < task.ts) i++;
    if (ourScript && i < invalidations.length && (invalidations[i] as number) <= end) dirty = true;
  }
  return {
    tasks: ours,
    total: ours.reduce((a, b) => a + b, 0),
    cpu,
    longest: Math.max(0, ...ours),
    longestParts: longestTask ? [...partsOf(events, longestTask), ...hotFunctions(events, anchor, longestTask)] : [],
  };
}

/** The functions the CPU samples in a task were in (the innermost frame, by name and place), most sampled first. */
function hotFunctions(events: readonly TraceEvent[], anchor: TraceEvent, task: TraceEvent): [string, number][] {
  const end = task.ts + (task.dur ?? 0);
  const names = new Map<number, string>();
  const counts = new Map<string, number>();
  const profiles = new Map<string, number>();
  for (const e of events)
    if (e.name === 'Profile' && e.pid === anchor.pid && e.tid === anchor.tid) profiles.set(e.id ?? '', e.args?.data?.startTime ?? e.ts);
  const clock = new Map<string, number>();
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.pid !== anchor.pid || !profiles.has(e.id ?? '')) continue;
    const data = e.args?.data;
    for (const node of data?.cpuProfile?.nodes ?? []) {
      const f = node.callFrame;
      names.set(node.id, `${f.functionName || '(anonymous)'}@${(f.url ?? '').split('/').pop()}:${f.lineNumber}:${f.columnNumber}`);
    }
    let t = clock.get(e.id ?? '') ?? (profiles.get(e.id ?? '') as number);
    const samples = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      t += deltas[i] ?? 0;
      if (t < task.ts || t > end) continue;
      const name = `sample ${names.get(samples[i] as number) ?? '?'}`;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    clock.set(e.id ?? '', t);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 6);
}

/**
 * The inner events of a task, summed by name (and script, for script events), biggest first: where a long
 * task's time went (style, layout, a function call and whose). Nested events are counted in their parents too.
 */
function partsOf(events: readonly TraceEvent[], task: TraceEvent): [string, number][] {
  const end = task.ts + (task.dur ?? 0);
  const sums = new Map<string, number>();
  for (const e of events) {
    if (e === task || e.pid !== task.pid || e.tid !== task.tid || e.ph !== 'X' || e.ts < task.ts || e.ts > end) continue;
    if (TASK_NAMES.has(e.name) || !e.dur) continue;
    const url = e.args?.data?.url ?? e.args?.data?.scriptName ?? '';
    const key = url ? `${e.name} ${url.slice(-40)}` : e.name;
    sums.set(key, (sums.get(key) ?? 0) + e.dur / 1000);
  }
  return [...sums].sort((a, b) => b[1] - a[1]).slice(0, 8);
}

/** Times (trace µs) of the CPU profiler's samples on the anchor's thread that fall in the extension's code. */
export function samplesIn(events: readonly TraceEvent[], anchor: TraceEvent, isOurs: (url: string) => boolean): number[] {
  const profiles = new Map<string, number>();
  for (const e of events)
    if (e.name === 'Profile' && e.pid === anchor.pid && e.tid === anchor.tid) profiles.set(e.id ?? '', e.args?.data?.startTime ?? e.ts);
  const out: number[] = [];
  const nodeIsOurs = new Map<number, boolean>();
  const parentOf = new Map<number, number>();
  const clock = new Map<string, number>();
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.pid !== anchor.pid || !profiles.has(e.id ?? '')) continue;
    const data = e.args?.data;
    for (const node of data?.cpuProfile?.nodes ?? []) {
      nodeIsOurs.set(node.id, isOurs(node.callFrame.url ?? ''));
      if (node.parent !== undefined) parentOf.set(node.id, node.parent);
    }
    let t = clock.get(e.id ?? '') ?? (profiles.get(e.id ?? '') as number);
    const samples = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      t += deltas[i] ?? 0;
      // A sample is the extension's when any frame on its stack is (a page callback it calls is not ours,
      // but the task that ran it still is).
      for (let node: number | undefined = samples[i]; node !== undefined; node = parentOf.get(node)) {
        if (nodeIsOurs.get(node)) {
          out.push(t);
          break;
        }
      }
    }
    clock.set(e.id ?? '', t);
  }
  return out;
}
