/** A message thumbnail is a data URL of at most this many characters (SPEC §8: 8 KiB). */
const THUMBNAIL_BUDGET = 8 * 1024;
const SIDES = [160, 120, 80, 48];
const QUALITIES = [0.7, 0.5, 0.35];

export interface ImageFacts {
  width: number;
  height: number;
  /** A JPEG data URL within the budget, or null when none fits. */
  thumbnail: string | null;
}

/**
 * Reads a photo's size and draws its thumbnail on a canvas. Drawing re-encodes, so the
 * thumbnail carries no EXIF or GPS. Null where the platform cannot decode the image (then the
 * server's thumbnail is used after upload).
 */
export async function imageFacts(blob: Blob): Promise<ImageFacts | null> {
  if (typeof createImageBitmap !== 'function' || typeof document === 'undefined') return null;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    return null;
  }
  try {
    const { width, height } = bitmap;
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d');
    if (!context || width < 1 || height < 1) return null;
    for (const side of SIDES) {
      const scale = Math.min(1, side / Math.max(width, height));
      canvas.width = Math.max(1, Math.round(width * scale));
      canvas.height = Math.max(1, Math.round(height * scale));
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      for (const quality of QUALITIES) {
        const url = canvas.toDataURL('image/jpeg', quality);
        if (url.startsWith('data:image/jpeg') && url.length <= THUMBNAIL_BUDGET)
          return { width, height, thumbnail: url };
      }
    }
    return { width, height, thumbnail: null };
  } finally {
    bitmap.close();
  }
}

/** A data URL of a blob that fits the thumbnail budget, or null. */
export async function blobToThumbnail(blob: Blob): Promise<string | null> {
  if (blob.size > THUMBNAIL_BUDGET) return null;
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const url = `data:${blob.type || 'image/jpeg'};base64,${btoa(binary)}`;
  return url.length <= THUMBNAIL_BUDGET ? url : null;
}
