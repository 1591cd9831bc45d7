import { z } from 'zod';
import { parseDmRoomId } from './ids';

/**
 * The IPC contract between the Electron main process and the renderer (through the preload).
 * Channels are named `domain:verb`. Main validates every payload against these schemas; the
 * preload forwards only the channels listed here and stays free of zod (a sandboxed preload can
 * require nothing but electron), which is why the channel lists are plain constants.
 */
export const INVOKE_CHANNELS = [
  'notify:show',
  'badge:set',
  'settings:get',
  'settings:set',
  'session:get-token',
  'session:set-token',
  'session:clear-token',
  'file:save',
  'media:arm-microphone',
] as const;
export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];

/** Events main sends to the renderer. */
export const EVENT_CHANNELS = ['app:open-room'] as const;
export type EventChannel = (typeof EVENT_CHANNELS)[number];

/** The largest file the renderer may hand to `file:save`: the attachment limit (SPEC §8). */
export const FILE_SAVE_MAX_BYTES = 25 * 1024 * 1024;

/** Passed through `webPreferences.additionalArguments` so the preload knows the server at once. */
export const SERVER_URL_ARG = '--cleanchat-server-url=';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const STRICT_ROOM_ID = new RegExp(`^(?:dm:${UUID}:${UUID}|job:${UUID}|${UUID})$`);

/**
 * Room ids accepted from outside the app (deep links): `dm:<uuid>:<uuid>` with the lower id
 * first, `job:<uuid>`, or a bare uuid. Anything else is refused, because a link can come from
 * any web page or document.
 */
export function isStrictRoomId(id: string): boolean {
  if (!STRICT_ROOM_ID.test(id)) return false;
  return !id.startsWith('dm:') || parseDmRoomId(id) !== null;
}

function buildSchemas() {
  /** Room ids that may cross IPC: the characters of `dm:<a>:<b>`, `job:<id>` and plain ids. */
  const roomId = z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9:_-]+$/);
  const appSettings = z.strictObject({
    /** Show "New message" instead of the message text in desktop notifications. */
    hideContent: z.boolean(),
  });
  const persistResult = z.strictObject({ persisted: z.boolean(), reason: z.string().optional() });
  const noArgs = z.undefined();
  const invoke = {
    'notify:show': {
      args: z.strictObject({ title: z.string().min(1).max(200), body: z.string().max(4000), roomId }),
      /** True when a notification was shown (false where the OS has none). */
      result: z.boolean(),
    },
    'badge:set': {
      args: z.strictObject({ count: z.number().int().min(0).max(1_000_000) }),
      result: z.void(),
    },
    'settings:get': { args: noArgs, result: appSettings },
    'settings:set': { args: appSettings.partial().strict(), result: appSettings },
    'session:get-token': { args: noArgs, result: z.string().nullable() },
    'session:set-token': {
      args: z.strictObject({ token: z.string().min(1).max(1024) }),
      result: persistResult,
    },
    'session:clear-token': { args: noArgs, result: z.void() },
    /** A received file, saved where the user picks in a save dialog; false when cancelled. */
    'file:save': {
      args: z.strictObject({
        name: z
          .string()
          .min(1)
          .max(255)
          .regex(/^[^/\\\0]+$/)
          .refine((name) => name !== '.' && name !== '..'),
        bytes: z.instanceof(Uint8Array).refine((bytes) => bytes.byteLength <= FILE_SAVE_MAX_BYTES),
      }),
      result: z.boolean(),
    },
    /** The user pressed Record: the microphone may be granted to the app's own page, briefly. */
    'media:arm-microphone': { args: noArgs, result: z.void() },
  } satisfies Record<InvokeChannel, { args: z.ZodType; result: z.ZodType }>;
  const events = {
    'app:open-room': z.strictObject({ roomId }),
  } satisfies Record<EventChannel, z.ZodType>;
  return { roomId, appSettings, persistResult, invoke, events };
}

type IpcSchemas = ReturnType<typeof buildSchemas>;
let schemas: IpcSchemas | undefined;

/**
 * Argument and result schemas per channel, built on first use: the preload needs only the
 * channel names above, and this keeps zod out of its bundle.
 */
export function ipcSchemas(): IpcSchemas {
  schemas ??= buildSchemas();
  return schemas;
}

export type AppSettings = z.infer<IpcSchemas['appSettings']>;
export const DEFAULT_SETTINGS: AppSettings = { hideContent: false };
export type TokenPersistResult = z.infer<IpcSchemas['persistResult']>;

export type IpcArgs<C extends InvokeChannel> = z.input<IpcSchemas['invoke'][C]['args']>;
export type IpcResult<C extends InvokeChannel> = z.output<IpcSchemas['invoke'][C]['result']>;
export type IpcEventPayload<E extends EventChannel> = z.output<IpcSchemas['events'][E]>;

/** Channels without an argument are invoked with none. */
export type IpcInvokeArgs<C extends InvokeChannel> = IpcArgs<C> extends undefined ? [] : [IpcArgs<C>];

/** What the preload exposes as `window.cleanchat`; the renderer sees only this type. */
export interface CleanchatBridge {
  /** Fixed for the window's lifetime, so it is available synchronously before React renders. */
  readonly config: { readonly serverUrl: string; readonly os: string };
  invoke<C extends InvokeChannel>(channel: C, ...args: IpcInvokeArgs<C>): Promise<IpcResult<C>>;
  /** Subscribes to a main-process event; returns an unsubscribe. */
  on<E extends EventChannel>(channel: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
}

/** The unread total as a badge shows it: '' for none, capped at '99+'. */
export function badgeLabel(count: number): string {
  const n = Number.isFinite(count) ? Math.max(0, Math.floor(count)) : 0;
  if (n === 0) return '';
  return n > 99 ? '99+' : String(n);
}

/** The app title with the unread total, shared by the Electron window title and the web tab title. */
export function badgeTitle(count: number, base = 'cleanchat'): string {
  const label = badgeLabel(count);
  return label ? `(${label}) ${base}` : base;
}
