import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { vi } from 'vitest';
import type { JobDoc, MembershipDoc, MessageDoc, RoomDoc, UserDoc } from '../../shared/schemas';
import { setCurrentDb } from '../db/current';
import { openDatabase, type CleanchatDatabase } from '../db/database';
import type { LocalMessageDoc } from '../db/message-codec';
import type { Platform, PersistResult } from '../platform/types';

/** A platform whose secure store is a variable; records what the app asks of it. */
export function fakePlatform(initialToken: string | null = null): Platform & { token: string | null } {
  const platform = {
    kind: 'web' as const,
    serverUrl: 'http://server.test',
    token: initialToken,
    secureStore: {
      get: async () => platform.token,
      set: async (token: string): Promise<PersistResult> => {
        platform.token = token;
        return { persisted: true };
      },
      clear: async () => {
        platform.token = null;
      },
    },
    notify: () => undefined,
    onOpenRoom: () => () => undefined,
    setBadge: () => undefined,
    isFocused: () => true,
    saveFile: async () => true,
    armMicrophone: async () => undefined,
  };
  return platform;
}

export interface FakeCall {
  method: string;
  path: string;
  auth: string | null;
  body: unknown;
}

type Handler = (call: FakeCall) => Response | Promise<Response>;

/** A fetch that routes `METHOD /path` (query string ignored) to handlers and records calls. */
export function fakeFetch(routes: Record<string, Handler>) {
  const calls: FakeCall[] = [];
  const fetch = async (input: string, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input);
    const headers = new Headers(init.headers);
    const call: FakeCall = {
      method: init.method ?? 'GET',
      path: url.pathname + url.search,
      auth: headers.get('Authorization'),
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    };
    calls.push(call);
    const handler = routes[`${call.method} ${url.pathname}`];
    if (!handler)
      return json(404, { error: { code: 'not_found', message: `no route ${call.method} ${url.pathname}` } });
    return handler(call);
  };
  return { fetch, calls };
}

export function json(status: number, body: unknown): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

let dbCounter = 0;

/** A fresh in-memory database (dev-mode and validation on, as in development). */
export async function openTestDb(me = 'alice'): Promise<CleanchatDatabase> {
  dbCounter += 1;
  const db = await openDatabase({
    userId: `${me}-t${dbCounter}`,
    storage: getRxStorageMemory(),
    multiInstance: false,
  });
  setCurrentDb({ db, me });
  return db;
}

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
/** A wire timestamp `minutes` after a fixed start. */
export function at(minutes: number): string {
  return new Date(T0 + minutes * 60_000).toISOString();
}

export function user(id: string, extra: Partial<UserDoc> = {}): UserDoc {
  return {
    id,
    username: id,
    first_name: id[0]?.toUpperCase() + id.slice(1),
    last_name: 'Test',
    role: 'client',
    avatar_url: null,
    created_at: at(0),
    updated_at: at(0),
    ...extra,
  };
}

export function room(id: string, participants: string[], extra: Partial<RoomDoc> = {}): RoomDoc {
  return {
    id,
    room_type: id.startsWith('job:') ? 'job' : 'direct',
    name: '',
    job_id: id.startsWith('job:') ? id.slice(4) : null,
    participant_ids: [...participants].sort(),
    created_by: participants[0] ?? 'alice',
    created_at: at(0),
    updated_at: at(0),
    last_message_content: null,
    last_message_time: null,
    last_message_sender_id: null,
    status: null,
    posting: 'all',
    ...extra,
  };
}

export function membership(
  roomId: string,
  userId: string,
  extra: Partial<MembershipDoc> = {},
): MembershipDoc {
  return {
    id: `${roomId}|${userId}`,
    room_id: roomId,
    user_id: userId,
    joined_at: at(0),
    last_read_at: null,
    archived: false,
    muted: false,
    updated_at: at(0),
    role: 'member',
    ...extra,
  };
}

export function job(id: string, extra: Partial<JobDoc> = {}): JobDoc {
  return {
    id,
    title: `Job ${id}`,
    address: '1 Main St',
    scheduled_at: at(60),
    status: 'assigned',
    client_id: 'alice',
    cleaner_id: 'bob',
    created_at: at(0),
    updated_at: at(0),
    ...extra,
  };
}

let messageCounter = 0;
/** A message as stored locally (server_seq 0 = pending). */
export function localMessage(
  roomId: string,
  senderId: string,
  extra: Partial<LocalMessageDoc> = {},
): LocalMessageDoc {
  messageCounter += 1;
  const doc: LocalMessageDoc = {
    id: `m${String(messageCounter).padStart(6, '0')}`,
    room_id: roomId,
    sender_id: senderId,
    content: `hello ${messageCounter}`,
    kind: 'text',
    created_at: at(messageCounter),
    server_seq: messageCounter,
    received_at: null,
    edited_at: null,
    attachment: null,
    location: null,
    is_deleted: false,
    reply_to_id: null,
    album_id: null,
    ...extra,
  };
  // By default the server received it when it was written; a pending one has no server time.
  if (!('received_at' in extra)) doc.received_at = doc.server_seq === 0 ? null : doc.created_at;
  return doc;
}

/** The same message as the server sends it. */
export function wireMessage(
  roomId: string,
  senderId: string,
  extra: Partial<MessageDoc & { _deleted: boolean }> = {},
): MessageDoc & { _deleted: boolean } {
  const { is_deleted, ...rest } = localMessage(roomId, senderId);
  return { ...rest, deleted: is_deleted, _deleted: false, ...extra };
}

/**
 * Waits for an assertion to hold (replication and live queries settle asynchronously). The
 * generous timeout only matters on a loaded machine; nothing here asserts on durations.
 */
export function eventually<T>(assertion: () => T | Promise<T>): Promise<T> {
  return vi.waitFor(assertion, { timeout: 10_000, interval: 10 });
}
