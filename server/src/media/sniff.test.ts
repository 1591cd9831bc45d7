import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sniffType } from './sniff';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cleanchat-sniff-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let n = 0;
async function sniff(bytes: Buffer, declared?: string) {
  const path = join(dir, `f${++n}`);
  await writeFile(path, bytes);
  return sniffType(path, declared);
}

/** The EBML header of a WebM file (DocType "webm"), as MediaRecorder in Chromium writes it. */
const WEBM = Buffer.from([
  0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2, 0x81, 0x04, 0x42, 0xf3, 0x81, 0x08,
  0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6d, 0x42, 0x87, 0x81, 0x04, 0x42, 0x85, 0x81, 0x02, ...new Array<number>(64).fill(0),
]);

describe('sniffType: the type from the bytes', () => {
  it('a WebM recording is audio when declared as audio, else the video container it is', async () => {
    expect(await sniff(WEBM, 'audio/webm;codecs=opus')).toBe('audio/webm');
    expect(await sniff(WEBM, 'video/webm')).toBe('video/webm');
    expect(await sniff(WEBM, 'image/jpeg')).toBe('video/webm');
  });

  it('names file-type gives with parameters or aliases as the allow-list spells them', async () => {
    const opus = Buffer.concat([Buffer.from('OggS\0\x02', 'latin1'), Buffer.alloc(22), Buffer.from('OpusHead\x01', 'latin1'), Buffer.alloc(64)]);
    expect(await sniff(opus)).toBe('audio/ogg');
  });

  it('plain text only when it is UTF-8 without control characters; a declared type never decides', async () => {
    expect(await sniff(Buffer.from('Schlüssel unter der Matte\r\n\tLinks'), 'application/pdf')).toBe('text/plain');
    expect(await sniff(Buffer.from('abc\u0000def'))).toBeNull();
    expect(await sniff(Buffer.from([0x61, 0xff, 0xfe, 0x62]))).toBeNull();
    expect(await sniff(Buffer.from('#!/bin/sh\nrm -rf ~\n'), 'text/plain')).toBe('text/plain');
    expect(await sniff(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml')).not.toBe('image/svg+xml');
  });
});
