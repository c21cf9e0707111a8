import { describe, expect, it } from 'vitest';
import { MIN_PAGE_WIDTH, NARROW_PANEL_WIDTH, PANEL_WIDTH, panelLayout, TAB_WIDTH, tabFit } from '../../lib/panel/fit';
import { tabTooltip } from '../../lib/settings/shortcut';

describe('where the panel goes, by the window’s width', () => {
  it('sits beside the page at full width from 1100 px up, the only layout it reopens in by itself', () => {
    for (const width of [1100, 1280, 1440, 2560]) expect(panelLayout(width)).toEqual({ width: PANEL_WIDTH, beside: true, wide: true });
  });

  it('is narrower below 1100 px and still beside the page while the page keeps a phone’s width', () => {
    for (const width of [1099, 1024, 800, 720])
      expect(panelLayout(width)).toEqual({ width: NARROW_PANEL_WIDTH, beside: true, wide: false });
    // 200% zoom on a 1440 px window is a 720 px viewport: the article keeps 368 px beside the panel.
    expect(720 - NARROW_PANEL_WIDTH - TAB_WIDTH).toBeGreaterThanOrEqual(MIN_PAGE_WIDTH);
  });

  it('takes the whole viewport while open where the window is too narrow to share', () => {
    expect(panelLayout(600)).toEqual({ width: 600, beside: false, wide: false });
    expect(panelLayout(400)).toEqual({ width: 400, beside: false, wide: false });
  });

  it('takes the page’s part of the viewport, left of a classic scrollbar, where it takes the whole of it', () => {
    // 200% zoom on an 800 px window, a 15 px scrollbar: fixed elements are placed within 392 px, not 400.
    expect(panelLayout(400, 392)).toEqual({ width: 392, beside: false, wide: false });
    // Beside the page the widths are the window's, as its media queries see it.
    expect(panelLayout(720, 712)).toEqual({ width: NARROW_PANEL_WIDTH, beside: true, wide: false });
    expect(panelLayout(1100, 1085)).toEqual({ width: PANEL_WIDTH, beside: true, wide: true });
  });
});

describe('the closed tab beside the text', () => {
  it('is whole where the gutter holds it, a strip where it holds a strip, and tucked away where the text reaches the edge', () => {
    expect(tabFit(Number.POSITIVE_INFINITY)).toEqual({ fit: 'full', width: TAB_WIDTH });
    expect(tabFit(200)).toEqual({ fit: 'full', width: TAB_WIDTH });
    expect(tabFit(24)).toEqual({ fit: 'slim', width: 22 });
    // A page's default 8 px body margin.
    expect(tabFit(8)).toEqual({ fit: 'slim', width: 6 });
    expect(tabFit(4)).toEqual({ fit: 'tucked', width: 0 });
    expect(tabFit(-30)).toEqual({ fit: 'tucked', width: 0 });
  });
});

describe("the tab's tooltip", () => {
  it('names the shortcut the browser has, or says none is set and where to set one in this browser', () => {
    expect(tabTooltip('Alt+Shift+K', 'chrome')).toBe('Open or close the Backstory panel (Alt+Shift+K)');
    expect(tabTooltip(null, 'chrome')).toContain('No keyboard shortcut is set: In Chrome');
    expect(tabTooltip(null, 'chrome')).toContain('chrome://extensions/shortcuts');
    expect(tabTooltip(null, 'firefox')).toContain('Manage Extension Shortcuts');
  });
});
