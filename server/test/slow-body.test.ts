import { connect, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { closeAll, register, startTestServer } from './helpers';

afterAll(closeAll);

interface RawConnection {
  socket: Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves when the server has sent text matching `pattern`. */
  waitFor(pattern: RegExp): Promise<string>;
  /** Resolves when the server closed the connection. */
  closed: Promise<void>;
}

/** A raw TCP client, to send a request head and only part of its body, as a slow client does. */
function open(url: string, head: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      let data = '';
      const waiters: Array<() => void> = [];
      socket.on('data', (chunk) => {
        data += chunk.toString();
        for (const w of waiters.splice(0)) w();
      });
      const closed = new Promise<void>((done) => socket.once('close', () => done()));
      socket.on('error', () => {});
      socket.write(head);
      resolve({
        socket,
        received: () => data,
        closed,
        waitFor(pattern) {
          return new Promise((found) => {
            const check = () => (pattern.test(data) ? found(data) : waiters.push(check));
            check();
          });
        },
      });
    });
    socket.once('error', reject);
  });
}

const pushHead = (host: string, extra = '') =>
  `POST /api/sync/messages/push HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n${extra}\r\n[{"newDoc`;

describe('slow bodies', () => {
  it('a request without a token is refused before its body arrives, and its connection closed', async () => {
    const server = await startTestServer();
    const conn = await open(server.url, pushHead(new URL(server.url).host));
    const answer = await conn.waitFor(/\r\n\r\n/);
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    expect(answer.toLowerCase()).toContain('connection: close');
    await conn.closed;
  });

  it('an authenticated request whose body never finishes is cut at the request timeout (408)', async () => {
    const server = await startTestServer({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const me = await register(server);
    const conn = await open(server.url, pushHead(new URL(server.url).host, `Authorization: Bearer ${me.token}\r\n`));
    await conn.closed;
    expect(conn.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('headers that never finish are cut at the headers timeout', async () => {
    const server = await startTestServer({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const conn = await open(server.url, `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: `);
    await conn.closed;
    expect(conn.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('the stream stays open well past the request timeout', async () => {
    const server = await startTestServer({ headersTimeoutMs: 100, requestTimeoutMs: 200, heartbeatMs: 50 });
    const me = await register(server);
    const stream = await me.stream();
    // Twelve heartbeats take at least 600 ms, three request timeouts.
    for (let i = 0; i < 12; i++) await stream.nextComment();
    expect(stream.ended).toBe(false);
    stream.close();
  });
});
