import { EVENT_CHANNELS, INVOKE_CHANNELS, SERVER_URL_ARG } from '../shared/ipc';
import type {
  CleanchatBridge,
  EventChannel,
  InvokeChannel,
  IpcEventPayload,
  IpcInvokeArgs,
  IpcResult,
} from '../shared/ipc';

/** The part of ipcRenderer the bridge uses; tests pass a fake. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

const invokable = new Set<string>(INVOKE_CHANNELS);

/** The server URL main passed in `additionalArguments`; empty when absent. */
export function readServerUrl(argv: readonly string[]): string {
  const arg = argv.find((value) => value.startsWith(SERVER_URL_ARG));
  return arg ? arg.slice(SERVER_URL_ARG.length) : '';
}

/**
 * Builds `window.cleanchat` from the IPC contract. Only contract channels pass, the renderer
 * never gets ipcRenderer or an IPC event object, and events that arrive before anyone listens
 * (a deep link at start-up, before React has mounted) are kept and handed to the first listener.
 */
export function createBridge(ipc: IpcRendererLike, argv: readonly string[], os: string): CleanchatBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const backlog = new Map<string, unknown[]>();
  for (const channel of EVENT_CHANNELS) {
    listeners.set(channel, new Set());
    backlog.set(channel, []);
    ipc.on(channel, (_event, payload) => {
      const current = listeners.get(channel);
      if (current && current.size > 0) for (const listener of current) listener(payload);
      else backlog.get(channel)?.push(payload);
    });
  }

  return {
    config: Object.freeze({ serverUrl: readServerUrl(argv), os }),
    invoke<C extends InvokeChannel>(channel: C, ...args: IpcInvokeArgs<C>): Promise<IpcResult<C>> {
      if (!invokable.has(channel)) return Promise.reject(new Error(`unknown IPC channel ${String(channel)}`));
      return ipc.invoke(channel, ...args) as Promise<IpcResult<C>>;
    },
    on<E extends EventChannel>(channel: E, listener: (payload: IpcEventPayload<E>) => void) {
      const set = listeners.get(channel);
      if (!set || typeof listener !== 'function') throw new Error(`unknown IPC event ${String(channel)}`);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      const queued = backlog.get(channel)?.splice(0) ?? [];
      for (const payload of queued) queueMicrotask(() => wrapped(payload));
      return () => {
        set.delete(wrapped);
      };
    },
  };
}
