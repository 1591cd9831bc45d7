import { describe, expect, it, vi } from 'vitest';
import type { WebHost } from './web';
import { createWebPlatform, TOKEN_KEY } from './web';

class FakeNotification {
  static permission: NotificationPermission = 'default';
  static requestPermission = vi.fn(async () => FakeNotification.permission);
  static created: FakeNotification[] = [];
  onclick: (() => void) | null = null;
  close = vi.fn();
  constructor(
    public title: string,
    public options: NotificationOptions,
  ) {
    FakeNotification.created.push(this);
  }
}

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
    map,
  };
}

function host(overrides: Partial<WebHost> = {}) {
  FakeNotification.created = [];
  FakeNotification.requestPermission.mockClear();
  const doc = { title: 'cleanchat', hasFocus: vi.fn(() => true) };
  const base: WebHost = {
    location: { origin: 'http://127.0.0.1:8787' },
    storage: memoryStorage(),
    document: doc,
    focusWindow: vi.fn(),
    Notification: FakeNotification as unknown as typeof Notification,
    ...overrides,
  };
  return { base, doc, platform: createWebPlatform(base) };
}

const note = { title: 'Bob', body: 'On my way', roomId: 'dm:a:b' };

describe('createWebPlatform', () => {
  it('uses the page origin as server URL', () => {
    const { platform } = host();
    expect(platform.kind).toBe('web');
    expect(platform.serverUrl).toBe('http://127.0.0.1:8787');
  });

  it('keeps the refresh token in localStorage', async () => {
    const storage = memoryStorage();
    const { platform } = host({ storage });
    expect(await platform.secureStore.get()).toBeNull();
    expect(await platform.secureStore.set('tok')).toEqual({ persisted: true });
    expect(storage.map.get(TOKEN_KEY)).toBe('tok');
    expect(await platform.secureStore.get()).toBe('tok');
    await platform.secureStore.clear();
    expect(await platform.secureStore.get()).toBeNull();
  });

  it('says why when storage is unavailable and keeps the token for the tab', async () => {
    const { platform } = host({ storage: null });
    const result = await platform.secureStore.set('tok');
    expect(result.persisted).toBe(false);
    expect(result.reason).toMatch(/not saved/);
    expect(await platform.secureStore.get()).toBe('tok');
  });

  it('asks for permission on first use, then shows the notification', async () => {
    FakeNotification.permission = 'default';
    const { platform } = host();
    FakeNotification.requestPermission.mockImplementationOnce(async () => 'granted');
    platform.notify(note);
    await vi.waitFor(() => expect(FakeNotification.created).toHaveLength(1));
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);
    expect(FakeNotification.created[0]?.options).toMatchObject({ body: 'On my way', tag: 'dm:a:b' });
  });

  it('shows nothing when permission is denied', async () => {
    FakeNotification.permission = 'denied';
    const { platform } = host();
    platform.notify(note);
    await Promise.resolve();
    expect(FakeNotification.created).toHaveLength(0);
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
  });

  it('focuses the window and opens the room when a notification is clicked', () => {
    FakeNotification.permission = 'granted';
    const { platform, base } = host();
    const listener = vi.fn();
    const off = platform.onOpenRoom(listener);
    platform.notify(note);
    FakeNotification.created[0]?.onclick?.();
    expect(base.focusWindow).toHaveBeenCalled();
    expect(listener).toHaveBeenCalledWith('dm:a:b');
    off();
    platform.notify(note);
    FakeNotification.created[1]?.onclick?.();
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('puts the unread count in the tab title', () => {
    const { platform, doc } = host();
    platform.setBadge(4);
    expect(doc.title).toBe('(4) cleanchat');
    platform.setBadge(0);
    expect(doc.title).toBe('cleanchat');
  });

  it('reports focus from the document', () => {
    const { platform, doc } = host();
    doc.hasFocus.mockReturnValue(false);
    expect(platform.isFocused()).toBe(false);
  });
});
