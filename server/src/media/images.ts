import sharp from 'sharp';
import { IMAGE_MAX_SIDE, THUMBNAIL_MAX_CHARS } from '../shared';

/** Decompression bombs: no photo of a phone or camera comes near 100 megapixels. */
const MAX_INPUT_PIXELS = 100_000_000;

/** Thumbnail sizes and WebP qualities tried in order until the data URL fits in 8 KiB. */
const THUMBNAIL_STEPS: Array<[side: number, quality: number]> = [
  [320, 50], [256, 45], [200, 40], [160, 35], [128, 30], [96, 30], [64, 25], [48, 20],
];

export interface ProcessedImage {
  bytes: Buffer;
  width: number;
  height: number;
  thumbnail: string | null;
}

const FORMATS = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif' } as const;

/**
 * Re-encodes a photo so nothing but its pixels leaves the server: sharp writes no metadata
 * unless asked, so EXIF (GPS, camera, time), XMP and IPTC are gone. It is first turned upright
 * by its EXIF orientation (which goes with the rest), scaled to at most 2,048 px on its long
 * side, and kept in its format (an animated GIF keeps its frames). Throws when the bytes do not
 * decode as an image.
 */
export async function processImage(input: Buffer, mime: keyof typeof FORMATS): Promise<ProcessedImage> {
  const animated = mime === 'image/gif' || mime === 'image/webp';
  const pipeline = sharp(input, { animated, limitInputPixels: MAX_INPUT_PIXELS })
    .rotate()
    .resize({ width: IMAGE_MAX_SIDE, height: IMAGE_MAX_SIDE, fit: 'inside', withoutEnlargement: true });
  const format = FORMATS[mime];
  const encoded =
    format === 'jpeg' ? pipeline.jpeg({ quality: 85, mozjpeg: true }) : format === 'png' ? pipeline.png() : pipeline[format]();
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
  // An animated image's height is all its frames stacked; a frame is what a person sees.
  const height = info.pageHeight ?? info.height;
  return { bytes: data, width: info.width, height, thumbnail: await thumbnailOf(data) };
}

/** A WebP data URL of at most THUMBNAIL_MAX_CHARS of the (first frame of the) image, or null if none fits. */
export async function thumbnailOf(image: Buffer): Promise<string | null> {
  for (const [side, quality] of THUMBNAIL_STEPS) {
    const bytes = await sharp(image, { limitInputPixels: MAX_INPUT_PIXELS })
      .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
      .webp({ quality })
      .toBuffer();
    const url = `data:image/webp;base64,${bytes.toString('base64')}`;
    if (url.length <= THUMBNAIL_MAX_CHARS) return url;
  }
  return null;
}

export const isProcessedImage = (mime: string): mime is keyof typeof FORMATS => mime in FORMATS;
