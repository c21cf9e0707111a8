/** The reader's settings, as declared storage items with defaults. */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SITES, type SiteHost } from './sites';

/** Sites the reader turned off: no script runs there after the next load. */
export const disabledSitesSetting = storage.defineItem<SiteHost[]>('local:disabledSites', {
  fallback: [],
  version: 1,
});

/** The enabled sites' hosts, in the default order. */
export async function enabledSites(): Promise<SiteHost[]> {
  const disabled = new Set(await disabledSitesSetting.getValue());
  return DEFAULT_SITES.map((site) => site.host).filter((host) => !disabled.has(host));
}
