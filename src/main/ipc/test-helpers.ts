import type { IpcMainInvokeEvent } from 'electron';
import type { IpcMainLike } from './handle';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

export const APP_FRAME_URL = 'app://cleanchat/messages';

/** A stand-in for ipcMain that lets a test invoke a channel as a given frame would. */
export function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
  };
  async function invoke(
    channel: string,
    args: unknown[],
    frame: { url: string; parent: unknown } | null = { url: APP_FRAME_URL, parent: null },
  ) {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler({ senderFrame: frame } as unknown as IpcMainInvokeEvent, ...args);
  }
  return { ipc, invoke, channels: () => [...handlers.keys()].sort() };
}
