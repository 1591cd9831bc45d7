import { describe, expect, it, vi } from 'vitest';
import type { AppSettings } from '../../shared/ipc';
import { createNotifier, HIDDEN_BODY, previewText } from './notify';

function setup(options: { supported?: boolean; settings?: AppSettings } = {}) {
  const shown: { title: string; body: string; click: () => void }[] = [];
  const openRoom = vi.fn();
  const notifier = createNotifier({
    isSupported: () => options.supported ?? true,
    settings: () => options.settings ?? { hideContent: false },
    openRoom,
    create: ({ title, body }) => {
      const listeners: Record<string, () => void> = {};
      return {
        on: (event, listener) => (listeners[event] = listener),
        show: () => shown.push({ title, body, click: () => listeners.click?.() }),
      };
    },
  });
  return { notifier, shown, openRoom };
}

const request = { title: 'Bob Builder', body: 'Gate code is 4711', roomId: 'dm:a:b' };

describe('createNotifier', () => {
  it('shows the sender as title and the message as body', () => {
    const { notifier, shown } = setup();
    expect(notifier.show(request)).toBe(true);
    expect(shown).toEqual([expect.objectContaining({ title: 'Bob Builder', body: 'Gate code is 4711' })]);
  });

  it('replaces the body with "New message" when hideContent is on', () => {
    const { notifier, shown } = setup({ settings: { hideContent: true } });
    notifier.show(request);
    expect(shown[0]?.body).toBe(HIDDEN_BODY);
    expect(JSON.stringify(shown)).not.toContain('4711');
  });

  it('opens the room when clicked and then lets the notification go', () => {
    const { notifier, shown, openRoom } = setup();
    notifier.show(request);
    expect(notifier.pending).toBe(1);
    shown[0]?.click();
    expect(openRoom).toHaveBeenCalledWith('dm:a:b');
    expect(notifier.pending).toBe(0);
  });

  it('shows nothing where the OS has no notifications', () => {
    const { notifier, shown } = setup({ supported: false });
    expect(notifier.show(request)).toBe(false);
    expect(shown).toEqual([]);
  });
});

describe('previewText', () => {
  it('flattens whitespace and truncates long messages', () => {
    expect(previewText('  hello\n\n world  ')).toBe('hello world');
    const long = previewText('x'.repeat(500));
    expect(long).toHaveLength(180);
    expect(long.endsWith('…')).toBe(true);
  });
});
