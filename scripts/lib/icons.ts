/**
 * Backstory's icons: one drawing (`assets/icon.svg`) rendered to PNG at the manifest's sizes by the build
 * (`wxt.config.ts`'s `build:publicAssets` hook), so no PNG is kept in git and a changed drawing cannot
 * ship with stale pictures. resvg (Rust, through @resvg/resvg-js, whose registry package carries the
 * binary) renders SVG the same on every machine, with no browser and no network.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

/** The sizes the stores and browsers ask for: toolbar (16, 32 on high-density screens), extensions page (48), store (128). */
export const ICON_SIZES = [16, 32, 48, 128] as const;
export type IconSize = (typeof ICON_SIZES)[number];

/**
 * `default`: the indigo mark on its light plate, for every toolbar in Chrome and light ones in Firefox.
 * `light`: the mark alone in a light tint, for Firefox's dark toolbars (`theme_icons`), where a light
 * plate would glare.
 */
export type IconVariant = 'default' | 'light';

const SVG_PATH = new URL('../../assets/icon.svg', import.meta.url).pathname;
const INDIGO = 'fill="#3b2f8f"';
const LIGHT = 'fill="#e4e0fa"';
const PLATE = /<rect id="plate"[^>]*\/>/;

/** Where a variant's PNG of a size goes in the built extension (the manifest names the same paths). */
export function iconPath(size: IconSize, variant: IconVariant = 'default'): string {
  return variant === 'default' ? `icon/${size}.png` : `icon/light-${size}.png`;
}

/** The manifest's `icons` and `action.default_icon`: every size, the default variant. */
export function manifestIcons(): Record<string, string> {
  return Object.fromEntries(ICON_SIZES.map((size) => [String(size), iconPath(size)]));
}

/** Firefox's `action.theme_icons`: `light` is the picture for dark themes, `dark` the one for light themes. */
export function firefoxThemeIcons(): { light: string; dark: string; size: number }[] {
  return ICON_SIZES.map((size) => ({ light: iconPath(size, 'light'), dark: iconPath(size), size }));
}

/** The drawing for a variant. The light variant is derived from the same file, so the two never drift apart. */
export function iconSvg(variant: IconVariant, source = readFileSync(SVG_PATH, 'utf8')): string {
  if (variant === 'default') return source;
  if (!PLATE.test(source) || !source.includes(INDIGO))
    throw new Error(`${SVG_PATH}: the light variant needs <rect id="plate" …/> and the mark drawn with ${INDIGO}.`);
  return source.replace(PLATE, '').replaceAll(INDIGO, LIGHT);
}

/**
 * The Chrome Web Store's image guidelines ask the 128 px icon for 96 px of artwork inside 16 px of
 * transparent margin (the store and the install dialog frame it); the toolbar sizes use the whole square.
 */
const STORE_MARGIN: Partial<Record<IconSize, number>> = { 128: 16 };

/** One PNG of the drawing, `size` pixels square. */
export function renderIcon(size: IconSize, variant: IconVariant = 'default'): Buffer {
  let svg = iconSvg(variant);
  const margin = STORE_MARGIN[size];
  if (margin) {
    // Widen the 128-unit view box so the drawing fills size - 2 × margin pixels, centred.
    const pad = (margin * 128) / (size - 2 * margin);
    svg = svg.replace('viewBox="0 0 128 128"', `viewBox="${-pad} ${-pad} ${128 + 2 * pad} ${128 + 2 * pad}"`);
  }
  const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' });
  return resvg.render().asPng();
}

/** Every icon a build ships (the light variant only where the manifest names it): path and PNG bytes. */
export function renderIcons(variants: readonly IconVariant[] = ['default', 'light']): { relativeDest: string; png: Buffer }[] {
  return variants.flatMap((variant) =>
    ICON_SIZES.map((size) => ({ relativeDest: iconPath(size, variant), png: renderIcon(size, variant) })),
  );
}

/**
 * Renders every icon into `dir` (WXT copies public assets from files, and writes generated ones as
 * text only, so the PNGs go through a folder) and returns them as WXT public files.
 */
export function writeIcons(dir: string, variants: readonly IconVariant[]): { absoluteSrc: string; relativeDest: string }[] {
  return renderIcons(variants).map(({ relativeDest, png }) => {
    const absoluteSrc = join(dir, relativeDest);
    mkdirSync(join(absoluteSrc, '..'), { recursive: true });
    writeFileSync(absoluteSrc, png);
    return { absoluteSrc, relativeDest };
  });
}
