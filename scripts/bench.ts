/**
 * `npm run bench`: the Node-side benchmarks (vitest bench) and then the browser ones (real Chromium
 * with the built extension). Each reports median and p95; docs/benchmarks.md records the latest figures.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './lib/browser';
import { row, summarize } from './lib/stats';

const NODE_REPORT = join(ROOT, '.bench/node.json');

const run = (args: string[]): void => {
  const result = spawnSync('npx', args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
mkdirSync(join(ROOT, '.bench'), { recursive: true });
process.env.BENCH_SAMPLES = NODE_REPORT;
run(['vitest', 'bench', '--run', '--reporter=default', '--reporter=./tests/bench/samples-reporter.ts']);
const report = JSON.parse(readFileSync(NODE_REPORT, 'utf8')) as { group: string; name: string; samples: number[] }[];
console.log('\n| benchmark (Node) | median ms | p95 ms | n | note |\n|---|---|---|---|---|');
for (const b of report) console.log(row(b.name, summarize(b.samples), b.group));
if (!process.argv.includes('--node-only')) {
  run(['wxt', 'build']);
  console.log('\n| benchmark (Chromium) | median ms | p95 ms | n | note |\n|---|---|---|---|---|');
  run(['tsx', 'scripts/bench-browser.ts']);
  // The article script, and the Readability fallback the worker injects only into pages that need it.
  for (const [name, file] of [
    ['content script size, gzipped (KB)', 'content-scripts/article.js'],
    ['Readability fallback size, gzipped (KB), injected on demand', 'readability.js'],
  ]) {
    const gzipped = gzipSync(readFileSync(join(ROOT, '.output/chrome-mv3', file as string))).length;
    console.log(`| ${name} | ${(gzipped / 1024).toFixed(1)} | — | 1 | .output/chrome-mv3/${file} |`);
  }
  if (!process.argv.includes('--no-archive')) {
    // The archive at scale, through the worker's own code: a bench build carries the hooks for it.
    const bench = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, BACKSTORY_BENCH: '1' } });
    if (bench.status !== 0) process.exit(bench.status ?? 1);
    run(['tsx', 'scripts/bench-archive.ts']);
    run(['tsx', 'scripts/bench-feed.ts']);
    run(['tsx', 'scripts/bench-news.ts']);
    run(['tsx', 'scripts/bench-search.ts']);
  }
}
