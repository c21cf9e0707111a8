import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createCommandListener, isTogglePanel, TOGGLE_COMMAND } from '../../lib/messaging/to-content';
import { runOnceOnTab } from '../../lib/settings/run-once';

describe('the keyboard command', () => {
  beforeEach(() => fakeBrowser.reset());

  it('tells the tab it was pressed in to toggle its panel, and nothing else', async () => {
    const sent: [number, unknown][] = [];
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async (tabId: number, message: unknown) => {
      sent.push([tabId, message]);
      return undefined;
    });
    const onCommand = createCommandListener();
    onCommand(TOGGLE_COMMAND, { id: 7 });
    onCommand('some-other-command', { id: 7 });
    onCommand(TOGGLE_COMMAND, {});
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]?.[0]).toBe(7);
    expect(isTogglePanel(sent[0]?.[1])).toBe(true);
  });

  it('is not bothered by a tab without an article script', async () => {
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));
    expect(() => createCommandListener()(TOGGLE_COMMAND, { id: 3 })).not.toThrow();
  });
});

describe('running Backstory once on a tab', () => {
  beforeEach(() => fakeBrowser.reset());

  it("injects the marks' stylesheet and the built article script into that tab", async () => {
    const calls: unknown[] = [];
    vi.spyOn(fakeBrowser.scripting, 'insertCSS').mockImplementation(async (injection: unknown) => {
      calls.push(injection);
    });
    vi.spyOn(fakeBrowser.scripting, 'executeScript').mockImplementation(async (injection: unknown) => {
      calls.push(injection);
      return [];
    });
    await expect(runOnceOnTab(12)).resolves.toEqual({ ok: true });
    expect(calls).toEqual([
      { target: { tabId: 12 }, files: ['/content-scripts/highlights.css'] },
      { target: { tabId: 12 }, files: ['/content-scripts/article.js'] },
    ]);
  });

  it('says so in words when the browser refuses (no activeTab grant, a browser page)', async () => {
    vi.spyOn(fakeBrowser.scripting, 'insertCSS').mockRejectedValue(new Error('Cannot access contents of the page.'));
    await expect(runOnceOnTab(12)).resolves.toEqual({
      ok: false,
      error: 'Backstory cannot run on this page: Cannot access contents of the page.',
    });
  });
});
