import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { firefoxThemeIcons, ICON_SIZES, iconPath, iconSvg, manifestIcons, renderIcons } from '../../scripts/lib/icons';

/** The icons as the build renders them, decoded. */
const rendered = new Map(renderIcons().map(({ relativeDest, png }) => [relativeDest, PNG.sync.read(png)]));

/** RGBA of one pixel. */
function pixel(png: PNG, x: number, y: number): [number, number, number, number] {
  const i = (y * png.width + x) * 4;
  return [png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0, png.data[i + 3] ?? 0];
}

/** Opaque pixels close to the panel's indigo (#3b2f8f), and opaque light ones. */
function census(png: PNG): { indigo: number; light: number; transparent: number } {
  const out = { indigo: 0, light: 0, transparent: 0 };
  for (let y = 0; y < png.height; y++)
    for (let x = 0; x < png.width; x++) {
      const [r, g, b, a] = pixel(png, x, y);
      if (a < 16) out.transparent++;
      else if (a > 240 && Math.abs(r - 0x3b) + Math.abs(g - 0x2f) + Math.abs(b - 0x8f) < 40) out.indigo++;
      else if (a > 240 && r > 200 && g > 200 && b > 220) out.light++;
    }
  return out;
}

describe('icons', () => {
  it('the manifest names every store size, and each file is the size its key claims', () => {
    expect(Object.keys(manifestIcons()).map(Number)).toEqual([16, 32, 48, 128]);
    for (const [size, path] of Object.entries(manifestIcons())) {
      const png = rendered.get(path);
      expect(png, path).toBeDefined();
      expect([png?.width, png?.height], path).toEqual([Number(size), Number(size)]);
    }
  });

  it("Firefox's dark-toolbar icons exist at the size each entry claims", () => {
    for (const { light, dark, size } of firefoxThemeIcons())
      for (const path of [light, dark]) {
        const png = rendered.get(path);
        expect([png?.width, png?.height], path).toEqual([size, size]);
      }
  });

  it('the mark still reads at every size: indigo on the light plate, with transparent corners', () => {
    for (const size of ICON_SIZES) {
      const png = rendered.get(iconPath(size));
      if (!png) throw new Error(`no ${iconPath(size)}`);
      const { indigo, light } = census(png);
      // The book takes a good part of the plate and the plate shows around it, even at 16 px.
      expect(indigo / (size * size), `${size} px indigo`).toBeGreaterThan(0.15);
      expect(light / (size * size), `${size} px plate`).toBeGreaterThan(0.2);
      expect(pixel(png, 0, 0)[3], `${size} px corner`).toBeLessThan(16);
    }
  });

  it('the light variant is the mark alone, light, with no plate and no indigo', () => {
    for (const size of ICON_SIZES) {
      const png = rendered.get(iconPath(size, 'light'));
      if (!png) throw new Error(`no ${iconPath(size, 'light')}`);
      const { indigo, light, transparent } = census(png);
      expect(indigo).toBe(0);
      expect(light / (size * size), `${size} px mark`).toBeGreaterThan(0.15);
      expect(transparent / (size * size), `${size} px background`).toBeGreaterThan(0.3);
    }
  });

  it("the store icon keeps the Chrome Web Store's 16 px transparent margin around its 96 px artwork", () => {
    const png = rendered.get(iconPath(128));
    if (!png) throw new Error('no 128 px icon');
    let opaqueInMargin = 0;
    for (let y = 0; y < 128; y++)
      for (let x = 0; x < 128; x++) if ((x < 16 || x >= 112 || y < 16 || y >= 112) && pixel(png, x, y)[3] > 0) opaqueInMargin++;
    expect(opaqueInMargin).toBe(0);
    // …and the artwork does reach out to that margin (the plate starts 3 px in: it is not simply drawn small).
    expect(pixel(png, 64, 20)[3]).toBeGreaterThan(200);
  });

  it('a drawing without the plate or the indigo mark gets a clear error, not a wrong light icon', () => {
    expect(() => iconSvg('light', '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4" fill="red"/></svg>')).toThrow(/plate/);
  });
});
