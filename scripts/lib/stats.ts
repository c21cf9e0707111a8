/** Summary statistics for benchmark samples. */

export interface Summary {
  n: number;
  median: number;
  p95: number;
}

/** The q-quantile by nearest rank: a value that was actually measured. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

export function summarize(samples: readonly number[]): Summary {
  return { n: samples.length, median: quantile(samples, 0.5), p95: quantile(samples, 0.95) };
}

/** One Markdown table row: name, median, p95 (ms), samples, and a note. */
export function row(name: string, s: Summary, note = ''): string {
  return `| ${name} | ${s.median.toFixed(2)} | ${s.p95.toFixed(2)} | ${s.n} | ${note} |`;
}
