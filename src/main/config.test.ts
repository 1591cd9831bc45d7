import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_URL, originOf, parseServerUrl, readConfig, trustedOrigins } from './config';

describe('parseServerUrl', () => {
  it('defaults to the local server and reduces a URL to its origin', () => {
    expect(parseServerUrl(undefined)).toBe(DEFAULT_SERVER_URL);
    expect(parseServerUrl('')).toBe(DEFAULT_SERVER_URL);
    expect(parseServerUrl('http://127.0.0.1:43123/')).toBe('http://127.0.0.1:43123');
    expect(parseServerUrl('https://chat.example.com/api?x=1')).toBe('https://chat.example.com');
  });

  it('refuses other schemes, credentials and garbage', () => {
    expect(() => parseServerUrl('file:///etc')).toThrow(/http/);
    expect(() => parseServerUrl('javascript:alert(1)')).toThrow(/http/);
    expect(() => parseServerUrl('http://user:pw@host')).toThrow(/credentials/);
    expect(() => parseServerUrl('not a url')).toThrow(/not a URL/);
  });
});

describe('readConfig and trustedOrigins', () => {
  it('trusts only app://cleanchat when packaged, even if a dev URL leaks into the environment', () => {
    const config = readConfig({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, true);
    expect(config.devRendererUrl).toBeNull();
    expect(trustedOrigins(config)).toEqual(['app://cleanchat']);
  });

  it('adds the dev server origin in development', () => {
    const config = readConfig(
      { ELECTRON_RENDERER_URL: 'http://localhost:5173/', CLEANCHAT_USER_DATA_DIR: '/tmp/x' },
      false,
    );
    expect(trustedOrigins(config)).toEqual(['app://cleanchat', 'http://localhost:5173']);
    expect(config.userDataDir).toBe('/tmp/x');
  });
});

describe('originOf', () => {
  it('gives custom schemes a scheme://host origin and rejects hostless URLs', () => {
    expect(originOf('app://cleanchat/messages/x')).toBe('app://cleanchat');
    expect(originOf('https://example.com:8443/a')).toBe('https://example.com:8443');
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('::')).toBeNull();
  });
});

/** Everything under src/main except the Electron entry points must be testable without Electron. */
describe('main process layout', () => {
  const electronEntryPoints = new Set(['index.ts', 'window/main-window.ts']);

  function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? sources(join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? [join(dir, entry.name)]
          : [],
    );
  }

  it('imports electron at runtime only in its entry points', () => {
    const root = import.meta.dirname;
    const offenders = sources(root)
      .filter((file) => !electronEntryPoints.has(relative(root, file).split('\\').join('/')))
      .filter((file) => /^import\s+(?!type\b)[^;]*from\s+'electron'/m.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
