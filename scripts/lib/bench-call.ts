/** Node's side of the worker's benchmark hooks: calling them in the worker, and the entities the sidebar's query names. */
import type { Worker } from 'playwright-core';
import type { BenchHooks } from './bench-hooks';

/** Ten entities of the query: the most common of all, and nine along the long tail. */
export const QUERY_ENTITIES = [0, 3, 10, 30, 60, 100, 200, 400, 800, 1500].map((rank) => `synth-entity-${rank}`);

type Hooks = { backstoryBench: BenchHooks };

/** Runs a function on the worker's hooks (`globalThis.backstoryBench`) with one serialisable argument. */
export const benchCall =
  (worker: Worker) =>
  <R>(fn: (h: BenchHooks, arg: never) => Promise<R> | R, arg?: unknown) =>
    worker.evaluate(
      ([source, a]) => new Function('h', 'a', `return (${source})(h, a)`)((globalThis as unknown as Hooks).backstoryBench, a),
      [fn.toString(), arg] as const,
    ) as Promise<R>;
