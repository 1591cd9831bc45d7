import { describe, expect, it, vi } from 'vitest';
import { fakeFetch, fakePlatform, json, type FakeCall, eventually } from '../test/fakes';
import { ApiError, isOfflineError } from './errors';
import { HttpClient } from './http';

/** A server whose access tokens are `access-N` and refresh tokens `refresh-N`; only the newest pair is valid. */
function tokenServer(options: { refreshStatus?: number } = {}) {
  let generation = 1;
  let refreshes = 0;
  let releaseRefresh: () => void = () => undefined;
  const refreshGate = { blocked: false };
  const routes = {
    'POST /api/auth/refresh': async (call: FakeCall) => {
      refreshes += 1;
      if (refreshGate.blocked) await new Promise<void>((resolve) => (releaseRefresh = resolve));
      if (options.refreshStatus)
        return json(options.refreshStatus, { error: { code: 'invalid_token', message: 'no' } });
      if ((call.body as { refresh_token: string }).refresh_token !== `refresh-${generation}`) {
        return json(401, { error: { code: 'invalid_token', message: 'refresh token revoked' } });
      }
      generation += 1;
      return json(200, { access_token: `access-${generation}`, refresh_token: `refresh-${generation}` });
    },
    'GET /api/thing': (call: FakeCall) =>
      call.auth === `Bearer access-${generation}`
        ? json(200, { ok: true, token: call.auth })
        : json(401, { error: { code: 'token_expired', message: 'expired' } }),
  };
  const server = fakeFetch(routes);
  return {
    ...server,
    refreshGate,
    release: () => releaseRefresh(),
    get refreshes() {
      return refreshes;
    },
  };
}

function clientFor(server: ReturnType<typeof tokenServer>, token = 'refresh-1', onAuthLost = vi.fn()) {
  const platform = fakePlatform(token);
  const client = new HttpClient({
    baseUrl: platform.serverUrl,
    store: platform.secureStore,
    fetch: server.fetch,
    onAuthLost,
  });
  return { client, platform, onAuthLost };
}

describe('HttpClient', () => {
  it('refreshes on 401, retries once with the new token and stores the rotated refresh token', async () => {
    const server = tokenServer();
    const { client, platform } = clientFor(server);
    await client.setSession({ access_token: 'stale', refresh_token: 'refresh-1' });
    await expect(client.request('GET', '/api/thing')).resolves.toEqual({
      ok: true,
      token: 'Bearer access-2',
    });
    expect(server.refreshes).toBe(1);
    expect(platform.token).toBe('refresh-2');
    expect(server.calls.map((c) => `${c.method} ${c.path} ${c.auth ?? '-'}`)).toEqual([
      'GET /api/thing Bearer stale',
      'POST /api/auth/refresh -',
      'GET /api/thing Bearer access-2',
    ]);
  });

  it('uses the rotated refresh token for the next refresh', async () => {
    const server = tokenServer();
    const { client, platform } = clientFor(server);
    await client.refresh();
    await client.refresh();
    expect(server.refreshes).toBe(2);
    expect(platform.token).toBe('refresh-3');
    await expect(client.request('GET', '/api/thing')).resolves.toMatchObject({ ok: true });
  });

  it('shares one refresh among concurrent 401s (single flight)', async () => {
    const server = tokenServer();
    const { client } = clientFor(server);
    await client.setSession({ access_token: 'stale', refresh_token: 'refresh-1' });
    server.refreshGate.blocked = true;
    const requests = Promise.all([1, 2, 3].map(() => client.request('GET', '/api/thing')));
    await eventually(() => expect(server.refreshes).toBe(1));
    server.release();
    const results = await requests;
    expect(results).toHaveLength(3);
    expect(server.refreshes).toBe(1);
  });

  it('refreshes before the first request when it only has a refresh token (app start)', async () => {
    const server = tokenServer();
    const { client } = clientFor(server);
    await expect(client.request('GET', '/api/thing')).resolves.toMatchObject({ token: 'Bearer access-2' });
    expect(server.calls[0]?.path).toBe('/api/auth/refresh');
  });

  it('reports the lost session when the server refuses the refresh token', async () => {
    const server = tokenServer({ refreshStatus: 401 });
    const { client, onAuthLost } = clientFor(server);
    await client.setSession({ access_token: 'stale', refresh_token: 'refresh-1' });
    const error = await client.request('GET', '/api/thing').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(onAuthLost).toHaveBeenCalledTimes(1);
  });

  it('keeps the session on a refresh that fails for another reason', async () => {
    const server = tokenServer({ refreshStatus: 500 });
    const { client, onAuthLost, platform } = clientFor(server);
    await expect(client.refresh()).rejects.toMatchObject({ status: 500 });
    expect(onAuthLost).not.toHaveBeenCalled();
    expect(platform.token).toBe('refresh-1');
  });

  it('turns a network failure into an offline ApiError and keeps the session', async () => {
    const onAuthLost = vi.fn();
    const platform = fakePlatform('refresh-1');
    const client = new HttpClient({
      baseUrl: platform.serverUrl,
      store: platform.secureStore,
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      onAuthLost,
    });
    const error = await client.request('GET', '/api/thing').catch((err: unknown) => err);
    expect(isOfflineError(error)).toBe(true);
    expect(onAuthLost).not.toHaveBeenCalled();
    expect(platform.token).toBe('refresh-1');
  });

  it('reads status and code from the error envelope', async () => {
    const { fetch } = fakeFetch({
      'POST /api/auth/login': () =>
        json(401, { error: { code: 'invalid_credentials', message: 'Wrong username or password' } }),
    });
    const platform = fakePlatform();
    const client = new HttpClient({ baseUrl: platform.serverUrl, store: platform.secureStore, fetch });
    await expect(client.request('POST', '/api/auth/login', { auth: false, body: {} })).rejects.toMatchObject({
      status: 401,
      code: 'invalid_credentials',
    });
  });

  it('answers undefined for 204 and sends JSON bodies', async () => {
    const server = fakeFetch({ 'POST /api/x': () => json(204, null) });
    const platform = fakePlatform();
    const client = new HttpClient({
      baseUrl: platform.serverUrl,
      store: platform.secureStore,
      fetch: server.fetch,
    });
    await client.setSession({ access_token: 'a', refresh_token: 'r' });
    await expect(client.request('POST', '/api/x', { body: { a: 1 } })).resolves.toBeUndefined();
    expect(server.calls[0]).toMatchObject({ auth: 'Bearer a', body: { a: 1 } });
  });
});
