import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from '@playwright/test';
import { measureSendToScreen, type SendStages } from './latency';

/**
 * The peer of send → screen: two pages exchanging text through a relay that stores nothing
 * (plain SSE down, POST up), so its figure is this machine's network and browser floor.
 * The page renders each message as a `[data-testid="message"]` div, as the app does.
 */
const PAGE = `<!doctype html><meta charset="utf-8"><title>relay</title>
<textarea aria-label="Message"></textarea><div id="log"></div>
<script>
const log = document.getElementById('log');
const source = new EventSource('/events');
source.onopen = () => { document.body.dataset.open = '1'; };
source.onmessage = (e) => {
  const div = document.createElement('div');
  div.dataset.testid = 'message';
  div.textContent = e.data;
  log.append(div);
};
const box = document.querySelector('textarea');
box.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter') return;
  e.preventDefault();
  const text = box.value;
  box.value = '';
  void fetch('/send', { method: 'POST', body: text });
});
</script>`;

export async function startRelay(): Promise<{ url: string; stop(): Promise<void> }> {
  const streams = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    } else if (req.method === 'GET' && req.url === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': open\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
    } else if (req.method === 'POST' && req.url === '/send') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        for (const stream of streams) stream.write(`data: ${body.replace(/\n/g, ' ')}\n\n`);
        res.writeHead(204).end();
      });
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.end();
        server.close(() => resolve());
      }),
  };
}

async function openRelayPage(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  await page.locator('body[data-open="1"]').waitFor();
  return page;
}

/** Send → screen through the bare relay: the same two-page measurement as the app's. */
export async function relaySendToScreen(browser: Browser, count: number, stages?: SendStages): Promise<number[]> {
  const relay = await startRelay();
  const sender = await openRelayPage(browser, relay.url);
  const receiver = await openRelayPage(browser, relay.url);
  try {
    return await measureSendToScreen(sender, receiver, count, stages);
  } finally {
    await sender.context().close();
    await receiver.context().close();
    await relay.stop();
  }
}
