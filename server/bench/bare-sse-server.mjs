// The benchmarks' peer: a bare SSE relay that stores nothing. GET opens a stream; a POST's body is
// written as one `data:` event to every open stream, then answered 204. No framework, no
// compression, Nagle off: the floor of "write these bytes to N sockets" on this machine.
import { createServer } from 'node:http';

const streams = new Set();
const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.socket?.setNoDelay(true);
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' });
    res.flushHeaders();
    streams.add(res);
    req.on('close', () => streams.delete(res));
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const event = `data: ${Buffer.concat(chunks).toString()}\n\n`;
    for (const s of streams) s.write(event);
    res.writeHead(204).end();
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => process.exit(0));
