/**
 * Readability on demand, in real Chromium: it is not in the article script; a page that only Readability
 * can read (a blog post with no structured data, no article element, no known classes) gets it injected
 * by the worker, and is read and marked as the `spot` CLI reads it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR, ROOT } from '../../scripts/lib/browser';
import { withBackstory } from './helpers';

const FIXTURE = join(ROOT, 'tests/fixtures/articles/blog-readability-mistral');
const URL = 'https://venturebeat.com/2026/04/a-week-with-le-chat/';
const expected = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8')) as { entities: string[] };

const env = withBackstory(['venturebeat.com'], { [URL]: { file: join(FIXTURE, 'source.html') } });

describe('Readability on demand', () => {
  it('is a file of its own, not part of the article script', () => {
    const script = readFileSync(join(EXTENSION_DIR, 'content-scripts/article.js'), 'utf8');
    const fallback = readFileSync(join(EXTENSION_DIR, 'readability.js'), 'utf8');
    // Readability's own marks: its main method and its unlikely-candidates pattern.
    for (const mark of ['_grabArticle', 'unlikelyCandidates']) {
      expect(script).not.toContain(mark);
      expect(fallback).toContain(mark);
    }
  });

  it('is injected for a page only it can read, which is then read and marked', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(URL);
    const tab = page.getByRole('button', { name: /^Backstory/ });
    await expect(tab.getAttribute('aria-label', { timeout: 20_000 })).resolves.toMatch(
      new RegExp(`^Backstory: ${expected.entities.length} entities in this article`),
    );
    await expect
      .poll(() => page.evaluate(() => CSS.highlights.get('backstory-mention')?.size ?? 0))
      .toBeGreaterThan(expected.entities.length - 1);
    await page.close();
  });
});
