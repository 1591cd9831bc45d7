/**
 * Photo benchmark (`npm run bench`, issue 9): alice sends a ~5 MB JPEG (random noise, so it does
 * not compress away) in the web app in Debian's Chromium, bob watches in a second page, against a
 * local server. Each figure beside a plain `curl` of the same bytes to the same server in the same
 * run (curl pays the same server work: type sniffing, sharp's re-encode, the thumbnail):
 *   chosen → thumbnail on bob's screen   vs curl uploading the file (the floor: the thumbnail is the upload's answer)
 *   thumbnail click → full photo loaded  vs curl downloading the stored photo
 *   upload throughput (MB/s)             vs curl uploading the file
 * curl uploads as bob (the same bytes from alice again would be answered from her first upload).
 * Its token goes in through a config on stdin, never in the URL or the process list.
 * BENCH_PHOTOS (3) photos, each with fresh bytes. Asserts nothing.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { dmRoomId } from '../src/shared/ids';
import { apiFor, type Client } from '../testkit/http';
import { buildApp } from '../scripts/electron-support.mjs';
import { isWebAppBuilt, startWebServer, webDir } from '../e2e/web/support/server';
import { launchChromium, percentile } from './browser';
import { openDm } from './latency';
import { choiceTimes, lastUploadMs, openToFull, probeChoice, probeViewing, thumbAt } from './photo';
import { printTable, type Row } from './table';

const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 3);
const CURL = '/usr/bin/curl';
const MB = 1_000_000;

/** A JPEG of random noise, about 5 MB (a phone's 8 megapixels: 3,456 × 2,304 px at quality 80). */
function noiseJpeg(): Promise<Buffer> {
  const [width, height] = [3456, 2304];
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

interface CurlTiming {
  seconds: number;
  bytes: number;
  status: number;
}

/** One curl transfer; `args` after the common ones, the bearer token fed through `-K -`. */
function curl(token: string, args: string[]): Promise<CurlTiming> {
  return new Promise((resolve, reject) => {
    const child = spawn(CURL, [
      '-sS',
      '-K',
      '-',
      '-o',
      '/dev/null',
      '-w',
      '%{time_total} %{size_upload} %{size_download} %{http_code}',
      ...args,
    ]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const [time, up, down, status] = out.trim().split(' ').map(Number);
      if (code !== 0) return reject(new Error(`curl exited ${code}: ${err.trim()}`));
      resolve({
        seconds: time as number,
        bytes: Math.max(up as number, down as number),
        status: status as number,
      });
    });
    child.stdin.end(`header = "Authorization: Bearer ${token}"\n`);
  });
}

const curlUpload = (who: Client, roomId: string, file: string) =>
  curl(who.token, [
    '-H',
    'Content-Type: image/jpeg',
    '--data-binary',
    `@${file}`,
    `${who.base}/api/chat/rooms/${encodeURIComponent(roomId)}/attachments/?name=curl.jpg`,
  ]);
const curlDownload = (who: Client, id: string) =>
  curl(who.token, [`${who.base}/api/attachments/${encodeURIComponent(id)}`]);

interface Sample {
  size: number;
  toThumb: number;
  sendToThumb: number;
  toFull: number;
  uploadMs: number;
  curlUploadMs: number;
  curlDownloadMs: number;
}

