/** "512 B", "48 KB", "3.4 MB": what a file card and the preview show. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const TYPE_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'text/plain': 'Text',
  'application/zip': 'ZIP archive',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel spreadsheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument spreadsheet',
  'application/vnd.oasis.opendocument.presentation': 'OpenDocument presentation',
};

/** A type people recognise ("PDF", "MP4 video") rather than a MIME type. */
export function typeName(mime: string): string {
  const known = TYPE_NAMES[mime];
  if (known) return known;
  const [group, sub = ''] = mime.split('/');
  const short = sub.replace(/^x-/, '').toUpperCase();
  if (group === 'image') return `${short} image`;
  if (group === 'audio') return `${short} audio`;
  if (group === 'video') return `${short} video`;
  return short || 'File';
}

/** Coordinates as people read them: 51.50722, -0.12750. */
export function formatCoordinates(lat: number, lng: number): string {
  return `${lat.toFixed(5)}, ${lng.toFixed(5)}`;
}

/** A map of the place in the system browser; nothing is fetched inside the app. */
export function mapLink(lat: number, lng: number): string {
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}`;
}
