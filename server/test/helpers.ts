import { startServer } from '../src/app';
import { newMessageId, nowIso } from '../src/shared';
import type {
  AuthResponse,
  MessageDoc,
  CollectionName,
  ErrorEnvelope,
  PullResponse,
  PushRow,
  SyncCheckpoint,
  UserDoc,
  UserRole,
  WireDoc,
} from '../src/shared';
import { freshDatabase } from './backend';
import { SseReader } from './sse';

export type ServerOptions = Parameters<typeof startServer>[0];

/** Tests sign their own tokens (expired, wrong algorithm) with this secret. */
export const TEST_JWT_SECRET = 'cleanchat-test-secret-0123456789abcdef';
export const PASSWORD = 'correct horse battery';

export interface TestServer {
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];

/**
 * A real server on a random port over a fresh temp dir and a fresh database of the test backend
 * (TEST_BACKEND, test/backend.ts). The per-IP auth limit is raised because
 * every test registers many users from 127.0.0.1; tests of that limit pass their own.
 */
export async function startTestServer(overrides: Partial<ServerOptions> = {}): Promise<TestServer> {
  return (await startTestServers(1, overrides))[0] as TestServer;
}

/**
 * `count` instances over one fresh database, as behind a load balancer. SQLite has one writer
 * process, so there every "instance" is the same single server; on PostgreSQL they are separate
 * servers sharing the database, and tests that spread requests over them exercise both.
 */
export async function startTestServers(count: number, overrides: Partial<ServerOptions> = {}): Promise<TestServer[]> {
  const db = await freshDatabase();
  const { dataDir, databaseUrl } = db;
  const options = {
    jwtSecret: TEST_JWT_SECRET,
    logLevel: 'silent',
    authRateLimit: { windowMs: 60_000, max: 100_000 },
    ...overrides,
    dataDir,
    databaseUrl,
  };
  const servers: Array<Awaited<ReturnType<typeof startServer>>> = [];
  for (let i = 0; i < (databaseUrl ? count : 1); i++) servers.push(await startServer(options));
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await Promise.all(servers.map((s) => s.close()));
    await db.drop();
  };
  cleanups.push(close);
  return Array.from({ length: count }, (_, i) => ({ url: (servers[i % servers.length] as (typeof servers)[0]).url, dataDir, close }));
}

/** Closes every server this file started and removes their folders; use in afterAll. */
export async function closeAll(): Promise<void> {
  await Promise.all(cleanups.splice(0).map((c) => c()));
}

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

/** One HTTP call; the body is parsed as JSON when there is one. */
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

let counter = 0;
/** A unique valid registration body. */
export function newRegistration(role: 'client' | 'cleaner' = 'client', first = 'Test') {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
  return {
    username: `u_${tag}`,
    email: `u_${tag}@example.com`,
    password: PASSWORD,
    first_name: first,
    last_name: `User${counter}`,
    role: role as UserRole,
  };
}

/** A signed-in user with typed helpers bound to their access token. */
export class Client {
  constructor(
    readonly base: string,
    public auth: AuthResponse,
  ) {}

  get id(): string {
    return this.auth.user.id;
  }
  get user(): UserDoc {
    return this.auth.user;
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

  stream(): Promise<SseReader> {
    return SseReader.open(`${this.base}/api/sync/stream`, { authorization: `Bearer ${this.token}` });
  }
}

export async function register(server: { url: string }, role: 'client' | 'cleaner' = 'client', first?: string): Promise<Client> {
  const res = await request<AuthResponse>(server.url, 'POST', '/api/auth/register', { body: newRegistration(role, first) });
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${JSON.stringify(res.body)}`);
  return new Client(server.url, res.body);
}

/** Asserts the error envelope of SPEC §1 and returns its code. */
export function errorCode(reply: Reply<unknown>): string {
  const body = reply.body as ErrorEnvelope;
  if (typeof body?.error?.code !== 'string' || typeof body.error.message !== 'string' || !/^[a-z_]+$/.test(body.error.code)) {
    throw new Error(`not an error envelope (status ${reply.status}): ${JSON.stringify(reply.body)}`);
  }
  return body.error.code;
}

/** A new message document as a client pushes it: pending (`server_seq: 0`). */
export function messageDoc(senderId: string, roomId: string, extra: Partial<MessageDoc> = {}): WireDoc<'messages'> {
  return {
    id: newMessageId(),
    room_id: roomId,
    sender_id: senderId,
    content: 'hello',
    kind: 'text',
    created_at: nowIso(),
    server_seq: 0,
    received_at: null,
    edited_at: null,
    deleted: false,
    ...extra,
    _deleted: false,
  };
}

/**
 * Closes streams and waits until the server has seen them go (the owner shows offline to
 * `observer`), so a later server shutdown never races the server's own disconnect handling.
 */
export async function disconnect(observer: Client, ...streams: Array<{ reader: SseReader; owner: Client }>): Promise<void> {
  for (const { reader } of streams) reader.close();
  for (const { owner } of streams) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const res = await observer.get<Array<{ id: string; is_online: boolean }>>(
        `/api/auth/users/search/?q=${encodeURIComponent(owner.user.username)}`,
      );
      if (!res.body.find((u) => u.id === owner.id)?.is_online) break;
      if (Date.now() > deadline) throw new Error(`${owner.user.username} still online after closing their stream`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
