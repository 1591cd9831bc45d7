import type { AuthResponse, MessagePage, PublicUser, RoomWithUnread, StartDmResponse } from '../../../src/shared/api';
import type { JobDoc, MessageDoc, UserRole } from '../../../src/shared/schemas';

/**
 * Plain REST calls against the sync server (SPEC §3), for arranging a scene and checking the
 * server's side of it. The app under test is driven through its UI; this is the other device.
 */
export const DEMO_PASSWORD = 'cleanchat-demo';
const FRESH_PASSWORD = 'e2e-password-1';

export interface ApiSession {
  user: PublicUser;
  token: string;
  /** What the UI needs to sign in as this user. */
  username: string;
  password: string;
}

export class RestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let registered = 0;

export class RestApi {
  constructor(readonly baseUrl: string) {}

  async call<T>(session: ApiSession | null, method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(session ? { Authorization: `Bearer ${session.token}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw new RestError(response.status, `${method} ${path}: ${response.status} ${await response.text()}`);
    }
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<ApiSession> {
    const auth = await this.call<AuthResponse>(null, 'POST', '/api/auth/login', { username, password });
    return { user: auth.user, token: auth.access_token, username, password };
  }

  /** A new account with a unique username starting with `prefix` (letters only). */
  async register(prefix: string, role: Extract<UserRole, 'client' | 'cleaner'>): Promise<ApiSession> {
    registered += 1;
    const username = `${prefix}${registered}${Math.random().toString(36).slice(2, 7)}`.toLowerCase();
    const first = prefix.charAt(0).toUpperCase() + prefix.slice(1);
    const auth = await this.call<AuthResponse>(null, 'POST', '/api/auth/register', {
      username,
      email: `${username}@e2e.test`,
      password: FRESH_PASSWORD,
      first_name: first,
      last_name: `Tester${registered}`,
      role,
    });
    return { user: auth.user, token: auth.access_token, username, password: FRESH_PASSWORD };
  }

  startDm(as: ApiSession, userId: string): Promise<StartDmResponse> {
    return this.call(as, 'POST', '/api/chat/rooms/start_dm/', { user_id: userId });
  }

  send(as: ApiSession, roomId: string, content: string): Promise<MessageDoc> {
    return this.call(as, 'POST', `/api/chat/rooms/${encodeURIComponent(roomId)}/messages/`, { content });
  }

  rooms(as: ApiSession, roomType?: string): Promise<RoomWithUnread[]> {
    const query = roomType ? `?room_type=${roomType}` : '';
    return this.call(as, 'GET', `/api/chat/rooms/${query}`);
  }

  /** Every message of a room as the server stores it, oldest first. */
  async messages(as: ApiSession, roomId: string): Promise<MessageDoc[]> {
    const all: MessageDoc[] = [];
    let before: string | null = null;
    do {
      const query: string = before ? `?before=${encodeURIComponent(before)}` : '';
      const page: MessagePage = await this.call(as, 'GET', `/api/chat/rooms/${encodeURIComponent(roomId)}/messages/${query}`);
      all.push(...page.results);
      before = page.next;
    } while (before);
    return all.reverse();
  }

  createJob(as: ApiSession, title: string, cleanerId: string | null): Promise<JobDoc> {
    const scheduled = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString();
    return this.call(as, 'POST', '/api/jobs', { title, address: '1 Test Lane', scheduled_at: scheduled, cleaner_id: cleanerId });
  }

  patchJob(as: ApiSession, jobId: string, body: { cleaner_id?: string | null; status?: string }): Promise<JobDoc> {
    return this.call(as, 'PATCH', `/api/jobs/${encodeURIComponent(jobId)}`, body);
  }
}
