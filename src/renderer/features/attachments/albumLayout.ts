/**
 * How an album's grid is laid out, by how many photos it holds (decision in docs/client.md):
 * two side by side; three as one tall photo beside two stacked; four in a 2 × 2 square; from five
 * on, the first four as the square with "+N" over the fourth for the ones not shown (the
 * lightbox reaches them all). Positions are CSS grid lines on a 2 × 2 grid.
 */
export type AlbumShape = 'one' | 'two' | 'three' | 'four';

export interface AlbumTile {
  /** The photo's place in the album (0-based). */
  index: number;
  /** CSS `grid-area` on the 2 × 2 grid: row-start / column-start / row-end / column-end. */
  area: string;
  /** Photos past this tile that are not shown; set on the last visible tile only. */
  more: number;
}

export interface AlbumLayout {
  shape: AlbumShape;
  tiles: AlbumTile[];
}

/** The most tiles a grid shows. */
export const ALBUM_VISIBLE_TILES = 4;

const AREAS: Record<AlbumShape, string[]> = {
  one: ['1 / 1 / 3 / 3'],
  two: ['1 / 1 / 3 / 2', '1 / 2 / 3 / 3'],
  three: ['1 / 1 / 3 / 2', '1 / 2 / 2 / 3', '2 / 2 / 3 / 3'],
  four: ['1 / 1 / 2 / 2', '1 / 2 / 2 / 3', '2 / 1 / 3 / 2', '2 / 2 / 3 / 3'],
};

const SHAPES: AlbumShape[] = ['one', 'two', 'three', 'four'];

/** The grid for an album of `count` photos (at least one). */
export function albumLayout(count: number): AlbumLayout {
  const visible = Math.max(1, Math.min(count, ALBUM_VISIBLE_TILES));
  const shape = SHAPES[visible - 1] as AlbumShape;
  const tiles = AREAS[shape].map((area, index) => ({
    index,
    area,
    more: index === visible - 1 ? Math.max(0, count - visible) : 0,
  }));
  return { shape, tiles };
}

/** What a tile is called to a screen reader: "Photo 2 of 3", "Photo 4 of 7, and 3 more". */
export function tileLabel(tile: AlbumTile, count: number): string {
  const base = `Photo ${tile.index + 1} of ${count}`;
  return tile.more > 0 ? `${base}, and ${tile.more} more` : base;
}

/** The grid's own label: "Album, 3 photos". */
export function albumLabel(count: number): string {
  return `Album, ${count} ${count === 1 ? 'photo' : 'photos'}`;
}
