import { describe, expect, it, vi } from 'vitest';
import type { CleanchatBridge } from '../../shared/ipc';
import { createElectronPlatform } from './electron';

function fakeBridge(result: unknown = undefined) {
  let listener: ((payload: { roomId: string }) => void) | undefined;
  const invoke = vi.fn(async (..._args: unknown[]) => result);
  const bridge = {
    config: { serverUrl: 'http://127.0.0.1:8787/', os: 'linux' },
    invoke,
    on: vi.fn((_channel: string, l: (payload: { roomId: string }) => void) => {
      listener = l;
      return () => (listener = undefined);
    }),
  } as unknown as CleanchatBridge;
  return { bridge, invoke, emit: (roomId: string) => listener?.({ roomId }) };
}

describe('createElectronPlatform', () => {
  it('takes the server URL from the bridge, without a trailing slash', () => {
    const platform = createElectronPlatform(fakeBridge().bridge, { hasFocus: () => true });
    expect(platform.kind).toBe('electron');
    expect(platform.serverUrl).toBe('http://127.0.0.1:8787');
  });

  it('maps the secure store to the session channels', async () => {
    const { bridge, invoke } = fakeBridge({ persisted: false, reason: 'no keychain' });
    const platform = createElectronPlatform(bridge, { hasFocus: () => true });
    expect(await platform.secureStore.set('tok')).toEqual({ persisted: false, reason: 'no keychain' });
    await platform.secureStore.get();
    await platform.secureStore.clear();
    expect(invoke.mock.calls).toEqual([
      ['session:set-token', { token: 'tok' }],
      ['session:get-token'],
      ['session:clear-token'],
    ]);
  });

  it('saves a file through the save dialog channel with its bytes, and arms the microphone on Record', async () => {
    const { bridge, invoke } = fakeBridge(true);
    const platform = createElectronPlatform(bridge, { hasFocus: () => true });
    expect(await platform.saveFile(new Blob([new Uint8Array([1, 2, 3])]), 'invoice.pdf')).toBe(true);
    await platform.armMicrophone();
    expect(invoke.mock.calls).toEqual([
      ['file:save', { name: 'invoice.pdf', bytes: new Uint8Array([1, 2, 3]) }],
      ['media:arm-microphone'],
    ]);
  });

  it('sends notifications and whole, non-negative badge counts', () => {
    const { bridge, invoke } = fakeBridge();
    const platform = createElectronPlatform(bridge, { hasFocus: () => true });
    platform.notify({ title: 'Bob', body: 'hi', roomId: 'dm:a:b' });
    platform.setBadge(2.7);
    platform.setBadge(-1);
    expect(invoke.mock.calls).toEqual([
      ['notify:show', { title: 'Bob', body: 'hi', roomId: 'dm:a:b' }],
      ['badge:set', { count: 2 }],
      ['badge:set', { count: 0 }],
    ]);
  });

  it('passes open-room events to listeners as room ids', () => {
    const { bridge, emit } = fakeBridge();
    const platform = createElectronPlatform(bridge, { hasFocus: () => false });
    const listener = vi.fn();
    const off = platform.onOpenRoom(listener);
    emit('job:1');
    off();
    emit('job:2');
    expect(listener.mock.calls).toEqual([['job:1']]);
    expect(platform.isFocused()).toBe(false);
  });

  it('logs a rejected call without its content instead of throwing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { bridge, invoke } = fakeBridge();
    invoke.mockRejectedValueOnce(new Error('invalid payload at roomId'));
    createElectronPlatform(bridge, { hasFocus: () => true }).notify({
      title: 'Bob',
      body: 'secret text',
      roomId: 'x',
    });
    await vi.waitFor(() => expect(warn).toHaveBeenCalled());
    expect(JSON.stringify(warn.mock.calls)).not.toContain('secret text');
    warn.mockRestore();
  });
});
