/**
 * The Follow button (components/FollowButton.tsx), as the panel's entity card and the entity page show it: an entity
 * the reader follows reads "Following", pressed, and says how to stop; one not followed reads "Follow". Preact on
 * linkedom, the button's message reaching the worker's real handler (helpers.ts `fakeWorker`).
 */
import { beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { FollowButton } from '../../components/FollowButton';
import { I18nProvider } from '../../components/i18n';
import type { Locale } from '../../lib/i18n/locales';
import { followsSetting } from '../../lib/settings/follows';
import { click, renderPage, shown } from './dom';
import { fakeWorker } from './helpers';

const ANTHROPIC = { id: 'anthropic', name: 'Anthropic' };

beforeEach(() => {
  fakeBrowser.reset();
  fakeWorker();
});

/** The button once it knows what is stored, in a page of that language (closed when the test ends). */
async function followButton(locale: Locale = 'en'): Promise<HTMLButtonElement> {
  const page = renderPage(
    <I18nProvider locale={locale}>
      <FollowButton entity={ANTHROPIC} />
    </I18nProvider>,
  );
  onTestFinished(() => page.close());
  return shown<HTMLButtonElement>(page, 'button.follow:not([disabled])');
}

const state = (button: HTMLButtonElement) => ({
  text: button.textContent,
  pressed: button.getAttribute('aria-pressed'),
  title: button.getAttribute('title'),
  // The panel's click guard takes a click only on a control that has been in plain sight (lib/panel/click-guard.ts).
  guarded: button.hasAttribute('data-guard'),
});

describe('the Follow button', () => {
  it('reads "Following" for an entity the reader follows, and "Follow" again once unfollowed', async () => {
    await followsSetting.setValue([{ entityId: 'anthropic', name: 'Anthropic', since: '2026-07-01T00:00:00Z' }]);
    const button = await followButton();
    expect(state(button)).toEqual({
      text: 'Following',
      pressed: 'true',
      title: 'You follow Anthropic: new items for it are marked. Click to stop following.',
      guarded: true,
    });
    click(button);
    await vi.waitFor(() => expect(button.getAttribute('aria-pressed')).toBe('false'));
    expect(state(button)).toEqual({ text: 'Follow', pressed: 'false', title: 'Mark new items for Anthropic', guarded: true });
    expect(await followsSetting.getValue()).toEqual([]);
    click(button);
    await vi.waitFor(() => expect(button.textContent).toBe('Following'));
    expect(button.getAttribute('aria-pressed')).toBe('true');
  });

  it('says so in Chinese and Japanese', async () => {
    await followsSetting.setValue([{ entityId: 'anthropic', name: 'Anthropic', since: '2026-07-01T00:00:00Z' }]);
    const seen: Record<string, string | null> = {};
    for (const locale of ['zh-CN', 'ja'] as const) seen[locale] = (await followButton(locale)).textContent;
    expect(seen).toEqual({ 'zh-CN': '已关注', ja: 'フォロー中' });
  });
});
