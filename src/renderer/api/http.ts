import type { Platform, PersistResult } from '../platform/types';
import { ApiError, errorFromResponse, offlineError } from './errors';

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export interface TokenPair {
  access_token: string;
  refresh_token: string;
}

export interface HttpClientOptions {
  /** Server origin without a trailing slash. */
  baseUrl: string;
  /** Where the refresh token lives between runs. */
  store: Platform['secureStore'];
  fetch?: FetchFn;
  /** Called once when the server refuses the refresh token: the session is over. */
  onAuthLost?: () => void;
}

export interface RequestOptions {
  body?: unknown;
  /** Send the access token (and refresh once on 401). Default true. */
  auth?: boolean;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Give up after this long; a half-open connection must not stall sync forever. */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * HTTP with the session's tokens: the access token on every request; on 401 one refresh and
 * one retry. Concurrent 401s share one refresh (single flight), and across browser tabs the
 * refresh runs under a Web Lock so rotation never races another tab's refresh.
 */
export class HttpClient {
  private accessToken: string | null = null;
  /** Fallback when the secure store could not persist the token (e.g. no OS keychain). */
  private memoryRefreshToken: string | null = null;
  private refreshing: Promise<string> | null = null;
  /** Bumped by clearSession so a refresh that finishes after sign-out is discarded. */
  private generation = 0;
  private readonly fetchFn: FetchFn;

  constructor(private readonly options: HttpClientOptions) {
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  async setSession(pair: TokenPair): Promise<PersistResult> {
    this.accessToken = pair.access_token;
    this.memoryRefreshToken = pair.refresh_token;
    return this.options.store.set(pair.refresh_token);
  }

  async clearSession(): Promise<void> {
    this.generation += 1;
    this.accessToken = null;
    this.memoryRefreshToken = null;
    this.refreshing = null;
    await this.options.store.clear();
  }

  async getRefreshToken(): Promise<string | null> {
    return (await this.options.store.get()) ?? this.memoryRefreshToken;
  }

  /** Exchanges the refresh token for a new pair (rotation). Single flight. */
  refresh(): Promise<string> {
    this.refreshing ??= this.refreshUnderLock().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const init: RequestInit = { method, headers, signal };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    const res = options.auth === false ? await this.send(path, init) : await this.fetchAuthorized(path, init);
    if (!res.ok) throw await errorFromResponse(res);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * The access token for a transport fetch cannot serve (XMLHttpRequest, for upload progress),
   * refreshing when there is none. After a 401 pass the token that was refused: the answer is a
   * newer one, from another request's refresh or from a new one.
   */
  async accessTokenFor(refused?: string): Promise<string> {
    if (refused === undefined) return this.accessToken ?? (await this.refresh());
    return this.accessToken && this.accessToken !== refused ? this.accessToken : await this.refresh();
  }

  /** A fetch with the access token that refreshes once on 401; non-2xx answers throw ApiError. */
  async fetchAuthorized(path: string, init: RequestInit = {}): Promise<Response> {
    let token = this.accessToken ?? (await this.refresh());
    let res = await this.send(path, withToken(init, token));
    if (res.status === 401) {
      // Another request may already have refreshed while this one was in flight.
      token = this.accessToken && this.accessToken !== token ? this.accessToken : await this.refresh();
      res = await this.send(path, withToken(init, token));
    }
    if (!res.ok) throw await errorFromResponse(res);
    return res;
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchFn(`${this.options.baseUrl}${path}`, init);
    } catch (err) {
      // The caller cancelled: not a network problem. A timeout (TimeoutError) counts as offline.
      if ((err as { name?: unknown } | null)?.name === 'AbortError') throw err;
      throw offlineError();
    }
  }

  private async refreshUnderLock(): Promise<string> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (!locks) return this.doRefresh();
    return await locks.request('cleanchat-token-refresh', () => this.doRefresh());
  }

  private async doRefresh(): Promise<string> {
    const generation = this.generation;
    const refreshToken = await this.getRefreshToken();
    if (!refreshToken) throw this.authLost(new ApiError(401, 'unauthorized', 'Not signed in.'));
    const res = await this.send('/api/auth/refresh', {
      method: 'POST',
      signal: AbortSignal.timeout(DEFAULT_TIMEOUT_MS),
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ refresh_token: refreshToken }),
    });
    if (generation !== this.generation) throw new ApiError(401, 'unauthorized', 'Signed out.');
    if (res.status === 401) throw this.authLost(await errorFromResponse(res));
    if (!res.ok) throw await errorFromResponse(res);
    const pair = (await res.json()) as TokenPair;
    if (generation !== this.generation) throw new ApiError(401, 'unauthorized', 'Signed out.');
    await this.setSession(pair);
    return pair.access_token;
  }

  private authLost(err: ApiError): ApiError {
    this.accessToken = null;
    this.memoryRefreshToken = null;
    this.options.onAuthLost?.();
    return err;
  }
}

function withToken(init: RequestInit, token: string): RequestInit {
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${token}`);
  return { ...init, headers };
}
