import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { APP_HOST } from '../config';
import { securityHeaders } from './csp';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export type Resolution = { kind: 'file'; path: string } | { kind: 'spa' } | { kind: 'refused' };

/**
 * Maps an app:// URL to a file under `root`. Refuses other hosts and any path that decodes to
 * something outside `root` (`..`, encoded slashes, NUL, backslashes). Paths without a file
 * extension are client-side routes (`/messages/<roomId>`) and get the SPA shell.
 */
export function resolveAppPath(rawUrl: string, root: string): Resolution {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { kind: 'refused' };
  }
  if (url.host !== APP_HOST) return { kind: 'refused' };
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { kind: 'refused' };
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return { kind: 'refused' };
  const base = resolve(root);
  const target = resolve(base, `.${pathname}`);
  if (target !== base && !target.startsWith(base + sep)) return { kind: 'refused' };
  if (target === base) return { kind: 'spa' };
  const lastSegment = pathname.split('/').pop() ?? '';
  return lastSegment.includes('.') ? { kind: 'file', path: target } : { kind: 'spa' };
}

export interface FileAccess {
  readFile(path: string): Promise<Uint8Array>;
  isFile(path: string): Promise<boolean>;
}

const nodeFiles: FileAccess = {
  readFile: (path) => readFile(path),
  isFile: (path) =>
    stat(path).then(
      (s) => s.isFile(),
      () => false,
    ),
};

/**
 * The `protocol.handle('app', ...)` handler: static files from the renderer bundle with the CSP
 * header, index.html for routes, 404 for missing assets and refused paths alike (a refused path
 * learns nothing about the disk).
 */
export function createAppProtocolHandler(root: string, serverOrigin: string, files: FileAccess = nodeFiles) {
  const headers = securityHeaders(serverOrigin);
  const respond = (body: Uint8Array | string, status: number, type: string): Response =>
    new Response(body as ConstructorParameters<typeof Response>[0], {
      status,
      headers: { ...headers, 'Content-Type': type },
    });

  return async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return respond('Method not allowed', 405, MIME['.txt']!);
    const resolution = resolveAppPath(request.url, root);
    if (resolution.kind === 'refused') return respond('Not found', 404, MIME['.txt']!);
    const path = resolution.kind === 'spa' ? join(resolve(root), 'index.html') : resolution.path;
    if (!(await files.isFile(path))) return respond('Not found', 404, MIME['.txt']!);
    const type = MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
    return respond(await files.readFile(path), 200, type);
  };
}
