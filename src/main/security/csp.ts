/**
 * The Content-Security-Policy sent with every app:// response. Scripts only from the bundle,
 * network only to the sync server: a compromised message renderer can neither load code nor
 * send data anywhere else. Inline styles are allowed because React style props and the
 * virtual list position rows with them; inline scripts are not. Photos, files and voice notes
 * are fetched with the Authorization header and shown from blob: URLs (thumbnails from data:
 * URLs in the message), so images and media need no origin beyond the app and its server.
 */
export function buildCsp(serverOrigin: string): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', serverOrigin],
    'font-src': ["'self'", 'data:'],
    'connect-src': [serverOrigin],
    // Voice notes play from blob: URLs of bytes fetched with the Authorization header.
    'media-src': ["'self'", 'blob:', 'data:'],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** Headers every app:// response carries besides its content type. */
export function securityHeaders(serverOrigin: string): Record<string, string> {
  return {
    'Content-Security-Policy': buildCsp(serverOrigin),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}
