/**
 * `npm test`: every check, in the order a failure is cheapest to find: types, lint, the archive, unit
 * tests, the build, the Firefox build and its lint, then end-to-end tests in real Chromium (and one in
 * Firefox ESR, tests/e2e/firefox.e2e.test.ts, on the Firefox build made here). Ends with one summary line of all tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/browser';

const RESULTS = join(ROOT, 'tests/results');
rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

const total = { passed: 0, failed: 0, skipped: 0 };

/** Adds a vitest JSON report's counts to the total. */
function count(report: string | undefined): void {
  const path = report && join(RESULTS, report);
  if (!path || !existsSync(path)) return;
  const json = JSON.parse(readFileSync(path, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  total.passed += json.numPassedTests;
  total.failed += json.numFailedTests;
  total.skipped += json.numPendingTests + json.numTodoTests;
}

function step(title: string, args: string[], report?: string): void {
  console.log(`\n▶ ${title}: ${args.join(' ')}`);
  const result = spawnSync('npx', args, { cwd: ROOT, stdio: 'inherit' });
  count(report);
  if (result.status === 0) return;
  console.error(`\n✖ ${title} failed (exit ${result.status ?? result.signal}).`);
  console.log(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exit(1);
}

const vitest = (report: string, ...config: string[]) => [
  'vitest',
  'run',
  ...config,
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${join(RESULTS, report)}`,
];

// WXT's generated types follow the entrypoints: made again here, not only by npm's postinstall.
step('types', ['wxt', 'prepare']);
step('typecheck', ['tsc', '--noEmit']);
step('lint', ['biome', 'check', '.']);
step('archive', ['tsx', 'scripts/archive-check.ts']);
step('unit tests', vitest('unit.json'), 'unit.json');
step('build', ['wxt', 'build']);
// Firefox: its MV3 build, checked by Mozilla's own linter (what addons.mozilla.org runs on upload): errors
// fail, warnings are printed. Offline; about 5 s of CPU beside the build.
step('Firefox build', ['wxt', 'build', '-b', 'firefox', '--mv3']);
step('Firefox lint (web-ext)', ['web-ext', 'lint', '--source-dir', '.output/firefox-mv3', '--no-input']);
step('end-to-end tests in Chromium (and Firefox ESR where installed)', vitest('e2e.json', '-c', 'tests/e2e/vitest.config.ts'), 'e2e.json');
console.log(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
