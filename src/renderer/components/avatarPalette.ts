/**
 * The colours behind avatar initials: the source of truth for both the component and the
 * contrast test (`avatarPalette.test.ts`), which holds every pair to WCAG AA for normal text
 * (4.5:1). Deep shades, because white initials on mid-tone hues fell to 1.96:1.
 */
export const AVATAR_COLOURS: readonly { background: string; foreground: string }[] = [
  { background: '#b91c1c', foreground: '#ffffff' },
  { background: '#c2410c', foreground: '#ffffff' },
  { background: '#a16207', foreground: '#ffffff' },
  { background: '#4d7c0f', foreground: '#ffffff' },
  { background: '#15803d', foreground: '#ffffff' },
  { background: '#0f766e', foreground: '#ffffff' },
  { background: '#0e7490', foreground: '#ffffff' },
  { background: '#1d4ed8', foreground: '#ffffff' },
  { background: '#6d28d9', foreground: '#ffffff' },
  { background: '#a21caf', foreground: '#ffffff' },
  { background: '#be185d', foreground: '#ffffff' },
  { background: '#475569', foreground: '#ffffff' },
];

/** Palette index from the name, so a person keeps the same colour everywhere. */
export function avatarColourIndex(name: string): number {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return hash % AVATAR_COLOURS.length;
}

/** The colours of a person's avatar. */
export function avatarColours(name: string): { background: string; foreground: string } {
  return AVATAR_COLOURS[avatarColourIndex(name)] ?? { background: '#475569', foreground: '#ffffff' };
}
