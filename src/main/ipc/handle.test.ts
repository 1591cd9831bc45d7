import { afterEach, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS } from '../../shared/ipc';
import { createRegistrar, IpcRejectedError, isTrustedSender } from './handle';
import { fakeIpcMain } from './test-helpers';

const trusted = ['app://cleanchat'];

describe('isTrustedSender', () => {
  it('accepts only the top frame of our origin', () => {
    expect(
      isTrustedSender({ senderFrame: { url: 'app://cleanchat/', parent: null } } as never, trusted),
    ).toBe(true);
    expect(
      isTrustedSender({ senderFrame: { url: 'https://evil.example/', parent: null } } as never, trusted),
    ).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: 'app://cleanchat/', parent: {} } } as never, trusted)).toBe(
      false,
    );
    expect(isTrustedSender({ senderFrame: null } as never, trusted)).toBe(false);
  });
});

describe('createRegistrar', () => {
  afterEach(() => vi.restoreAllMocks());

  function setup() {
    const fake = fakeIpcMain();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const handle = createRegistrar(fake.ipc, trusted);
    const badge = vi.fn();
    handle('badge:set', ({ count }) => badge(count));
    const settings = vi.fn(() => ({ hideContent: false }));
    handle('settings:get', settings);
    return { ...fake, badge, settings };
  }

  it('calls the handler with a valid payload', async () => {
    const { invoke, badge } = setup();
    await invoke('badge:set', [{ count: 3 }]);
    expect(badge).toHaveBeenCalledWith(3);
  });

  it('rejects bad payloads without calling the handler', async () => {
    const { invoke, badge } = setup();
    const bad: unknown[][] = [
      [],
      [null],
      [{ count: -1 }],
      [{ count: 1.5 }],
      [{ count: '3' }],
      [{ count: 3, extra: true }],
      [{ count: 3 }, 'x'],
    ];
    for (const args of bad) {
      await expect(invoke('badge:set', args), JSON.stringify(args)).rejects.toBeInstanceOf(IpcRejectedError);
    }
    expect(badge).not.toHaveBeenCalled();
  });

  it('rejects an argument on channels that take none', async () => {
    const { invoke, settings } = setup();
    await expect(invoke('settings:get', [{}])).rejects.toThrow(/invalid payload/);
    await expect(invoke('settings:get', [])).resolves.toEqual({ hideContent: false });
    expect(settings).toHaveBeenCalledTimes(1);
  });

  it('rejects foreign and embedded senders', async () => {
    const { invoke, badge } = setup();
    await expect(
      invoke('badge:set', [{ count: 1 }], { url: 'https://evil.example/', parent: null }),
    ).rejects.toThrow(/sender not allowed/);
    await expect(
      invoke('badge:set', [{ count: 1 }], { url: 'app://cleanchat/', parent: {} }),
    ).rejects.toThrow(/sender not allowed/);
    await expect(invoke('badge:set', [{ count: 1 }], null)).rejects.toThrow(/sender not allowed/);
    expect(badge).not.toHaveBeenCalled();
  });

  it('never echoes payload content in its error', async () => {
    const { ipc, invoke } = fakeIpcMain();
    createRegistrar(ipc, trusted)('notify:show', () => true);
    const secret = 'the door code is 4711';
    const error = await invoke('notify:show', [{ title: 'Bob', body: secret, roomId: 'bad id!' }]).catch(
      (e: Error) => e,
    );
    expect(String(error)).toMatch(/roomId/);
    expect(String(error)).not.toContain(secret);
  });

  it('covers every channel of the contract with a schema', () => {
    const { ipc, channels } = fakeIpcMain();
    const handle = createRegistrar(ipc, trusted);
    for (const channel of INVOKE_CHANNELS) handle(channel, () => undefined as never);
    expect(channels()).toEqual([...INVOKE_CHANNELS].sort());
  });
});
