/** `npm run words:common`: writes the common English words a reader-added feed may not name (scripts/lib/common-words.ts). */
import { writeFileSync } from 'node:fs';
import { COMMON_WORDS_FILE, commonWordsModule } from './lib/common-words';

writeFileSync(COMMON_WORDS_FILE, commonWordsModule());
console.log(`wrote ${COMMON_WORDS_FILE}`);
