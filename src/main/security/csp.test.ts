import { describe, expect, it } from 'vitest';
import { buildCsp, securityHeaders } from './csp';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name ?? '', sources];
    }),
  );
}

describe('buildCsp', () => {
  const csp = directives(buildCsp('http://127.0.0.1:8787'));

  it('limits connect-src to the configured server origin', () => {
    expect(csp.get('connect-src')).toEqual(['http://127.0.0.1:8787']);
  });

  it('allows scripts only from the app itself, never inline or eval', () => {
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(buildCsp('http://x.test')).not.toMatch(/unsafe-eval/);
    expect(csp.get('default-src')).toEqual(["'self'"]);
  });

  it('forbids plugins, framing, base rewriting and form posts', () => {
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
  });

  it('shows attachments from blob: and data: URLs and loads images and media from no other site', () => {
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'http://127.0.0.1:8787']);
    expect(csp.get('media-src')).toEqual(["'self'", 'blob:', 'data:']);
  });

  it('follows the server origin it is given', () => {
    expect(directives(buildCsp('https://chat.example.com')).get('connect-src')).toEqual([
      'https://chat.example.com',
    ]);
  });
});

describe('securityHeaders', () => {
  it('carries the CSP and nosniff', () => {
    const headers = securityHeaders('http://127.0.0.1:8787');
    expect(headers['Content-Security-Policy']).toBe(buildCsp('http://127.0.0.1:8787'));
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
  });
});
