import type { Logger } from 'pino';
import type { AccessTokens } from '../auth/tokens';
import type { BlobStore } from '../blobs/blob-store';
import type { Authz } from '../authz';
import type { ServerConfig } from '../config';
import type { ChangeRecorder, Store } from '../db/store';
import type { Limits } from '../limits';
import type { ChangeBus } from '../realtime/bus';
import type { TypingEvent } from '../shared';

/** Everything a domain operation may use. */
export interface Ctx {
  store: Store;
  /** Attachment bytes, by sha-256 (files in DATA_DIR, or PostgreSQL). */
  blobs: BlobStore;
  authz: Authz;
  bus: ChangeBus;
  tokens: AccessTokens;
  config: ServerConfig;
  log: Logger;
  limits: Limits;
  /** Holds a stream open on any instance. */
  isOnline(userId: string): Promise<boolean>;
  /** Closes the streams of a session that ended (logout, reused refresh token). */
  endSession(sessionId: string): void;
  /** Ephemeral typing event to these users' streams. */
  typing(userIds: string[], data: TypingEvent): void;
}

/** Runs a write in one transaction, then fans its changes out to streams. */
export async function commit<T>(ctx: Ctx, fn: (rec: ChangeRecorder) => Promise<T>): Promise<T> {
  const { result, batch } = await ctx.store.write(fn);
  ctx.bus.publish(batch);
  return result;
}
