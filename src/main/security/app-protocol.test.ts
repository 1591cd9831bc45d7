import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, resolveAppPath } from './app-protocol';

const root = resolve('/srv/renderer');

describe('resolveAppPath', () => {
  it('maps asset URLs to files under the root', () => {
    expect(resolveAppPath('app://cleanchat/assets/index-abc.js', root)).toEqual({
      kind: 'file',
      path: join(root, 'assets', 'index-abc.js'),
    });
  });

  it('serves the SPA shell for the root and for client-side routes', () => {
    expect(resolveAppPath('app://cleanchat/', root)).toEqual({ kind: 'spa' });
    expect(
      resolveAppPath(
        'app://cleanchat/messages/dm:0190a1b2-0000-7000-8000-000000000001:0190a1b2-0000-7000-8000-000000000002',
        root,
      ),
    ).toEqual({ kind: 'spa' });
    expect(resolveAppPath('app://cleanchat/jobs/123/chat?x=1#y', root)).toEqual({ kind: 'spa' });
  });

  it('refuses path traversal in every spelling', () => {
    const attempts = [
      'app://cleanchat/..%2F..%2Fetc%2Fpasswd',
      'app://cleanchat/assets/..%2F..%2F..%2Fetc%2Fpasswd',
      'app://cleanchat/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://cleanchat/..%5C..%5Cwindows%5Cwin.ini',
      'app://cleanchat/a%00.js',
      'app://cleanchat/%E0%A4%A',
    ];
    for (const url of attempts) expect(resolveAppPath(url, root), url).toEqual({ kind: 'refused' });
  });

  it('keeps dot segments that the URL parser normalises inside the root', () => {
    const result = resolveAppPath('app://cleanchat/../../etc/passwd', root);
    expect(result).toEqual({ kind: 'spa' });
  });

  it('refuses other hosts', () => {
    expect(resolveAppPath('app://evil/index.html', root)).toEqual({ kind: 'refused' });
  });
});

describe('createAppProtocolHandler', () => {
  let dir: string;
  let handler: (request: Request) => Promise<Response>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cleanchat-protocol-'));
    mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>shell</title>');
    writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'do not serve');
    handler = createAppProtocolHandler(join(dir, 'renderer'), 'http://127.0.0.1:8787');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves files with their type and the CSP header', async () => {
    const response = await handler(new Request('app://cleanchat/assets/app.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('content-security-policy')).toContain('connect-src http://127.0.0.1:8787');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('answers history routes with index.html', async () => {
    const response = await handler(new Request('app://cleanchat/messages/job:abc'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>shell</title>');
  });

  it('does not serve files outside the renderer folder', async () => {
    const response = await handler(new Request('app://cleanchat/..%2Fsecret.txt'));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('do not serve');
  });

  it('404s a missing asset instead of sending the shell as script', async () => {
    expect((await handler(new Request('app://cleanchat/assets/missing.js'))).status).toBe(404);
  });

  it('refuses writes', async () => {
    expect((await handler(new Request('app://cleanchat/', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});
