import type { Client } from '../../testkit/http';
import type { SseReader } from '../../testkit/sse';

// The server tests' HTTP client and server start-up are the shared test kit's (testkit/); what
// follows is only what the server's own tests arrange with.
export * from '../../testkit/docs';
export * from '../../testkit/http';
export * from '../../testkit/server';

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
