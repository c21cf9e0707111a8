/** The common English words a reader-added feed may not name are the package's, as `npm run words:common` writes them. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { surfaceProblem } from '../../lib/sync/trust';
import { COMMON_WORDS_FILE, commonWordsModule } from '../../scripts/lib/common-words';

describe('the common English words', () => {
  it('are the ones the package gives (run `npm run words:common` after updating it)', () => {
    expect(readFileSync(COMMON_WORDS_FILE, 'utf8')).toBe(commonWordsModule());
  });

  it('are refused as names from a feed the reader added, in any case, and allowed from the official feed', () => {
    for (const word of ['people', 'Company', 'TECHNOLOGY', 'Writer']) {
      expect(surfaceProblem(word, false)).toMatch(/common word/);
      expect(surfaceProblem(word, true)).toBeUndefined();
    }
    // Names that are no everyday word, and names of more than one word, stay.
    for (const name of ['Anthropic', 'Mistral', 'Writer AI', 'Together AI']) expect(surfaceProblem(name, false)).toBeUndefined();
  });

  it('and no feed may add a name with a character no reader can see', () => {
    for (const name of ['Open\u200bAI', 'Anthrop\u00adic', 'Nvidia\u202e', 'Zeta\u2060Robotics'])
      expect(surfaceProblem(name, true)).toMatch(/cannot be seen/);
  });
});
