import { COLLECTIONS, type CollectionName } from '../../shared/schemas';
import type { PushRow } from '../../shared/replication';
import { json, type FakeCall } from './fakes';

type Doc = Record<string, unknown> & { id: string; _deleted: boolean };

/**
 * An in-memory sync server speaking SPEC §4 closely enough for client tests: per-collection
 * change feeds with `{seq}` checkpoints, push that stores rows and assigns server_seq to new
 * messages, and an SSE stream the test writes to. `offline` makes every request fail as a
 * network error would.
 */
export function fakeSyncServer() {
  let seq = 0;
  let messageSeq = 0;
  const feeds = Object.fromEntries(
    COLLECTIONS.map((c) => [c, new Map<string, { seq: number; doc: Doc }>()]),
  ) as Record<CollectionName, Map<string, { seq: number; doc: Doc }>>;
  const pushed: { collection: CollectionName; doc: Doc }[] = [];
  const pulls: CollectionName[] = [];
  const streams: ReadableStreamDefaultController<Uint8Array>[] = [];
  const server = { offline: false, pushed, pulls, streams, put, emit, endStreams, fetch, feeds };

  function put(collection: CollectionName, doc: Doc, options: { stream?: boolean } = {}) {
    seq += 1;
    feeds[collection].set(doc.id, { seq, doc });
    if (options.stream)
      emit(`data: ${JSON.stringify({ collection, documents: [doc], checkpoint: { seq } })}\n\n`);
  }

  function emit(text: string) {
    const bytes = new TextEncoder().encode(text);
    for (const controller of streams) controller.enqueue(bytes);
  }

  function endStreams() {
    for (const controller of streams.splice(0)) controller.close();
  }

  function pull(collection: CollectionName, url: URL) {
    pulls.push(collection);
    const raw = url.searchParams.get('checkpoint');
    const since = raw ? (JSON.parse(raw) as { seq: number }).seq : 0;
    const limit = Number(url.searchParams.get('limit') ?? '100');
    const rows = [...feeds[collection].values()]
      .filter((row) => row.seq > since)
      .sort((a, b) => a.seq - b.seq)
      .slice(0, limit);
    const last = rows.at(-1);
    return json(200, { documents: rows.map((row) => row.doc), checkpoint: last ? { seq: last.seq } : null });
  }

  function push(collection: CollectionName, rows: PushRow[]) {
    const conflicts: Doc[] = [];
    for (const row of rows) {
      const doc = { ...(row.newDocumentState as unknown as Doc) };
      pushed.push({ collection, doc: { ...doc } });
      // Like the real server: pushing a stored message again as new (still pending on the client)
      // stores nothing and is answered with the stored state.
      const stored = collection === 'messages' && doc.server_seq === 0 ? feeds.messages.get(doc.id) : undefined;
      if (stored) {
        conflicts.push(stored.doc);
        continue;
      }
      if (collection === 'messages' && doc.server_seq === 0) {
        messageSeq += 1;
        doc.server_seq = messageSeq;
      }
      put(collection, doc, { stream: true });
    }
    return json(200, conflicts);
  }

  async function fetch(input: string, init: RequestInit = {}): Promise<Response> {
    if (server.offline) throw new TypeError('Failed to fetch');
    const url = new URL(input);
    const method = init.method ?? 'GET';
    const call: FakeCall = {
      method,
      path: url.pathname,
      auth: new Headers(init.headers).get('Authorization'),
      body: undefined,
    };
    if (call.path === '/api/auth/refresh')
      return json(200, { access_token: 'access', refresh_token: 'refresh' });
    if (call.path === '/api/sync/stream') {
      let own!: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => {
          own = controller;
          streams.push(controller);
        },
      });
      // Like a real fetch: aborting errors the body the client is reading.
      init.signal?.addEventListener('abort', () => {
        const index = streams.indexOf(own);
        if (index >= 0) streams.splice(index, 1);
        own.error(new DOMException('The operation was aborted.', 'AbortError'));
      });
      return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
    }
    const match = /^\/api\/sync\/(\w+)\/(pull|push)$/.exec(call.path);
    const collection = match?.[1] as CollectionName | undefined;
    if (!match || !collection || !(collection in feeds))
      return json(404, { error: { code: 'not_found', message: call.path } });
    if (match[2] === 'pull') return pull(collection, url);
    return push(collection, JSON.parse(String(init.body)) as PushRow[]);
  }

  return server;
}

export type FakeSyncServer = ReturnType<typeof fakeSyncServer>;
