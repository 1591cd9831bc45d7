import type {
  AuthResponse,
  CreateJobBody,
  CreateRoomBody,
  SupportQueueItem,
  SupportRequestBody,
  SupportRequestResponse,
  LoginBody,
  PatchJobBody,
  RegisterBody,
  SearchUser,
  StartDmResponse,
} from '../../shared/api';
import type { JobDoc, RoomDoc, UserDoc, UserRole } from '../../shared/schemas';
import { HttpClient, type HttpClientOptions } from './http';

export { ApiError, describeError, isAuthError, isOfflineError, OFFLINE_CODE } from './errors';
export type { FetchFn, HttpClientOptions, TokenPair } from './http';
export { HttpClient };

let http: HttpClient | null = null;

/** Creates the app's one HTTP client; the session calls this at start-up. */
export function configureApi(options: HttpClientOptions): HttpClient {
  http = new HttpClient(options);
  return http;
}

export function getHttp(): HttpClient {
  if (!http) throw new Error('configureApi() has not run yet');
  return http;
}

const enc = encodeURIComponent;

/** REST calls the screens make directly (everything else goes through RxDB replication). */
export function getApi() {
  const client = getHttp();
  return {
    searchUsers(q: string, role?: UserRole): Promise<SearchUser[]> {
      const params = new URLSearchParams({ q });
      if (role) params.set('role', role);
      return client.request('GET', `/api/auth/users/search/?${params.toString()}`);
    },
    createJob(body: CreateJobBody): Promise<JobDoc> {
      return client.request('POST', '/api/jobs', { body });
    },
    patchJob(id: string, body: PatchJobBody): Promise<JobDoc> {
      return client.request('PATCH', `/api/jobs/${enc(id)}`, { body });
    },
    sendTyping(roomId: string): Promise<void> {
      return client.request('POST', `/api/chat/rooms/${enc(roomId)}/typing/`);
    },
    startDm(userId: string): Promise<StartDmResponse> {
      return client.request('POST', '/api/chat/rooms/start_dm/', { body: { user_id: userId } });
    },
    /** A group (anyone) or an announcement room (staff); SPEC §10. */
    createRoom(body: CreateRoomBody): Promise<RoomDoc> {
      return client.request('POST', '/api/chat/rooms/', { body });
    },
    addMember(roomId: string, userId: string): Promise<RoomDoc> {
      return client.request('POST', `/api/chat/rooms/${enc(roomId)}/members/`, { body: { user_id: userId } });
    },
    removeMember(roomId: string, userId: string): Promise<RoomDoc> {
      return client.request('DELETE', `/api/chat/rooms/${enc(roomId)}/members/${enc(userId)}/`);
    },
    renameRoom(roomId: string, name: string): Promise<RoomDoc> {
      return client.request('PATCH', `/api/chat/rooms/${enc(roomId)}/`, { body: { name } });
    },
    leaveRoom(roomId: string): Promise<void> {
      return client.request('POST', `/api/chat/rooms/${enc(roomId)}/leave/`);
    },
    requestSupport(body: SupportRequestBody): Promise<SupportRequestResponse> {
      return client.request('POST', '/api/support/', { body });
    },
    supportQueue(status: 'open' | 'resolved' = 'open'): Promise<SupportQueueItem[]> {
      return client.request('GET', `/api/support/?status=${status}`);
    },
    resolveSupport(roomId: string): Promise<RoomDoc> {
      return client.request('POST', `/api/support/${enc(roomId)}/resolve/`);
    },
  };
}

export type Api = ReturnType<typeof getApi>;

/** Auth endpoints, used by the session module only. */
export const authApi = {
  login(client: HttpClient, body: LoginBody): Promise<AuthResponse> {
    return client.request('POST', '/api/auth/login', { body, auth: false });
  },
  register(client: HttpClient, body: RegisterBody): Promise<AuthResponse> {
    return client.request('POST', '/api/auth/register', { body, auth: false });
  },
  /**
   * Revokes the current refresh token. The call itself may refresh (rotating the token it
   * carries), so it repeats once with the rotated token to leave nothing alive on the server.
   */
  async logout(client: HttpClient): Promise<void> {
    let sent: string | null = null;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const token = await client.getRefreshToken();
      if (!token || token === sent) return;
      sent = token;
      // Short timeout: signing out must not hang on an unresponsive server.
      await client.request('POST', '/api/auth/logout', { body: { refresh_token: token }, timeoutMs: 5_000 });
    }
  },
  me(client: HttpClient): Promise<UserDoc> {
    return client.request('GET', '/api/auth/me');
  },
};
