/** What counts as the page changing under the article script, on a parsed page. */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { addressOf, bodyRootOf, changesArticle, createRereadBudget } from '../../lib/content/page-changes';

describe('the re-read budget', () => {
  it('is per address: a busy page spends its own, and the next article has its whole budget', () => {
    const budget = createRereadBudget(2);
    const first = 'https://techcrunch.com/2026/07/07/first/';
    expect(budget.spend(first)).toBe(true);
    expect(budget.spend(`${first}#comments`)).toBe(true);
    expect(budget.spend(first)).toBe(false);
    expect(budget.left(first)).toBe(false);
    expect(budget.left('https://techcrunch.com/2026/07/07/second/')).toBe(true);
    expect(budget.spend('https://techcrunch.com/2026/07/07/second/')).toBe(true);
  });

  it('takes a jump within the page for the same address', () => {
    expect(addressOf('https://a.example/x/?p=1#top')).toBe('https://a.example/x/?p=1');
  });
});

describe('a change that may change the article', () => {
  const { document } = parseHTML(`<html><body><header><span id="clock">12:00</span></header><main><article>
    <div class="entry-content"><p id="one">OpenAI said so.</p><div class="ad-slot" id="slot">Ad</div><p id="two">Nvidia too.</p></div>
    </article><aside><div id="rail-ad">Ad</div></aside></main></body></html>`);
  const blocks = [document.getElementById('one'), document.getElementById('two')] as Element[];
  const body = bodyRootOf(blocks) as Element;

  it('is one inside the body', () => {
    expect(body.className).toBe('entry-content');
    expect(changesArticle(document.getElementById('one') as Element, body)).toBe(true);
    expect(changesArticle((document.getElementById('two') as Element).firstChild as Node, body)).toBe(true);
  });

  it('is not one outside the body, or in a part of it that is not the article (an ad slot)', () => {
    expect(changesArticle(document.getElementById('rail-ad') as Element, body)).toBe(false);
    expect(changesArticle(document.getElementById('clock') as Element, body)).toBe(false);
    expect(changesArticle(document.getElementById('slot') as Element, body)).toBe(false);
  });

  it('is any change while no body was read, or once the body left the page', () => {
    expect(changesArticle(document.getElementById('clock') as Element, null)).toBe(true);
    body.remove();
    expect(changesArticle(document.getElementById('clock') as Element, body)).toBe(true);
  });
});
