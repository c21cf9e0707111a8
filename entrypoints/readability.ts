import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { parseWithReadability } from '../lib/extract/readability';
import { READABILITY_GLOBAL } from '../lib/extract/readability-global';

/**
 * Readability, injected by the worker into a tab whose page needs it (scripting.executeScript), into the
 * same isolated world as the article script, which finds it under READABILITY_GLOBAL.
 */
export default defineUnlistedScript(() => {
  Object.assign(globalThis, { [READABILITY_GLOBAL]: parseWithReadability });
});
