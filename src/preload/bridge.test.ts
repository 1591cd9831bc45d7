import { describe, expect, it, vi } from 'vitest';
import { SERVER_URL_ARG } from '../shared/ipc';
import { createBridge, readServerUrl } from './bridge';

function fakeIpc() {
  const handlers = new Map<string, (event: unknown, payload: unknown) => void>();
  const ipc = {
    invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => 'ok'),
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) =>
      handlers.set(channel, listener),
  };
  const emit = (channel: string, payload: unknown) =>
    handlers.get(channel)?.({ sender: 'secret ipc object' }, payload);
  return { ipc, emit };
}

const argv = ['/usr/bin/electron', `${SERVER_URL_ARG}http://127.0.0.1:8787`];

describe('readServerUrl', () => {
  it('reads the argument main passed, or nothing', () => {
    expect(readServerUrl(argv)).toBe('http://127.0.0.1:8787');
    expect(readServerUrl(['/usr/bin/electron'])).toBe('');
  });
});

describe('createBridge', () => {
  it('exposes the server URL synchronously', () => {
    const bridge = createBridge(fakeIpc().ipc, argv, 'linux');
    expect(bridge.config).toEqual({ serverUrl: 'http://127.0.0.1:8787', os: 'linux' });
    expect(Object.isFrozen(bridge.config)).toBe(true);
  });

  it('forwards contract channels and refuses others', async () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc, argv, 'linux');
    await bridge.invoke('badge:set', { count: 2 });
    await bridge.invoke('session:get-token');
    expect(ipc.invoke.mock.calls).toEqual([['badge:set', { count: 2 }], ['session:get-token']]);
    await expect((bridge.invoke as (channel: string) => Promise<unknown>)('fs:read')).rejects.toThrow(
      /unknown IPC channel/,
    );
    expect(ipc.invoke).toHaveBeenCalledTimes(2);
  });

  it('delivers events without the IPC event object', () => {
    const { ipc, emit } = fakeIpc();
    const bridge = createBridge(ipc, argv, 'linux');
    const listener = vi.fn();
    const off = bridge.on('app:open-room', listener);
    emit('app:open-room', { roomId: 'job:1' });
    expect(listener).toHaveBeenCalledWith({ roomId: 'job:1' });
    expect(listener.mock.calls[0]).toHaveLength(1);
    off();
    emit('app:open-room', { roomId: 'job:2' });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('keeps events that arrive before the first listener and hands them over once', async () => {
    const { ipc, emit } = fakeIpc();
    const bridge = createBridge(ipc, argv, 'linux');
    emit('app:open-room', { roomId: 'job:early' });
    const first = vi.fn();
    const second = vi.fn();
    bridge.on('app:open-room', first);
    bridge.on('app:open-room', second);
    await Promise.resolve();
    expect(first).toHaveBeenCalledWith({ roomId: 'job:early' });
    expect(second).not.toHaveBeenCalled();
  });

  it('refuses unknown event channels', () => {
    const bridge = createBridge(fakeIpc().ipc, argv, 'linux');
    expect(() => bridge.on('fs:changed' as never, () => undefined)).toThrow(/unknown IPC event/);
  });
});
