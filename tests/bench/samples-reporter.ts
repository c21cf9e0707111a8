/**
 * A vitest reporter that writes every benchmark's raw samples to .bench/node.json, so `npm run bench`
 * can report the median and p95 (vitest's own JSON output drops the samples and has no p95).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

interface TaskLike {
  type: string;
  name: string;
  tasks?: TaskLike[];
  meta?: { benchmark?: boolean };
  result?: { benchmark?: { samples: number[] } };
}

export default class SamplesReporter {
  // Each test module carries its runner task (not in vitest's public types), where the samples are.
  onTestRunEnd(modules: readonly object[]): void {
    this.write(modules.map((m) => (m as { task: TaskLike }).task));
  }

  private write(files: TaskLike[]): void {
    const out: { group: string; name: string; samples: number[] }[] = [];
    const visit = (task: TaskLike, group: string): void => {
      if (task.meta?.benchmark && task.result?.benchmark) out.push({ group, name: task.name, samples: task.result.benchmark.samples });
      for (const child of task.tasks ?? []) visit(child, task.type === 'suite' ? task.name : group);
    };
    for (const file of files) visit(file, file.name);
    const path = process.env.BENCH_SAMPLES ?? '.bench/node.json';
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(out));
  }
}
