import { extname, join } from 'node:path';
import compression from 'compression';
import express, { Router } from 'express';

/** The browser build's policy: scripts and connections to this origin only. */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  // Voice notes play from blob: URLs (bytes fetched with the Authorization header).
  "media-src 'self' blob: data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** Vite names the files under assets/ by their content hash: a changed file gets a new name. */
const HASHED_ASSETS = '/assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and other unhashed files: revalidated on every load, so a new build shows at once. */
const REVALIDATE = 'no-cache';

/**
 * Serves the web build next to the API, compressed (brotli or gzip, as the browser accepts).
 * Unknown app paths (`/messages/x`) get index.html so app routes deep-link; a missing file (a
 * path under assets/ or with a file extension) falls through to the JSON 404, since an HTML page
 * in place of a script only hides the error.
 */
export function webRoutes(webDir: string): Router {
  const r = Router();
  r.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', WEB_CSP);
    next();
  });
  r.use(compression());
  r.use(
    express.static(webDir, {
      index: 'index.html',
      setHeaders(res, path) {
        const hashed = path.startsWith(join(webDir, HASHED_ASSETS));
        res.setHeader('Cache-Control', hashed ? IMMUTABLE : REVALIDATE);
      },
    }),
  );
  r.get(/^\/(?!api\/).*/, (req, res, next) => {
    if (req.path.startsWith(HASHED_ASSETS) || extname(req.path) !== '') return next();
    res.setHeader('Cache-Control', REVALIDATE);
    res.sendFile(join(webDir, 'index.html'), { cacheControl: false });
  });
  return r;
}
