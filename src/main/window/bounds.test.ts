import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBoundsStore, fitToDisplays } from './bounds';

const primary = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 1280, height: 1000 };

describe('fitToDisplays', () => {
  it('keeps a window that is fully visible', () => {
    const bounds = { x: 100, y: 50, width: 1200, height: 800, maximized: false };
    expect(fitToDisplays(bounds, [primary, right])).toEqual(bounds);
  });

  it('forgets the position of a window on a display that is gone', () => {
    const bounds = { x: 4000, y: 100, width: 1200, height: 800, maximized: true };
    expect(fitToDisplays(bounds, [primary])).toEqual({ width: 1200, height: 800, maximized: true });
  });

  it('pulls a half-offscreen window fully onto the display it overlaps most', () => {
    const bounds = { x: 2800, y: -50, width: 1000, height: 800, maximized: false };
    expect(fitToDisplays(bounds, [primary, right])).toEqual({
      x: 2200,
      y: 0,
      width: 1000,
      height: 800,
      maximized: false,
    });
  });

  it('shrinks a window larger than its display', () => {
    const bounds = { x: 1920, y: 0, width: 3000, height: 2000, maximized: false };
    expect(fitToDisplays(bounds, [primary, right])).toEqual({
      x: 1920,
      y: 0,
      width: 1280,
      height: 1000,
      maximized: false,
    });
  });

  it('sizes a window without position to the primary display', () => {
    expect(fitToDisplays({ width: 5000, height: 800, maximized: false }, [primary, right])).toEqual({
      width: 1920,
      height: 800,
      maximized: false,
    });
  });
});

describe('createBoundsStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cleanchat-bounds-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips bounds', () => {
    const store = createBoundsStore(join(dir, 'window-state.json'));
    expect(store.load()).toBeNull();
    store.save({ x: 10.4, y: 20, width: 1000.6, height: 700, maximized: true });
    expect(store.load()).toEqual({ x: 10, y: 20, width: 1001, height: 700, maximized: true });
  });

  it('treats garbage, wrong types and absurd sizes as no saved state', () => {
    const path = join(dir, 'window-state.json');
    const store = createBoundsStore(path);
    for (const content of [
      '{not json',
      '{"width":"big","height":700,"maximized":false}',
      '{"width":10,"height":10,"maximized":false}',
      '[]',
    ]) {
      writeFileSync(path, content);
      expect(store.load(), content).toBeNull();
    }
  });

  it('does not write invalid bounds', () => {
    const path = join(dir, 'window-state.json');
    const store = createBoundsStore(path);
    store.save({ width: 800, height: 600, maximized: false });
    store.save({ width: Number.NaN, height: 600, maximized: false });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ width: 800, height: 600, maximized: false });
  });
});
