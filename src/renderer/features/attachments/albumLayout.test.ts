import { describe, expect, it } from 'vitest';
import { albumLabel, albumLayout, tileLabel } from './albumLayout';

describe('albumLayout', () => {
  it('two photos side by side, each the full height', () => {
    expect(albumLayout(2)).toEqual({
      shape: 'two',
      tiles: [
        { index: 0, area: '1 / 1 / 3 / 2', more: 0 },
        { index: 1, area: '1 / 2 / 3 / 3', more: 0 },
      ],
    });
  });

  it('three: one tall on the left, two stacked on the right', () => {
    const { shape, tiles } = albumLayout(3);
    expect(shape).toBe('three');
    expect(tiles.map((t) => t.area)).toEqual(['1 / 1 / 3 / 2', '1 / 2 / 2 / 3', '2 / 2 / 3 / 3']);
    expect(tiles.every((t) => t.more === 0)).toBe(true);
  });

  it('four in a square', () => {
    const { shape, tiles } = albumLayout(4);
    expect(shape).toBe('four');
    expect(new Set(tiles.map((t) => t.area)).size).toBe(4);
    expect(tiles.map((t) => t.more)).toEqual([0, 0, 0, 0]);
  });

  it('five and more: the square, with +N over the fourth for the photos not shown', () => {
    expect(albumLayout(5).tiles.map((t) => t.more)).toEqual([0, 0, 0, 1]);
    const ten = albumLayout(10);
    expect(ten.shape).toBe('four');
    expect(ten.tiles).toHaveLength(4);
    expect(ten.tiles[3]).toMatchObject({ index: 3, more: 6 });
  });

  it('one photo left (the others deleted) fills the grid', () => {
    expect(albumLayout(1)).toEqual({ shape: 'one', tiles: [{ index: 0, area: '1 / 1 / 3 / 3', more: 0 }] });
  });

  it('labels: the group and each tile', () => {
    expect(albumLabel(3)).toBe('Album, 3 photos');
    expect(tileLabel(albumLayout(3).tiles[1]!, 3)).toBe('Photo 2 of 3');
    expect(tileLabel(albumLayout(7).tiles[3]!, 7)).toBe('Photo 4 of 7, and 3 more');
  });
});
