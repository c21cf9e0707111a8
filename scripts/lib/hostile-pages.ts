/**
 * Pages built to be hard on an article script, each an article by its structured data (so Backstory reads
 * it): for the benchmarks and the end-to-end tests of "never slow the page".
 */

const words = [
  'OpenAI',
  'trains',
  'models',
  'while',
  'Nvidia',
  'ships',
  'chips',
  'and',
  'Anthropic',
  'releases',
  'Claude',
  'to',
  'developers',
];

/** A sentence of `n` words, varied by `seed`. */
function sentence(seed: number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(words[(seed * 7 + i * 3) % words.length] as string);
  return `${out.join(' ')}.`;
}

function page(title: string, body: string, script = ''): string {
  const ld = JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: title, datePublished: '2026-07-01' });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<script type="application/ld+json">${ld}</script></head>
<body><article><h1>${title}</h1><div class="entry-content">${body}</div></article>${script ? `<script>${script}</script>` : ''}</body></html>`;
}

export interface HostilePage {
  name: string;
  path: string;
  html: string;
  /** How long a load is watched: the page's own activity lasts this long. */
  watchMs: number;
}

/** 100,000 small elements of text: spans in paragraphs of 50. */
function manyElements(): string {
  const paragraphs: string[] = [];
  for (let p = 0; p < 2_000; p++) {
    const spans: string[] = [];
    for (let s = 0; s < 50; s++) spans.push(`<span>${words[(p + s) % words.length]}</span> `);
    paragraphs.push(`<p>${spans.join('')}</p>`);
  }
  return page('A page of 100,000 small elements', paragraphs.join('\n'));
}

/** A 5 MB article: 20,000 paragraphs of about 250 characters. */
function hugeArticle(): string {
  const paragraphs: string[] = [];
  for (let p = 0; p < 20_000; p++) paragraphs.push(`<p>${sentence(p, 19)} ${sentence(p + 1, 19)}</p>`);
  return page('A 5 MB article of 20,000 paragraphs', paragraphs.join('\n'));
}

/**
 * 5,000-deep nesting, built by a script: HTML's parser stops nesting at 512 levels, the DOM does not. The
 * levels are <span>s: 5,000 nested block <div>s crash Chromium's own layout (the renderer dies with or
 * without Backstory), so no page can ship them. The article's paragraphs sit at the bottom.
 */
function deepNesting(): string {
  const script = `(() => {
    let at = document.querySelector('.entry-content');
    for (let i = 0; i < 5000; i++) { const span = document.createElement('span'); at.append(span); at = span; }
    for (let p = 0; p < 40; p++) { const el = document.createElement('p'); el.textContent = ${JSON.stringify(sentence(3, 30))} + ' ' + p; at.append(el); }
  })();`;
  return page('A page nested 5,000 deep', '', script);
}

/** An article whose text changes every 50 ms for 8 s (a live ticker rewriting a paragraph). */
function changingText(): string {
  const paragraphs: string[] = [];
  for (let p = 0; p < 30; p++) paragraphs.push(`<p>${sentence(p, 30)}</p>`);
  const script = `(() => {
    const ticker = document.querySelector('.entry-content p');
    const start = Date.now();
    let n = 0;
    const timer = setInterval(() => {
      ticker.textContent = 'Live: OpenAI and Nvidia update ' + (++n);
      if (Date.now() - start > 8000) clearInterval(timer);
    }, 50);
  })();`;
  return page('An article whose text changes every 50 ms', paragraphs.join('\n'), script);
}

export function hostilePages(): HostilePage[] {
  return [
    { name: '100,000 small elements of text', path: '/2026/07/01/hostile-many-elements/', html: manyElements(), watchMs: 2_500 },
    { name: 'a 5 MB article (20,000 paragraphs)', path: '/2026/07/01/hostile-huge-article/', html: hugeArticle(), watchMs: 2_500 },
    { name: '5,000-deep nesting', path: '/2026/07/01/hostile-deep-nesting/', html: deepNesting(), watchMs: 2_000 },
    { name: 'text changing every 50 ms for 8 s', path: '/2026/07/01/hostile-changing-text/', html: changingText(), watchMs: 12_000 },
  ];
}
