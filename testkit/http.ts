import {
  DEMO_PASSWORD,
  type AuthResponse,
  type CollectionName,
  type ErrorEnvelope,
  type JobDoc,
  type MessageDoc,
  type MessagePage,
  type PublicUser,
  type PullResponse,
  type PushRow,
  type RoomWithUnread,
  type StartDmResponse,
  type SyncCheckpoint,
  type UserDoc,
  type UserRole,
  type WireDoc,
} from '../src/shared';
import { SseReader, type SseEvent } from './sse';

/**
 * The one HTTP client of the tests and benchmarks (server unit tests, web and Electron e2e, the
 * server and client benchmarks): plain REST calls against the sync server (SPEC §3).
 */

/** The password of every account the kit registers. */
export const PASSWORD = 'correct horse battery';

export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent verbatim as application/json (malformed JSON tests). */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** A non-2xx answer from `Client.call`; `status` lets a test expect a particular one. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** One HTTP call; the body is parsed as JSON when there is one. Never throws on a status. */
export async function request<T = unknown>(base: string, method: string, path: string, opts: RequestOptions = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Like `request`, but answers the body and throws `HttpError` unless the status is 2xx. */
export async function call<T>(base: string, method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const reply = await request<T>(base, method, path, opts);
  if (reply.status < 200 || reply.status > 299) {
    throw new HttpError(reply.status, `${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return reply.body;
}

let counter = 0;
/** A unique valid registration body; the username starts with `first` in lower case. */
export function newRegistration(role: 'client' | 'cleaner' = 'client', first = 'Test') {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
  const username = `${first.toLowerCase().replace(/[^a-z0-9]/g, '') || 'u'}_${tag}`;
  return {
    username,
    email: `${username}@example.com`,
    password: PASSWORD,
    first_name: first.charAt(0).toUpperCase() + first.slice(1),
    last_name: `User${counter}`,
    role: role as UserRole,
  };
}

/** Asserts the error envelope of SPEC §1 and returns its code. */
export function errorCode(reply: Reply<unknown>): string {
  const body = reply.body as ErrorEnvelope;
  if (typeof body?.error?.code !== 'string' || typeof body.error.message !== 'string' || !/^[a-z_]+$/.test(body.error.code)) {
    throw new Error(`not an error envelope (status ${reply.status}): ${JSON.stringify(reply.body)}`);
  }
  return body.error.code;
}

/** A signed-in user with typed helpers bound to their access token. */
export class Client {
  constructor(
    readonly base: string,
    public auth: AuthResponse,
    /** What a UI sign-in as this user types. */
    readonly password: string = PASSWORD,
  ) {}

  get id(): string {
    return this.auth.user.id;
  }
  get user(): UserDoc {
    return this.auth.user;
  }
  get username(): string {
    return this.auth.user.username;
  }
  get token(): string {
    return this.auth.access_token;
  }

  get<T = unknown>(path: string) {
    return request<T>(this.base, 'GET', path, { token: this.token });
  }
  post<T = unknown>(path: string, body?: unknown) {
    return request<T>(this.base, 'POST', path, { token: this.token, body: body ?? {} });
  }
  patch<T = unknown>(path: string, body: unknown) {
    return request<T>(this.base, 'PATCH', path, { token: this.token, body });
  }
  put<T = unknown>(path: string, body: unknown) {
    return request<T>(this.base, 'PUT', path, { token: this.token, body });
  }
  delete<T = unknown>(path: string, body?: unknown) {
    return request<T>(this.base, 'DELETE', path, { token: this.token, body });
  }
  /** An authenticated call that must succeed: the body, or `HttpError`. */
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    return call<T>(this.base, method, path, { token: this.token, body });
  }

  async pull<C extends CollectionName>(collection: C, checkpoint?: SyncCheckpoint | null, limit?: number): Promise<Reply<PullResponse<C>>> {
    const q = new URLSearchParams({ checkpoint: checkpoint ? JSON.stringify(checkpoint) : '' });
    if (limit !== undefined) q.set('limit', String(limit));
    return this.get<PullResponse<C>>(`/api/sync/${collection}/pull?${q}`);
  }

  /** Pulls pages until an empty one; returns every document and the final checkpoint. */
  async pullAll<C extends CollectionName>(collection: C, from: SyncCheckpoint | null = null, limit?: number) {
    const documents: WireDoc<C>[] = [];
    let checkpoint = from;
    for (;;) {
      const page = await this.pull(collection, checkpoint, limit);
      if (page.status !== 200) throw new Error(`pull ${collection} answered ${page.status}`);
      if (page.body.documents.length === 0) return { documents, checkpoint };
      documents.push(...page.body.documents);
      checkpoint = page.body.checkpoint;
    }
  }

  push<C extends CollectionName>(collection: C, rows: PushRow<C>[]) {
    return request<WireDoc<C>[]>(this.base, 'POST', `/api/sync/${collection}/push`, { token: this.token, body: rows });
  }

  /** This user's change stream; with `listener`, events go to it instead of being kept. */
  stream(listener?: (e: SseEvent) => void): Promise<SseReader> {
    return SseReader.open(`${this.base}/api/sync/stream`, { authorization: `Bearer ${this.token}` }, listener);
  }

  startDm(userId: string): Promise<StartDmResponse> {
    return this.call('POST', '/api/chat/rooms/start_dm/', { user_id: userId });
  }

  /** Posts a message (the server picks the id unless `id` is given). */
  send(roomId: string, content: string, id?: string): Promise<MessageDoc> {
    return this.call('POST', `/api/chat/rooms/${encodeURIComponent(roomId)}/messages/`, { content, ...(id ? { id } : {}) });
  }

  rooms(roomType?: 'job' | 'direct'): Promise<RoomWithUnread[]> {
    return this.call('GET', `/api/chat/rooms/${roomType ? `?room_type=${roomType}` : ''}`);
  }

  /** Every message of a room as the server stores it, oldest first. */
  async messages(roomId: string): Promise<MessageDoc[]> {
    const all: MessageDoc[] = [];
    let before: string | null = null;
    do {
      const query: string = before ? `?before=${encodeURIComponent(before)}` : '';
      const page: MessagePage = await this.call('GET', `/api/chat/rooms/${encodeURIComponent(roomId)}/messages/${query}`);
      all.push(...page.results);
      before = page.next;
    } while (before);
    return all.reverse();
  }

  /** Marks every room read, so an app signed in as this user starts from zero unread. */
  async readAll(): Promise<void> {
    for (const room of await this.rooms()) await this.call('POST', `/api/chat/rooms/${encodeURIComponent(room.id)}/read/`);
  }

  async findUser(username: string): Promise<PublicUser> {
    const users = await this.call<PublicUser[]>('GET', `/api/auth/users/search/?q=${encodeURIComponent(username)}`);
    const user = users.find((u) => u.username === username);
    if (!user) throw new Error(`no user ${username}`);
    return user;
  }

  createJob(title: string, cleanerId: string | null): Promise<JobDoc> {
    const scheduled = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString();
    return this.call('POST', '/api/jobs', { title, address: '1 Test Lane', scheduled_at: scheduled, cleaner_id: cleanerId });
  }

  patchJob(jobId: string, body: { cleaner_id?: string | null; status?: string }): Promise<JobDoc> {
    return this.call('PATCH', `/api/jobs/${encodeURIComponent(jobId)}`, body);
  }
}

/** Registers a new account (username from `first`, see `newRegistration`) and signs it in. */
export async function register(server: { url: string }, role: 'client' | 'cleaner' = 'client', first?: string): Promise<Client> {
  const res = await request<AuthResponse>(server.url, 'POST', '/api/auth/register', { body: newRegistration(role, first) });
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${JSON.stringify(res.body)}`);
  return new Client(server.url, res.body);
}

/** Signs in an existing account; the password defaults to the demo accounts' one. */
export async function login(server: { url: string }, username: string, password = DEMO_PASSWORD): Promise<Client> {
  const auth = await call<AuthResponse>(server.url, 'POST', '/api/auth/login', { body: { username, password } });
  return new Client(server.url, auth, password);
}

/** Arranges a scene over REST (the other device, in e2e and client benchmarks). */
export interface Api {
  /** A demo user (or any user with the demo password), signed in. */
  login(username: string): Promise<Client>;
  /** A new account whose first name is `name` (and whose username starts with it). */
  register(name: string, role: 'client' | 'cleaner'): Promise<Client>;
}

export function apiFor(server: { url: string }): Api {
  return { login: (username) => login(server, username), register: (name, role) => register(server, role, name) };
}
