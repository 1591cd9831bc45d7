/**
 * A second client for the Electron specs: plain REST calls as another user (SPEC §3), so a
 * message reaches the app the way it would from someone else's device.
 */
export interface RestUser {
  id: string;
  username: string;
  first_name: string;
  last_name: string;
}

export interface RestRoom {
  id: string;
  unread_count?: number;
}

export const DEMO_PASSWORD = 'cleanchat-demo';

export class RestClient {
  private constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    readonly user: RestUser,
  ) {}

  static async login(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<RestClient> {
    const response = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!response.ok) throw new Error(`login as ${username} failed: ${response.status}`);
    const body = (await response.json()) as { user: RestUser; access_token: string };
    return new RestClient(baseUrl, body.access_token, body.user);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`${method} ${path} failed: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  async findUser(username: string): Promise<RestUser> {
    const users = await this.call<RestUser[]>(
      'GET',
      `/api/auth/users/search/?q=${encodeURIComponent(username)}`,
    );
    const user = users.find((u) => u.username === username);
    if (!user) throw new Error(`no user ${username}`);
    return user;
  }

  async startDm(userId: string): Promise<RestRoom> {
    return (await this.call<{ room: RestRoom }>('POST', '/api/chat/rooms/start_dm/', { user_id: userId }))
      .room;
  }

  async send(roomId: string, content: string): Promise<void> {
    await this.call('POST', `/api/chat/rooms/${encodeURIComponent(roomId)}/messages/`, { content });
  }

  async rooms(): Promise<RestRoom[]> {
    return this.call<RestRoom[]>('GET', '/api/chat/rooms/');
  }

  /** Marks every room read, so the app starts from an unread total of zero. */
  async readAll(): Promise<void> {
    for (const room of await this.rooms())
      await this.call('POST', `/api/chat/rooms/${encodeURIComponent(room.id)}/read/`);
  }
}
