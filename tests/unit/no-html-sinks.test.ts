/**
 * Page and feed content are data: no code of the project may write or read markup as a string. Biome's
 * recommended rules catch only `dangerouslySetInnerHTML`; this test scans every source file of the project
 * (its own code, not saved pages or dependencies) for the other HTML sinks as well, so `npm test` fails on
 * the first one written.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
/** Not the project's code: dependencies, build output, saved pages and hand-written archive data. */
const SKIP_DIRS = new Set(['node_modules', '.output', '.wxt', '.git', '.bench', 'data', 'docs', 'tests/fixtures', 'tests/results']);
const CODE = /\.(?:[cm]?[jt]sx?|html)$/;
/** The sinks. This file names them to find them, and is the one file left out of the scan. */
const SINKS = /\b(?:innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|createContextualFragment)\b/;
const SELF = relative(ROOT, new URL(import.meta.url).pathname);

/** Every source file under the project root, as a path relative to it. */
function sourceFiles(dir = ROOT): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const rel = relative(ROOT, path);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !SKIP_DIRS.has(rel)) out.push(...sourceFiles(path));
    } else if (CODE.test(entry.name) && rel !== SELF) out.push(rel);
  }
  return out;
}

/** `file:line: text` for each line of a file that names an HTML sink. */
function sinksIn(file: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => (SINKS.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
}

describe('no HTML sinks in the project code', () => {
  it('scans the code it is meant to (the content script, the UI, the tests)', () => {
    const files = sourceFiles();
    for (const expected of [
      'lib/content/article-script.ts',
      'components/Sidebar.tsx',
      'entrypoints/popup/index.html',
      'tests/e2e/helpers.ts',
    ])
      expect(files).toContain(expected);
    expect(files.some((f) => f.startsWith('tests/fixtures/') || f.startsWith('node_modules/'))).toBe(false);
  });

  it('finds a sink however it is used', () => {
    expect(sinksIn('a.ts', 'el.innerHTML = x;\nok();\nel.insertAdjacentHTML("beforeend", y)')).toEqual([
      'a.ts:1: el.innerHTML = x;',
      'a.ts:3: el.insertAdjacentHTML("beforeend", y)',
    ]);
    expect(sinksIn('b.tsx', '<div dangerouslySetInnerHTML={{ __html: s }} />')).toHaveLength(1);
    expect(sinksIn('c.ts', 'const html = await locator.outerHTML;')).toHaveLength(1);
    expect(sinksIn('d.ts', 'el.textContent = innerHTMLish;')).toEqual([]);
  });

  it('finds none: markup is built with elements and text only', () => {
    const found = sourceFiles().flatMap((file) => sinksIn(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(found).toEqual([]);
  });
});