async function main(): Promise<void> {
  if (!isWebAppBuilt()) {
    console.log(`No web build in ${webDir}: building…`);
    if (buildApp() !== 0) throw new Error('the build failed');
  }
  const dir = await mkdtemp(join(tmpdir(), 'cleanchat-photo-bench-'));
  const browser = await launchChromium();
  const server = await startWebServer();
  const samples: Sample[] = [];
  try {
    const api = apiFor(server);
    const alice = await api.login('alice');
    const bob = await api.login('bob');
    const roomId = dmRoomId(alice.id, bob.id);
    const sender = await openDm(browser, server.url, 'alice', roomId);
    const receiver = await openDm(browser, server.url, 'bob', roomId);
    await probeChoice(sender);
    await probeViewing(receiver);
    for (let i = 0; i < PHOTOS; i++) {
      const bytes = await noiseJpeg();
      const file = join(dir, `photo-${i}.jpg`);
      await writeFile(file, bytes);
      const token = `photo-${i}-${Math.random().toString(36).slice(2, 8)}`;
      const caption = `bench [${token}]`;

      await sender
        .getByTestId('attach-input')
        .setInputFiles({ name: `photo-${i}.jpg`, mimeType: 'image/jpeg', buffer: bytes });
      const dialog = sender.getByRole('dialog', { name: 'Send an attachment' });
      await dialog.getByLabel('Caption (optional)').fill(caption);
      await dialog.getByRole('button', { name: 'Send photo' }).click();
      const message = receiver.getByTestId('message').filter({ hasText: token });
      const thumb = message.getByTestId('photo-thumb');
      await thumb.locator('img[src^="data:image/"]').waitFor();
      const shown = await thumbAt(receiver, token);
      const { chosen, sent } = await choiceTimes(sender);

      await thumb.click();
      const lightbox = receiver.getByTestId('lightbox');
      await lightbox.locator('[data-testid="lightbox-image"][src^="blob:"]').waitFor();
      await receiver.locator('[data-testid="lightbox"][data-full="true"]').waitFor();
      const toFull = await openToFull(receiver);
      await receiver.keyboard.press('Escape');
      await lightbox.waitFor({ state: 'hidden' });
      const uploadMs = await lastUploadMs(sender);

      const stored = (await bob.messages(roomId)).find((m) => m.kind === 'image' && m.content === caption);
      const up = await curlUpload(bob, roomId, file);
      const down = stored?.attachment
        ? await curlDownload(bob, stored.attachment.id)
        : { seconds: NaN, status: 0 };
      if (up.status !== 201 || down.status !== 200)
        console.log(`photo ${i}: curl answered ${up.status} (upload), ${down.status} (download)`);
      samples.push({
        size: bytes.length,
        toThumb: shown - chosen,
        sendToThumb: shown - sent,
        toFull,
        uploadMs,
        curlUploadMs: up.seconds * 1000,
        curlDownloadMs: down.seconds * 1000,
      });
    }
    await sender.context().close();
    await receiver.context().close();
  } finally {
    await server.close();
    await browser.close();
    await rm(dir, { recursive: true, force: true });
    printTable(rows(samples));
  }
}

function rows(samples: Sample[]): Row[] {
  const median = (pick: (s: Sample) => number) =>
    percentile(
      samples
        .map(pick)
        .filter(Number.isFinite)
        .sort((a, b) => a - b),
      50,
    );
  const size = median((s) => s.size);
  const label = `${(size / MB).toFixed(1)} MB JPEG, median of ${samples.length}`;
  return [
    {
      figure: `photo chosen → thumbnail on other screen (${label})`,
      value: median((s) => s.toThumb),
      unit: 'ms',
      peer: { name: 'curl upload', value: median((s) => s.curlUploadMs) },
      goal: '≤ 1.5×, ≤ 2 s',
      note: `includes the preview dialog, caption and Send typed by the script; Send → thumbnail ${median((s) => s.sendToThumb).toFixed(1)} ms`,
    },
    {
      figure: 'thumbnail click → full photo loaded',
      value: median((s) => s.toFull),
      unit: 'ms',
      peer: { name: 'curl download', value: median((s) => s.curlDownloadMs) },
      goal: '≤ 500 ms',
    },
    {
      figure: 'upload throughput',
      value: median((s) => s.size / MB / (s.uploadMs / 1000)),
      unit: 'MB/s',
      peer: { name: 'curl', value: median((s) => s.size / MB / (s.curlUploadMs / 1000)) },
      goal: '≥ 0.8× curl',
      note: 'request start → answer, server re-encode included for both',
    },
  ];
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
