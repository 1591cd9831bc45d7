import { z } from 'zod';
import { readJsonFile, writeJsonFile } from '../json-file';
import { MIN_HEIGHT, MIN_WIDTH } from './options';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Position is optional: without it Electron centres the window on the primary display. */
export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_BOUNDS: WindowBounds = { width: 1200, height: 800, maximized: false };

const coordinate = z.number().int().min(-100_000).max(100_000);
const boundsSchema = z.strictObject({
  x: coordinate.optional(),
  y: coordinate.optional(),
  width: z.number().int().min(MIN_WIDTH).max(100_000),
  height: z.number().int().min(MIN_HEIGHT).max(100_000),
  maximized: z.boolean(),
});

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Keeps a remembered window on a display that still exists: it moves to the display it overlaps
 * most, shrinks to fit that display's work area and is pushed fully inside it. A window that no
 * longer overlaps any display (a monitor was unplugged) forgets its position and is centred.
 * `workAreas[0]` is the primary display.
 */
export function fitToDisplays(bounds: WindowBounds, workAreas: readonly Rect[]): WindowBounds {
  const primary = workAreas[0];
  if (!primary) return { width: bounds.width, height: bounds.height, maximized: bounds.maximized };
  let target: Rect | undefined;
  if (bounds.x !== undefined && bounds.y !== undefined) {
    const rect = { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height };
    let best = 0;
    for (const area of workAreas) {
      const covered = overlap(rect, area);
      if (covered > best) [best, target] = [covered, area];
    }
  }
  const area = target ?? primary;
  const width = Math.min(bounds.width, area.width);
  const height = Math.min(bounds.height, area.height);
  if (!target || bounds.x === undefined || bounds.y === undefined)
    return { width, height, maximized: bounds.maximized };
  const x = Math.min(Math.max(bounds.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(bounds.y, area.y), area.y + area.height - height);
  return { x, y, width, height, maximized: bounds.maximized };
}

/** Remembered bounds in `window-state.json`; invalid content counts as none. */
export function createBoundsStore(path: string) {
  return {
    load(): WindowBounds | null {
      return readJsonFile(path, boundsSchema);
    },
    save(bounds: WindowBounds): void {
      const round = (n: number | undefined): number | undefined =>
        n === undefined ? undefined : Math.round(n);
      const parsed = boundsSchema.safeParse({
        x: round(bounds.x),
        y: round(bounds.y),
        width: Math.round(bounds.width),
        height: Math.round(bounds.height),
        maximized: bounds.maximized,
      });
      if (parsed.success) writeJsonFile(path, parsed.data);
    },
  };
}
