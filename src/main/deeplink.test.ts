import { describe, expect, it, vi } from 'vitest';
import { parseDeepLink, roomFromArgv } from './deeplink';

const A = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
const B = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c';

describe('parseDeepLink', () => {
  it('accepts DM, job and plain room ids', () => {
    expect(parseDeepLink(`cleanchat://room/dm:${A}:${B}`)).toBe(`dm:${A}:${B}`);
    expect(parseDeepLink(`cleanchat://room/job:${A}`)).toBe(`job:${A}`);
    expect(parseDeepLink(`cleanchat://room/${A}`)).toBe(A);
    expect(parseDeepLink(`cleanchat://room/${A}/`)).toBe(A);
    expect(parseDeepLink(`cleanchat://room/dm%3A${A}%3A${B}`)).toBe(`dm:${A}:${B}`);
  });

  it('refuses DM ids whose users are out of order or equal', () => {
    expect(parseDeepLink(`cleanchat://room/dm:${B}:${A}`)).toBeNull();
    expect(parseDeepLink(`cleanchat://room/dm:${A}:${A}`)).toBeNull();
  });

  it('refuses malformed links', () => {
    const bad = [
      '',
      'cleanchat://',
      'cleanchat://room/',
      'cleanchat://room',
      `cleanchat://rooms/${A}`,
      `cleanchat://room/${A}/extra`,
      `cleanchat://room/${A}?next=https://evil.example`,
      `cleanchat://room/${A}#x`,
      `cleanchat://user:pw@room/${A}`,
      `cleanchat://room:99/${A}`,
      `https://room/${A}`,
      `cleanchat://room/job:not-a-uuid`,
      `cleanchat://room/${A.toUpperCase()}`,
      `cleanchat://room/..%2F..%2Fetc`,
      `cleanchat://room/%E0%A4%A`,
      `cleanchat://room/dm:${A}:${B}:x`,
      `cleanchat://room/${A}${'0'.repeat(400)}`,
    ];
    for (const link of bad) expect(parseDeepLink(link), link).toBeNull();
  });
});

describe('roomFromArgv', () => {
  it('finds the link among Chromium switches', () => {
    expect(roomFromArgv(['/opt/cleanchat/cleanchat', '--no-sandbox', `cleanchat://room/job:${A}`])).toBe(
      `job:${A}`,
    );
  });

  it('ignores and logs malformed links, returning null when none is valid', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(roomFromArgv(['app', 'cleanchat://room/<script>'])).toBeNull();
    expect(warn).toHaveBeenCalledWith('[cleanchat]', 'ignoring malformed deep link');
    expect(roomFromArgv(['app', '--flag'])).toBeNull();
    warn.mockRestore();
  });
});
