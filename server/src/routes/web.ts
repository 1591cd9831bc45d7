import { join } from 'node:path';
import express, { Router } from 'express';

/** The browser build's policy: scripts and connections to this origin only. */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** Serves the web build next to the API; unknown paths get index.html so app routes deep-link. */
export function webRoutes(webDir: string): Router {
  const r = Router();
  r.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', WEB_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  r.use(express.static(webDir, { index: 'index.html', maxAge: 0 }));
  r.get(/^\/(?!api\/).*/, (_req, res) => {
    res.sendFile(join(webDir, 'index.html'));
  });
  return r;
}
