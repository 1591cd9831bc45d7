import { describe, expect, it } from 'vitest';
import styles from '../styles.css?raw';
import theme from './theme.css?raw';
import { contrastRatio } from '../test/contrast';
import { AVATAR_COLOURS } from './avatarPalette';

const AA = 4.5;

/** The `--name: #rrggbb` theme variables of styles.css, for the light theme and the dark one. */
function themeColours(css: string): { light: Record<string, string>; dark: Record<string, string> } {
  const [light = '', dark = ''] = css.split('@media (prefers-color-scheme: dark)');
  const read = (block: string) =>
    Object.fromEntries([...block.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1], m[2]]));
  return { light: read(light), dark: read(dark) };
}

describe('contrast ratio helper', () => {
  it('matches the WCAG reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
  });
});

describe('WCAG AA contrast (4.5:1)', () => {
  it.each(AVATAR_COLOURS.map((c) => [c.foreground, c.background]))('avatar initials %s on %s', (fg, bg) => {
    expect(contrastRatio(fg, bg)).toBeGreaterThanOrEqual(AA);
  });

  const { light, dark } = themeColours(styles);
  // The Active/Archived/All labels: muted when unselected (on the segmented control's surface-2),
  // fg on surface when selected. Errors and hints are danger and muted on the card's surface.
  const pairs: [string, string][] = [
    ['muted', 'surface-2'],
    ['fg', 'surface'],
    ['muted', 'surface'],
    ['danger', 'surface'],
  ];
  it.each(pairs.flatMap(([fg, bg]) => [['light', fg, bg] as const, ['dark', fg, bg] as const]))(
    '%s theme: --%s on --%s',
    (scheme, fg, bg) => {
      const colours = scheme === 'light' ? light : dark;
      const [fgHex, bgHex] = [colours[fg], colours[bg]];
      expect(fgHex && bgHex, `--${fg} and --${bg} in styles.css`).toBeTruthy();
      expect(contrastRatio(fgHex ?? '', bgHex ?? '')).toBeGreaterThanOrEqual(AA);
    },
  );

  it("keeps theme.css's fallbacks equal to the shell's light values", () => {
    for (const name of ['muted', 'danger', 'surface', 'surface-2', 'fg']) {
      const fallback = new RegExp(`var\\(--${name}, (#[0-9a-f]{6})\\)`, 'i').exec(theme)?.[1];
      expect(fallback, name).toBe(light[name]);
    }
  });
});
