import { describe, expect, it, vi } from 'vitest';
import { decideWindowOpen, guardWebContents, isAllowedNavigation } from './navigation';

const trusted = ['app://cleanchat'];

describe('isAllowedNavigation', () => {
  it('allows our own app:// pages, including deep routes', () => {
    expect(isAllowedNavigation('app://cleanchat/messages/dm:a:b', trusted)).toBe(true);
    expect(isAllowedNavigation('app://cleanchat/', trusted)).toBe(true);
  });

  it('refuses the web, file:// and look-alike hosts', () => {
    expect(isAllowedNavigation('https://evil.example/', trusted)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', trusted)).toBe(false);
    expect(isAllowedNavigation('app://cleanchat.evil/', trusted)).toBe(false);
    expect(isAllowedNavigation('app://other/', trusted)).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)', trusted)).toBe(false);
    expect(isAllowedNavigation('not a url', trusted)).toBe(false);
  });

  it('allows the dev server only when it is listed', () => {
    expect(isAllowedNavigation('http://localhost:5173/messages', trusted)).toBe(false);
    expect(isAllowedNavigation('http://localhost:5173/messages', [...trusted, 'http://localhost:5173'])).toBe(
      true,
    );
  });
});

describe('decideWindowOpen', () => {
  it('denies every new window but sends http(s) links to the system browser', () => {
    expect(decideWindowOpen('https://example.com/help')).toEqual({
      action: 'deny',
      openExternal: 'https://example.com/help',
    });
    expect(decideWindowOpen('http://example.com/')).toEqual({
      action: 'deny',
      openExternal: 'http://example.com/',
    });
  });

  it('opens nothing for other schemes', () => {
    for (const url of [
      'file:///etc/passwd',
      'smb://host/share',
      'javascript:alert(1)',
      'app://cleanchat/x',
      'garbage',
    ]) {
      expect(decideWindowOpen(url)).toEqual({ action: 'deny', openExternal: null });
    }
  });
});

type Handler = (event: { preventDefault(): void }, url: string) => void;

function fakeContents() {
  const handlers = new Map<string, Handler>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: (name: string, handler: Handler) => {
      handlers.set(name, handler);
      return contents;
    },
    setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) => {
      openHandler = handler;
    },
  };
  const fire = (name: string, url: string): boolean => {
    const preventDefault = vi.fn();
    handlers.get(name)?.({ preventDefault }, url);
    return preventDefault.mock.calls.length > 0;
  };
  return { contents, fire, open: (url: string) => openHandler?.({ url }) };
}

describe('guardWebContents', () => {
  it('prevents foreign navigation and redirects, lets our own through', () => {
    const { contents, fire } = fakeContents();
    guardWebContents(contents as never, trusted, async () => undefined);
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'app://cleanchat/messages')).toBe(false);
    expect(fire('will-attach-webview', 'app://cleanchat/')).toBe(true);
  });

  it('opens external links in the browser and denies the window', () => {
    const { contents, open } = fakeContents();
    const openExternal = vi.fn(async () => undefined);
    guardWebContents(contents as never, trusted, openExternal);
    expect(open('https://example.com/')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(1);
    expect(openExternal).toHaveBeenCalledWith('https://example.com/');
  });
});
