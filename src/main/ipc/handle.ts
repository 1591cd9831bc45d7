import type { IpcMainInvokeEvent } from 'electron';
import { ipcSchemas } from '../../shared/ipc';
import type { InvokeChannel, IpcArgs, IpcResult } from '../../shared/ipc';
import { isAllowedNavigation } from '../security/navigation';
import { log } from '../log';

type InvokeListener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** The part of ipcMain the handlers use; tests pass a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: InvokeListener): void;
}

export type IpcHandler<C extends InvokeChannel> = (args: IpcArgs<C>) => IpcResult<C> | Promise<IpcResult<C>>;
export type RegisterHandler = <C extends InvokeChannel>(channel: C, handler: IpcHandler<C>) => void;

/** Thrown back to the renderer; carries no payload content, only what was wrong with it. */
export class IpcRejectedError extends Error {
  override name = 'IpcRejectedError';
}

/**
 * Security check: only the top-level frame of our own app (app://cleanchat, or the dev server in
 * development) may call IPC. A frame that navigated elsewhere or an embedded frame is refused.
 */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  trusted: readonly string[],
): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAllowedNavigation(frame.url, trusted);
}

/**
 * Returns `handle(channel, handler)`: registers an ipcMain handler that first checks the
 * sender, then validates the payload against the channel's schema from src/shared/ipc.ts, and
 * only then calls `handler` with the parsed value.
 */
export function createRegistrar(ipc: IpcMainLike, trusted: readonly string[]): RegisterHandler {
  return (channel, handler) => {
    const schema = ipcSchemas().invoke[channel].args;
    ipc.handle(channel, async (event, ...raw) => {
      if (!isTrustedSender(event, trusted)) {
        log.warn('refused IPC from an untrusted frame on', channel);
        throw new IpcRejectedError(`${channel}: sender not allowed`);
      }
      if (raw.length > 1) throw new IpcRejectedError(`${channel}: too many arguments`);
      const parsed = schema.safeParse(raw[0]);
      if (!parsed.success) {
        const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
        log.warn('refused invalid IPC payload on', channel, 'at', where);
        throw new IpcRejectedError(`${channel}: invalid payload at ${where}`);
      }
      return handler(parsed.data as IpcArgs<typeof channel>);
    });
  };
}
